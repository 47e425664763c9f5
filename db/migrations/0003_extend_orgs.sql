-- The organization record in full (SPEC §3, seed §17): host unit, establishment mode, address and
-- contact, pinyin for search, dissolution reason.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE orgs
  ADD COLUMN host_unit_type text CHECK (host_unit_type IN ('government_organ', 'state_enterprise', 'public_institution',
    'private_enterprise', 'social_organization', 'village', 'community', 'park', 'association', 'cooperative', 'market',
    'residential_area', 'other')),
  ADD COLUMN host_unit_name text CHECK (length(host_unit_name) <= 100),
  ADD COLUMN establishment_mode text CHECK (establishment_mode IN ('single', 'joint', 'attached')),
  -- 联合建: the units one joint organization covers
  ADD COLUMN covered_units text[] NOT NULL DEFAULT '{}' CHECK (cardinality(covered_units) <= 50),
  -- 挂靠建: the organization it is attached to
  ADD COLUMN attached_to_org_id uuid REFERENCES orgs (id),
  ADD COLUMN address text CHECK (length(address) <= 200),
  ADD COLUMN contact_phone text CHECK (length(contact_phone) <= 30),
  ADD COLUMN dissolved_reason text CHECK (length(dissolved_reason) <= 200),
  -- full pinyin and initials of the name, without spaces: 'zhonggongwuhanshiweiyuanhui', 'zgwhswyh'
  ADD COLUMN name_pinyin text NOT NULL DEFAULT '',
  ADD COLUMN name_initials text NOT NULL DEFAULT '',
  ADD CONSTRAINT orgs_joint_covers_units CHECK (establishment_mode IS DISTINCT FROM 'joint' OR cardinality(covered_units) >= 2),
  ADD CONSTRAINT orgs_attached_has_host CHECK (establishment_mode IS DISTINCT FROM 'attached' OR attached_to_org_id IS NOT NULL);

CREATE INDEX orgs_attached_to_org_id_idx ON orgs (attached_to_org_id);
CREATE INDEX orgs_name_trgm ON orgs USING gin (name gin_trgm_ops);
CREATE INDEX orgs_initials_trgm ON orgs USING gin (name_initials gin_trgm_ops);
CREATE INDEX orgs_pinyin_trgm ON orgs USING gin (name_pinyin gin_trgm_ops);
