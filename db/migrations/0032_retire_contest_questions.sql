-- A question taken out of use (停用) with its reason, and put back (恢复). A retired question is never
-- picked for a new quiz nor drawn at random; attempts keep their own copy of it, so past quizzes and
-- their results are unchanged. Each retirement and restoration is in the audit log.

ALTER TABLE contest_questions
  ADD COLUMN retired_at timestamptz,
  ADD COLUMN retired_by uuid REFERENCES users (id),
  ADD COLUMN retire_reason text CHECK (length(retire_reason) BETWEEN 1 AND 200),
  ADD CONSTRAINT contest_questions_retire_reason CHECK ((retired_at IS NULL) = (retire_reason IS NULL));

CREATE INDEX contest_questions_retired_by_idx ON contest_questions (retired_by);
-- random draws and pool counts read the questions in use with a tag
CREATE INDEX contest_questions_tags_in_use_idx ON contest_questions USING gin (tags) WHERE retired_at IS NULL;
