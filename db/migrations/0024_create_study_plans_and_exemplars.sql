-- Study plans, training plans and study exemplars (seed §6–7; SPEC §4 study row).

-- An org's yearly study plan, or a member's personal one ("结合岗位需要，制定学习计划").
CREATE TABLE study_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  -- null: the org's plan; otherwise the member's own
  person_id uuid REFERENCES people (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  content text NOT NULL CHECK (length(content) BETWEEN 1 AND 10000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- one org plan and one personal plan per person a year
CREATE UNIQUE INDEX study_plans_org_year_key ON study_plans (org_id, year) WHERE person_id IS NULL;
CREATE UNIQUE INDEX study_plans_person_year_key ON study_plans (person_id, year) WHERE person_id IS NOT NULL;
CREATE INDEX study_plans_created_by_idx ON study_plans (created_by);
CREATE TRIGGER study_plans_updated_at BEFORE UPDATE ON study_plans FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Training plans by field and level ("根据不同领域、不同行业、不同岗位党员的实际情况，制定党员干部学习教育培训规划，分级抓好落实").
CREATE TABLE training_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  field text NOT NULL CHECK (field IN ('theory', 'policy', 'market_economy', 'law', 'science_culture', 'job_skills',
    'party_affairs', 'integrity')),
  level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'grassroots')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  audience text NOT NULL CHECK (length(audience) BETWEEN 1 AND 200),
  planned_sessions integer NOT NULL CHECK (planned_sessions BETWEEN 1 AND 1000),
  planned_hours numeric(6, 1) NOT NULL CHECK (planned_hours > 0 AND planned_hours <= 10000),
  planned_trainees integer NOT NULL CHECK (planned_trainees BETWEEN 1 AND 10000000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_plans_org_idx ON training_plans (org_id, year);
CREATE INDEX training_plans_created_by_idx ON training_plans (created_by);
CREATE TRIGGER training_plans_updated_at BEFORE UPDATE ON training_plans FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- 学习标兵: nominated by an org, approved (or not) by an org above it, then published.
CREATE TABLE study_exemplars (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  person_id uuid NOT NULL REFERENCES people (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  deeds text NOT NULL CHECK (length(deeds) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'approved', 'rejected', 'published')),
  nominated_by uuid REFERENCES users (id),
  nominated_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) BETWEEN 1 AND 200),
  published_at timestamptz,
  CONSTRAINT study_exemplars_decided CHECK ((status = 'nominated') = (decided_at IS NULL)),
  CONSTRAINT study_exemplars_published CHECK ((status = 'published') = (published_at IS NOT NULL)),
  CONSTRAINT study_exemplars_rejection_note CHECK (status <> 'rejected' OR decision_note IS NOT NULL)
);
-- a person is nominated at most once a year (a rejected nomination stays on record)
CREATE UNIQUE INDEX study_exemplars_person_year_key ON study_exemplars (person_id, year) WHERE status <> 'rejected';
CREATE INDEX study_exemplars_org_idx ON study_exemplars (org_id, year);
CREATE INDEX study_exemplars_nominated_by_idx ON study_exemplars (nominated_by);
CREATE INDEX study_exemplars_decided_by_idx ON study_exemplars (decided_by);

GRANT SELECT, INSERT, UPDATE ON study_plans, training_plans, study_exemplars TO xianfeng_app;
