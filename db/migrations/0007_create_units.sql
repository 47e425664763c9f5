-- Legal units of the new economic and social organizations (seed §17), with or without a party
-- organization of their own, so that coverage can be computed for any subtree.

CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  credit_code text CHECK (credit_code ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
  unit_type text NOT NULL CHECK (unit_type IN ('private_enterprise', 'social_organization')),
  -- the territorial organization whose area the unit lies in: it decides who sees the unit
  located_org_id uuid NOT NULL REFERENCES orgs (id),
  -- the party organization that covers it (its own, a joint one, or the one it is attached to)
  covering_org_id uuid REFERENCES orgs (id),
  employee_count integer NOT NULL DEFAULT 0 CHECK (employee_count BETWEEN 0 AND 1000000),
  has_instructor boolean NOT NULL DEFAULT false,
  instructor_name text CHECK (length(instructor_name) <= 50),
  address text CHECK (length(address) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (has_instructor OR instructor_name IS NULL)
);
CREATE UNIQUE INDEX units_credit_code_key ON units (credit_code);
CREATE INDEX units_located_org_id_idx ON units (located_org_id);
CREATE INDEX units_covering_org_id_idx ON units (covering_org_id);
CREATE INDEX units_name_trgm ON units USING gin (name gin_trgm_ops);
CREATE TRIGGER units_updated_at BEFORE UPDATE ON units FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE ON units TO xianfeng_app;
