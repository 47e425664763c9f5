-- 公示 of a candidate before the admission vote, and of a probationary member before the
-- conversion vote (seed §21 公示制): published on the public portal for a number of working days
-- with the org's contact for objections. Objections are recorded and must be resolved before the vote.

CREATE TABLE development_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES development_cases (id),
  kind text NOT NULL CHECK (kind IN ('admission', 'conversion')),
  round smallint NOT NULL DEFAULT 1 CHECK (round BETWEEN 1 AND 2),
  org_id uuid NOT NULL REFERENCES orgs (id),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  working_days smallint NOT NULL CHECK (working_days BETWEEN 1 AND 30),
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 200),
  -- what the portal shows, fixed at publication: name, gender, birth month, education, unit, dates
  content jsonb NOT NULL,
  published_by uuid REFERENCES users (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT development_notices_period CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX development_notices_key ON development_notices (case_id, kind, round);
CREATE INDEX development_notices_org_idx ON development_notices (org_id);
CREATE INDEX development_notices_published_by_idx ON development_notices (published_by);
-- the public portal: notices in force on a day
CREATE INDEX development_notices_period_idx ON development_notices (ends_on, starts_on);

CREATE TABLE development_objections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notice_id uuid NOT NULL REFERENCES development_notices (id),
  received_on date NOT NULL,
  content text NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
  -- how the objector can be reached, if they said
  source text CHECK (length(source) BETWEEN 1 AND 200),
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  resolved_on date,
  resolution text CHECK (length(resolution) BETWEEN 1 AND 2000),
  resolved_by uuid REFERENCES users (id),
  CONSTRAINT development_objections_resolved CHECK ((resolved_on IS NULL) = (resolution IS NULL)),
  CONSTRAINT development_objections_order CHECK (resolved_on >= received_on)
);
CREATE INDEX development_objections_notice_idx ON development_objections (notice_id);
CREATE INDEX development_objections_recorded_by_idx ON development_objections (recorded_by);
CREATE INDEX development_objections_resolved_by_idx ON development_objections (resolved_by);

GRANT SELECT, INSERT ON development_notices TO xianfeng_app;
GRANT SELECT, INSERT, UPDATE ON development_objections TO xianfeng_app;
