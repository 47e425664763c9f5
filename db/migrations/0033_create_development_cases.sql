-- Member development (发展党员, seed §21; RULES.md §b1): one case per person, on the person's member
-- record, and the dated record of each of the 25 steps. The order and timing rules live in the
-- service (development.steps.ts); the database holds what they need to be race-free.

CREATE TABLE development_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- one case per person, for life: the same record the member registry keeps
  person_id uuid NOT NULL REFERENCES members (person_id),
  -- 'open' while steps remain; 'completed' once archived as a full member; 'ended' when cancelled or closed
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'ended')),
  -- the stage (1–5) and step (1–25) that come next, and the earliest deadline pending: kept by the
  -- service at every write so that lists, to-dos and the dashboard filter in SQL
  stage smallint NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 5),
  next_step smallint CHECK (next_step BETWEEN 1 AND 25),
  due_by date,
  -- quota categories of the yearly plan (一线, 高知识群体, 青年, 新的社会阶层)
  categories text[] NOT NULL DEFAULT '{}'
    CHECK (categories <@ ARRAY['frontline', 'high_knowledge', 'youth', 'new_social_stratum']),
  admitted_on date,        -- 支部大会通过之日: the probation starts
  probation_ends_on date,  -- one year on, or later when extended
  full_on date,            -- 转为正式党员: party age starts
  ended_on date,
  end_reason text CHECK (length(end_reason) BETWEEN 1 AND 200),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT development_cases_ended CHECK ((status = 'ended') = (ended_on IS NOT NULL)),
  CONSTRAINT development_cases_next CHECK ((status = 'open') = (next_step IS NOT NULL))
);
CREATE UNIQUE INDEX development_cases_person_key ON development_cases (person_id);
CREATE INDEX development_cases_created_by_idx ON development_cases (created_by);
CREATE INDEX development_cases_open_idx ON development_cases (next_step, due_by) WHERE status = 'open';
CREATE TRIGGER development_cases_updated_at BEFORE UPDATE ON development_cases FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One dated record per step. Periodic steps (6, 21) and repeated votes (15 after a failed vote, 23)
-- take the next `seq`; the conversion steps of a second round after an extension take `round` 2.
CREATE TABLE development_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES development_cases (id),
  step smallint NOT NULL CHECK (step BETWEEN 1 AND 25),
  round smallint NOT NULL DEFAULT 1 CHECK (round BETWEEN 1 AND 2),
  seq smallint NOT NULL DEFAULT 1 CHECK (seq BETWEEN 1 AND 100),
  done_on date NOT NULL,
  -- the org that did it (the branch, or the superior committee) at the time
  org_id uuid NOT NULL REFERENCES orgs (id),
  -- who did it in person (谈话人, 经办人) as written; the account that recorded it
  actor_name text CHECK (length(actor_name) BETWEEN 1 AND 50),
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  documents text[] NOT NULL DEFAULT '{}' CHECK (cardinality(documents) <= 20),
  -- confirmations the step requires (听取意见, 介绍人未受留党察看处分…)
  checks text[] NOT NULL DEFAULT '{}',
  -- the step's own facts: contacts, sponsors, training, the vote and its arithmetic, the proposal…
  details jsonb NOT NULL DEFAULT '{}',
  -- passed / failed (votes, political review); convert / extend / cancel (conversion)
  outcome text CHECK (outcome IN ('passed', 'failed', 'convert', 'extend', 'cancel')),
  late_reason text CHECK (length(late_reason) BETWEEN 1 AND 200),
  warnings text[] NOT NULL DEFAULT '{}',
  note text CHECK (length(note) BETWEEN 1 AND 500)
);
-- Two officers recording the same step at once: one row wins, the other is refused.
CREATE UNIQUE INDEX development_steps_key ON development_steps (case_id, step, round, seq);
CREATE INDEX development_steps_org_idx ON development_steps (org_id);
CREATE INDEX development_steps_recorded_by_idx ON development_steps (recorded_by);
-- the yearly plan's progress: admissions (step 17) by year
CREATE INDEX development_steps_step_done_idx ON development_steps (step, done_on);

GRANT SELECT, INSERT, UPDATE ON development_cases TO xianfeng_app;
GRANT SELECT, INSERT ON development_steps TO xianfeng_app;
