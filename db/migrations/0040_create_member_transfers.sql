-- Membership transfers (组织关系转接, seed §23; RULES.md §b4) and the outflow record that says a member
-- is away (外出), which the transfer rule reads and the mobile-member registration extends.
--
-- Both tables carry the prefecture-level ancestor of the org they belong to (docs/decisions/0001):
-- the key a distributed deployment shards them by. Their primary and unique keys lead with it.

-- The prefecture-level ancestor of an org path: depth 2 in the Hubei tree (the province is the root);
-- nodes above that level are their own key. Written with OR REPLACE: any migration creating a
-- distributed table may be the first to need it, and they all define it the same.
CREATE OR REPLACE FUNCTION prefecture_key(p ltree) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT subpath(p, least(nlevel(p), 2) - 1, 1)::text::uuid
$$;

-- One transfer of one person's membership relation, from the org that holds it. The origin keeps
-- responsibility (the member stays on its roll) until the destination receives; then the member's
-- org changes through the member registry, in the same transaction as the receipt.
CREATE TABLE member_transfers (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- the origin's prefecture: the letter is the origin's record
  prefecture_org_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES members (person_id),
  from_org_id uuid NOT NULL REFERENCES orgs (id),
  -- 'internal': to an org of the platform, which receives or returns it here;
  -- 'external': to an org outside the platform: the letter is printed and its receipt (回执) recorded by hand
  kind text NOT NULL CHECK (kind IN ('internal', 'external')),
  -- internal: the destination org and its prefecture (no foreign key: it may lie in another
  -- prefecture's shard; orgs are never deleted)
  to_org_id uuid,
  to_prefecture_org_id uuid,
  -- external: the destination as written on the letter
  to_org_name text CHECK (length(to_org_name) BETWEEN 1 AND 100),
  -- 介绍信编号: unique per prefecture and year, assigned by the service
  letter_no text NOT NULL CHECK (length(letter_no) BETWEEN 1 AND 50),
  reason text NOT NULL CHECK (reason IN ('work_change', 'residence_change', 'away_fixed_place', 'graduation', 'other')),
  reason_note text CHECK (length(reason_note) BETWEEN 1 AND 200),
  issued_on date NOT NULL,
  -- the last day the letter is valid: issued_on + validity_months, the parameter in force at issue
  valid_until date NOT NULL,
  validity_months smallint NOT NULL CHECK (validity_months BETWEEN 1 AND 12),
  -- the org whose override set the validity; null: the registry's default
  validity_from_org_id uuid,
  -- what the letter states about the member, fixed when it is issued (姓名、性别、民族、出生日期、
  -- 身份证号 masked, 党员类别、入党和转正日期…): the letter prints the same after the member has moved
  letter jsonb NOT NULL CHECK (jsonb_typeof(letter) = 'object'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'received', 'returned', 'cancelled')),
  -- the answer: received (接收, or 回执 recorded for an external one), returned with a reason code, or
  -- cancelled by the origin
  answered_on date,
  answered_by uuid,
  return_code text CHECK (return_code IN ('incomplete_record', 'wrong_destination', 'not_reported', 'letter_expired', 'other')),
  answer_note text CHECK (length(answer_note) BETWEEN 1 AND 200),
  -- external: the receipt's number or the receiving org's reference as written on it
  receipt_no text CHECK (length(receipt_no) BETWEEN 1 AND 100),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (prefecture_org_id, id),
  CONSTRAINT member_transfers_destination CHECK (
    (kind = 'internal' AND to_org_id IS NOT NULL AND to_prefecture_org_id IS NOT NULL AND to_org_name IS NULL)
    OR (kind = 'external' AND to_org_id IS NULL AND to_prefecture_org_id IS NULL AND to_org_name IS NOT NULL)),
  CONSTRAINT member_transfers_validity CHECK (valid_until > issued_on),
  CONSTRAINT member_transfers_answer CHECK ((status = 'pending') = (answered_on IS NULL)),
  CONSTRAINT member_transfers_return CHECK ((status = 'returned') = (return_code IS NOT NULL)),
  CONSTRAINT member_transfers_other_reason CHECK (reason <> 'other' OR reason_note IS NOT NULL),
  CONSTRAINT member_transfers_receipt CHECK (receipt_no IS NULL OR (kind = 'external' AND status = 'received'))
);
CREATE UNIQUE INDEX member_transfers_id_key ON member_transfers (id);
CREATE UNIQUE INDEX member_transfers_letter_key ON member_transfers (prefecture_org_id, letter_no);
-- one open transfer per person at a time: the origin cannot send the same member twice
CREATE UNIQUE INDEX member_transfers_open_key ON member_transfers (prefecture_org_id, person_id) WHERE status = 'pending';
CREATE INDEX member_transfers_person_idx ON member_transfers (person_id);
CREATE INDEX member_transfers_from_idx ON member_transfers (from_org_id, status);
CREATE INDEX member_transfers_to_idx ON member_transfers (to_org_id, status) WHERE to_org_id IS NOT NULL;
CREATE INDEX member_transfers_pending_idx ON member_transfers (valid_until) WHERE status = 'pending';
CREATE INDEX member_transfers_created_by_idx ON member_transfers (created_by);
CREATE INDEX member_transfers_answered_by_idx ON member_transfers (answered_by);
CREATE TRIGGER member_transfers_updated_at BEFORE UPDATE ON member_transfers FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A member's time away from their home org (外出): where, since when, whether at a fixed place, and
-- the day they came back. The transfer rule (外出 6 个月以上且地点相对固定 → 应转移组织关系) reads it;
-- the mobile-member outflow registration (流出登记) is this same row, extended with its own columns
-- (destination province/city/unit, contact, reason, expected duration, certificate).
CREATE TABLE member_outflows (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  prefecture_org_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES members (person_id),
  -- the home org (流出地党组织) when the outflow was registered
  org_id uuid NOT NULL REFERENCES orgs (id),
  destination text NOT NULL CHECK (length(destination) BETWEEN 1 AND 200),
  is_fixed_place boolean NOT NULL,
  started_on date NOT NULL,
  -- the day they came back (返回); null while away
  ended_on date,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (prefecture_org_id, id),
  CONSTRAINT member_outflows_range CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE UNIQUE INDEX member_outflows_id_key ON member_outflows (id);
-- one open outflow per person
CREATE UNIQUE INDEX member_outflows_open_key ON member_outflows (prefecture_org_id, person_id) WHERE ended_on IS NULL;
CREATE INDEX member_outflows_person_idx ON member_outflows (person_id);
CREATE INDEX member_outflows_org_idx ON member_outflows (org_id) WHERE ended_on IS NULL;
CREATE INDEX member_outflows_created_by_idx ON member_outflows (created_by);
CREATE TRIGGER member_outflows_updated_at BEFORE UPDATE ON member_outflows FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE ON member_transfers, member_outflows TO xianfeng_app;
