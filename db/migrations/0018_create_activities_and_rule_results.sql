-- Organizational life and study records (seed §5–7; RULES.md §b2, §b7), and the stored results of
-- the rules registry evaluated over them.

-- One record per meeting or study event. A record may be of several kinds at once: a 主题党日 held
-- as the month's 学习日 is entered once and counts for both rules.
CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  kinds text[] NOT NULL CHECK (cardinality(kinds) BETWEEN 1 AND 6 AND kinds <@ ARRAY['general_meeting',
    'committee_meeting', 'cell_meeting', 'party_lecture', 'theme_day', 'org_life_meeting', 'member_review', 'study_day',
    'central_group', 'seminar', 'report_meeting', 'training', 'reading']),
  held_on date NOT NULL CHECK (held_on >= '1921-07-01'),
  -- study hours credited to each member present; null when the event is not study time
  hours numeric(4, 1) CHECK (hours > 0 AND hours <= 24),
  topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  -- the lecturer or reporter: a person on the register, or a name for a guest
  speaker_person_id uuid REFERENCES people (id),
  speaker_name text CHECK (length(speaker_name) BETWEEN 1 AND 50),
  location text CHECK (length(location) BETWEEN 1 AND 100),
  minutes text CHECK (length(minutes) BETWEEN 1 AND 20000),
  -- a record entered by mistake is voided with a reason, never deleted; it no longer counts
  voided_at timestamptz,
  void_reason text CHECK (length(void_reason) BETWEEN 1 AND 200),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT activities_void_reason CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX activities_org_held_idx ON activities (org_id, held_on) WHERE voided_at IS NULL;
CREATE INDEX activities_speaker_idx ON activities (speaker_person_id, held_on) WHERE speaker_person_id IS NOT NULL;
CREATE INDEX activities_created_by_idx ON activities (created_by);
CREATE TRIGGER activities_updated_at BEFORE UPDATE ON activities FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Who was there. Present and online attendance earn the activity's study hours.
CREATE TABLE activity_attendance (
  activity_id uuid NOT NULL REFERENCES activities (id),
  person_id uuid NOT NULL REFERENCES people (id),
  presence text NOT NULL CHECK (presence IN ('present', 'online', 'absent')),
  absence_reason text CHECK (length(absence_reason) BETWEEN 1 AND 100),
  PRIMARY KEY (activity_id, person_id),
  CONSTRAINT activity_attendance_reason CHECK ((presence = 'absent') = (absence_reason IS NOT NULL))
);
CREATE INDEX activity_attendance_person_idx ON activity_attendance (person_id, activity_id);

-- A subtree's own value of a rule's parameters (a city may ask for more), in force from a date
-- until it is replaced or withdrawn.
CREATE TABLE rule_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id text NOT NULL CHECK (rule_id ~ '^[a-z_]+\.[a-z0-9_]+$'),
  org_id uuid NOT NULL REFERENCES orgs (id),
  params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  effective_from date NOT NULL,
  -- the first day it is no longer in force
  ended_on date,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rule_overrides_range CHECK (ended_on IS NULL OR ended_on > effective_from)
);
CREATE UNIQUE INDEX rule_overrides_current_key ON rule_overrides (rule_id, org_id) WHERE ended_on IS NULL;
CREATE INDEX rule_overrides_org_idx ON rule_overrides (org_id);
CREATE INDEX rule_overrides_created_by_idx ON rule_overrides (created_by);

-- One row per rule, period and org the rule applies to; an org the rule does not apply to has no
-- row. Whether an unmet row is "at risk" or "missed" depends only on whether its period has ended,
-- so it is decided when read. No foreign key to orgs: a subtree move must not wait on these rows.
CREATE TABLE rule_results (
  rule_id text NOT NULL,
  period_start date NOT NULL,
  org_id uuid NOT NULL,
  is_met boolean NOT NULL,
  actual numeric NOT NULL,
  required numeric NOT NULL,
  -- the records that count (activities), at most a page of them
  evidence uuid[] NOT NULL DEFAULT '{}',
  -- the org whose override set the parameters; null when the registry's default applies
  params_from uuid,
  params jsonb NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (rule_id, period_start, org_id)
);
CREATE INDEX rule_results_org_idx ON rule_results (org_id, period_start);

-- For every org, how many orgs of its subtree (itself included) a rule applies to and how many of
-- them meet it, per period: a province's figure is one row.
CREATE TABLE rule_rollup (
  rule_id text NOT NULL,
  period_start date NOT NULL,
  org_id uuid NOT NULL,
  applicable integer NOT NULL,
  met integer NOT NULL,
  PRIMARY KEY (rule_id, period_start, org_id)
);

-- Orgs whose evidence changed on a day, waiting for the rules to be evaluated again.
CREATE TABLE rule_dirty (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL,
  day date NOT NULL
);

-- When each rule and period was last evaluated for the whole tree.
CREATE TABLE rule_periods (
  rule_id text NOT NULL,
  period_start date NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (rule_id, period_start)
);

GRANT SELECT, INSERT, UPDATE ON activities, activity_attendance TO xianfeng_app;
GRANT DELETE ON activity_attendance TO xianfeng_app;
GRANT SELECT, INSERT, UPDATE ON rule_overrides TO xianfeng_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rule_results, rule_rollup, rule_dirty, rule_periods TO xianfeng_app;
