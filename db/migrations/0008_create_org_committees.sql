-- The elected leadership of an org (SPEC §3 "secretary and committee members with posts and term
-- start/end"): its terms (届) and, per term, who held which post from when to when. Nothing is
-- deleted: a term ends when the next one is elected, a post ends on the day it is given up.

CREATE TABLE org_committee_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  -- 第几届
  term_number integer NOT NULL CHECK (term_number BETWEEN 1 AND 999),
  -- 'committee': a committee is elected (支部委员会、总支委员会、党委); 'secretary_only': a branch
  -- of fewer than 7 full members elects only a secretary and, if needed, one deputy
  structure text NOT NULL CHECK (structure IN ('committee', 'secretary_only')),
  elected_on date NOT NULL CHECK (elected_on >= '1921-07-01'),
  -- the term length in years; the default follows the org (committee-rules.ts), another length needs a reason
  term_years smallint NOT NULL CHECK (term_years BETWEEN 1 AND 6),
  term_years_reason text CHECK (length(term_years_reason) BETWEEN 1 AND 200),
  -- 任期届满日: 29 February falls on the 28th in a common year
  term_ends_on date GENERATED ALWAYS AS ((elected_on + make_interval(years => term_years::integer))::date) STORED,
  -- set when the next term is elected, or when the term ends without one
  ended_on date,
  end_reason text CHECK (length(end_reason) BETWEEN 1 AND 200),
  note text CHECK (length(note) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT org_committee_terms_ended_after_elected CHECK (ended_on >= elected_on),
  CONSTRAINT org_committee_terms_reason_only_when_ended CHECK (ended_on IS NOT NULL OR end_reason IS NULL)
);
CREATE UNIQUE INDEX org_committee_terms_number_key ON org_committee_terms (org_id, term_number);
-- at most one current term per org; also the index on the foreign key
CREATE UNIQUE INDEX org_committee_terms_current_key ON org_committee_terms (org_id) WHERE ended_on IS NULL;
CREATE INDEX org_committee_terms_org_idx ON org_committee_terms (org_id, elected_on);
CREATE TRIGGER org_committee_terms_updated_at BEFORE UPDATE ON org_committee_terms
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A post held in a term by a registered member of the platform.
CREATE TABLE org_committee_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  term_id uuid NOT NULL REFERENCES org_committee_terms (id),
  person_id uuid NOT NULL REFERENCES people (id),
  post text NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'organization', 'publicity', 'discipline',
    'youth', 'member')),
  started_on date NOT NULL,
  ended_on date,
  end_reason text CHECK (length(end_reason) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT org_committee_members_ended_after_started CHECK (ended_on >= started_on),
  CONSTRAINT org_committee_members_reason_only_when_ended CHECK (ended_on IS NOT NULL OR end_reason IS NULL)
);
CREATE INDEX org_committee_members_term_idx ON org_committee_members (term_id);
CREATE INDEX org_committee_members_person_idx ON org_committee_members (person_id);
-- one secretary at a time, and one current post per person in a term
CREATE UNIQUE INDEX org_committee_members_secretary_key ON org_committee_members (term_id)
  WHERE post = 'secretary' AND ended_on IS NULL;
CREATE UNIQUE INDEX org_committee_members_person_key ON org_committee_members (term_id, person_id)
  WHERE ended_on IS NULL;
CREATE TRIGGER org_committee_members_updated_at BEFORE UPDATE ON org_committee_members
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Ending is an UPDATE of ended_on; nothing is ever deleted.
GRANT SELECT, INSERT, UPDATE ON org_committee_terms, org_committee_members TO xianfeng_app;
