-- Knowledge contests (知识竞赛, seed §6; SPEC §4 study row): a question bank owned by orgs, timed
-- quizzes for an org's subtree, and attempts scored on submission. Scores and rankings are shown
-- only; no rule or assessment reads these tables.

CREATE TABLE contest_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  type text NOT NULL CHECK (type IN ('single', 'multiple', 'true_false')),
  stem text NOT NULL CHECK (length(stem) BETWEEN 1 AND 1000),
  -- option texts in order (A, B, C…); a true-false question has 正确 / 错误
  options text[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 8),
  -- indexes into options (0 = A), ascending
  answer smallint[] NOT NULL CHECK (cardinality(answer) >= 1),
  explanation text CHECK (length(explanation) <= 1000),
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contest_questions_answer_count CHECK (
    CASE type WHEN 'multiple' THEN cardinality(answer) >= 2 ELSE cardinality(answer) = 1 END),
  CONSTRAINT contest_questions_true_false CHECK (type <> 'true_false' OR cardinality(options) = 2)
);
CREATE INDEX contest_questions_org_idx ON contest_questions (org_id);
CREATE INDEX contest_questions_tags_idx ON contest_questions USING gin (tags);
CREATE INDEX contest_questions_created_by_idx ON contest_questions (created_by);
CREATE TRIGGER contest_questions_updated_at BEFORE UPDATE ON contest_questions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A quiz for the members of its org's subtree.
CREATE TABLE contest_quizzes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 2000),
  -- fixed: the listed questions, in order; random: question_count drawn per attempt from the tag
  selection text NOT NULL CHECK (selection IN ('fixed', 'random')),
  question_ids uuid[] NOT NULL DEFAULT '{}',
  tag text CHECK (length(tag) BETWEEN 1 AND 30),
  question_count smallint NOT NULL CHECK (question_count BETWEEN 1 AND 200),
  time_limit_minutes smallint NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 600),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  attempts_allowed smallint NOT NULL CHECK (attempts_allowed BETWEEN 1 AND 20),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  published_at timestamptz,
  closed_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contest_quizzes_window CHECK (closes_at > opens_at),
  CONSTRAINT contest_quizzes_selection CHECK (CASE selection
    WHEN 'fixed' THEN cardinality(question_ids) = question_count AND tag IS NULL
    ELSE tag IS NOT NULL AND cardinality(question_ids) = 0 END),
  CONSTRAINT contest_quizzes_published CHECK ((status = 'draft') = (published_at IS NULL)),
  CONSTRAINT contest_quizzes_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX contest_quizzes_org_idx ON contest_quizzes (org_id);
CREATE INDEX contest_quizzes_created_by_idx ON contest_quizzes (created_by);
CREATE TRIGGER contest_quizzes_updated_at BEFORE UPDATE ON contest_quizzes FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One attempt of a person at a quiz. The questions are copied at the start (with their answers),
-- so editing the bank later changes no result; the deadline is the server's clock.
CREATE TABLE contest_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  quiz_id uuid NOT NULL REFERENCES contest_quizzes (id),
  person_id uuid NOT NULL REFERENCES people (id),
  -- the person's org when the attempt started, for results by org
  org_id uuid NOT NULL REFERENCES orgs (id),
  user_id uuid REFERENCES users (id),
  attempt_no smallint NOT NULL CHECK (attempt_no >= 1),
  questions jsonb NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  deadline timestamptz NOT NULL,
  submitted_at timestamptz,
  answers jsonb,
  correct_count smallint,
  question_count smallint NOT NULL CHECK (question_count >= 1),
  -- 0–100: the share of questions answered right
  score smallint CHECK (score BETWEEN 0 AND 100),
  CONSTRAINT contest_attempts_deadline CHECK (deadline > started_at),
  CONSTRAINT contest_attempts_submitted CHECK ((submitted_at IS NULL) = (score IS NULL)
    AND (submitted_at IS NULL) = (answers IS NULL) AND (submitted_at IS NULL) = (correct_count IS NULL)),
  CONSTRAINT contest_attempts_no_key UNIQUE (quiz_id, person_id, attempt_no)
);
CREATE INDEX contest_attempts_person_idx ON contest_attempts (person_id);
CREATE INDEX contest_attempts_org_idx ON contest_attempts (org_id);
CREATE INDEX contest_attempts_user_idx ON contest_attempts (user_id);

GRANT SELECT, INSERT, UPDATE ON contest_questions, contest_quizzes, contest_attempts TO xianfeng_app;
