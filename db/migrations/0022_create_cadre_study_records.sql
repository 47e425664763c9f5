-- Leading cadres' study records (seed §7; SPEC §4 study row): study reflections and theory
-- articles they write, and the yearly 述学 report with its 评学 and 考学 results, kept for the
-- annual review. Lectures they give are activities (kind 党课 or 报告会) with them as the speaker.

CREATE TABLE cadre_writings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  -- the org of the writer's member record when it was entered: whose scope the record is in
  org_id uuid NOT NULL REFERENCES orgs (id),
  kind text NOT NULL CHECK (kind IN ('reflection', 'article')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  written_on date NOT NULL CHECK (written_on >= '1921-07-01'),
  -- where it was published (a journal, a paper, an internal bulletin); null when not published
  published_in text CHECK (length(published_in) BETWEEN 1 AND 100),
  voided_at timestamptz,
  void_reason text CHECK (length(void_reason) BETWEEN 1 AND 200),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cadre_writings_void_reason CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX cadre_writings_person_idx ON cadre_writings (person_id, written_on) WHERE voided_at IS NULL;
CREATE INDEX cadre_writings_org_idx ON cadre_writings (org_id, written_on);
CREATE INDEX cadre_writings_created_by_idx ON cadre_writings (created_by);

CREATE TABLE study_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  org_id uuid NOT NULL REFERENCES orgs (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- 述学: what the cadre reports of a year's study
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
  reported_on date NOT NULL,
  -- 评学: the assessment of the report; 考学: the score of the test, out of 100
  review_result text CHECK (review_result IN ('excellent', 'good', 'pass', 'fail')),
  exam_score numeric(4, 1) CHECK (exam_score BETWEEN 0 AND 100),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT study_reports_one_a_year UNIQUE (person_id, year)
);
CREATE INDEX study_reports_org_idx ON study_reports (org_id, year);
CREATE INDEX study_reports_created_by_idx ON study_reports (created_by);
CREATE TRIGGER study_reports_updated_at BEFORE UPDATE ON study_reports FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE ON cadre_writings, study_reports TO xianfeng_app;
