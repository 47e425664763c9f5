-- People and their party membership (SPEC §3 "People and members"): one person record for life,
-- the member relation with its stage dates, and the history of every status and org change.
-- Nothing here is ever deleted: leaving is a status with a reason code, a date and a document.

-- Every 1- and 2-character substring of a name. A GIN index on it serves name search by one or two
-- characters, which pg_trgm cannot (it needs three); longer fragments use the trigram index.
CREATE FUNCTION people_name_grams(full_name text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}')
  FROM (
    SELECT substr(full_name, i, 1) AS g FROM generate_series(1, length(full_name)) AS i
    UNION ALL
    SELECT substr(full_name, i, 2) FROM generate_series(1, length(full_name) - 1) AS i
  ) grams
$$;

-- Whether the non-null dates among the arguments are in non-decreasing order.
CREATE FUNCTION dates_in_order(VARIADIC dates date[]) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(bool_and(d <= next_d), true)
  FROM (
    SELECT d, lead(d) OVER (ORDER BY i) AS next_d
    FROM unnest(dates) WITH ORDINALITY AS u (d, i)
    WHERE d IS NOT NULL
  ) pairs
$$;

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  -- full pinyin and initials, surname read as a surname: 曾小明 → 'zengxiaoming', 'zxm'
  name_pinyin text NOT NULL DEFAULT '',
  name_initials text NOT NULL DEFAULT '',
  name_grams text[] GENERATED ALWAYS AS (people_name_grams(name)) STORED,
  -- GB/T 2261.1: 1 男, 2 女
  gender text NOT NULL CHECK (gender IN ('1', '2')),
  -- GB/T 3304
  ethnicity text NOT NULL CHECK (ethnicity ~ '^[0-9]{2}$'),
  birth_date date NOT NULL CHECK (birth_date >= '1900-01-01'),
  -- AES-256-GCM blobs (platform/crypto/pii.ts) and keyed lookup hashes of the normalized values.
  -- No column holds an ID number or a phone number in clear.
  id_number_enc bytea,
  id_number_hash bytea CHECK (octet_length(id_number_hash) = 32),
  phone_enc bytea,
  phone_hash bytea CHECK (octet_length(phone_hash) = 32),
  -- GB/T 4658
  education text CHECK (education ~ '^[0-9]{2}$'),
  occupation text CHECK (length(occupation) BETWEEN 1 AND 50),
  work_unit text CHECK (length(work_unit) BETWEEN 1 AND 100),
  post text CHECK (length(post) BETWEEN 1 AND 50),
  -- leading-cadre rank: 省级, 市级, 县级, 乡级
  cadre_rank text CHECK (cadre_rank IN ('province', 'city', 'county', 'township')),
  is_in_difficulty boolean NOT NULL DEFAULT false,
  is_lost_contact boolean NOT NULL DEFAULT false,
  is_mobile boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT people_id_number_pair CHECK ((id_number_enc IS NULL) = (id_number_hash IS NULL)),
  CONSTRAINT people_phone_pair CHECK ((phone_enc IS NULL) = (phone_hash IS NULL))
);
CREATE UNIQUE INDEX people_id_number_hash_key ON people (id_number_hash) WHERE id_number_hash IS NOT NULL;
CREATE INDEX people_phone_hash_idx ON people (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX people_name_grams_gin ON people USING gin (name_grams);
CREATE INDEX people_name_trgm ON people USING gin (name gin_trgm_ops);
CREATE INDEX people_pinyin_trgm ON people USING gin (name_pinyin gin_trgm_ops);
CREATE INDEX people_initials_trgm ON people USING gin (name_initials gin_trgm_ops);
-- the sort order of member lists, and their keyset pagination
CREATE INDEX people_pinyin_id_idx ON people (name_pinyin, id);
CREATE INDEX people_birth_date_idx ON people (birth_date);
CREATE TRIGGER people_updated_at BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A person's relation to the party: one row per person, from application to leaving.
CREATE TABLE members (
  person_id uuid PRIMARY KEY REFERENCES people (id),
  org_id uuid NOT NULL REFERENCES orgs (id),
  status text NOT NULL CHECK (status IN ('applicant', 'activist', 'candidate', 'probationary', 'full', 'left')),
  applied_on date,   -- 申请入党
  activist_on date,  -- 确定为入党积极分子
  candidate_on date, -- 确定为发展对象
  admitted_on date,  -- 入党（预备党员）
  full_on date,      -- 转为正式党员
  left_on date,
  left_reason text CHECK (left_reason IN ('transferred_out', 'deceased', 'withdrawn', 'removed', 'expelled',
    'probation_cancelled')),
  left_document text CHECK (length(left_document) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT members_dates_in_order CHECK (dates_in_order(applied_on, activist_on, candidate_on, admitted_on, full_on, left_on)),
  -- 'left' if and only if the date and reason of leaving are there
  CONSTRAINT members_left_fields CHECK (CASE WHEN status = 'left'
    THEN left_on IS NOT NULL AND left_reason IS NOT NULL
    ELSE left_on IS NULL AND left_reason IS NULL AND left_document IS NULL END),
  -- the date of the current stage is known, and no later stage has a date
  CONSTRAINT members_stage_dates CHECK (CASE status
    WHEN 'applicant' THEN applied_on IS NOT NULL AND activist_on IS NULL AND candidate_on IS NULL AND admitted_on IS NULL AND full_on IS NULL
    WHEN 'activist' THEN activist_on IS NOT NULL AND candidate_on IS NULL AND admitted_on IS NULL AND full_on IS NULL
    WHEN 'candidate' THEN candidate_on IS NOT NULL AND admitted_on IS NULL AND full_on IS NULL
    WHEN 'probationary' THEN admitted_on IS NOT NULL AND full_on IS NULL
    WHEN 'full' THEN admitted_on IS NOT NULL AND full_on IS NOT NULL
    ELSE true END)
);
CREATE INDEX members_org_id_idx ON members (org_id, status);
CREATE INDEX members_admitted_on_idx ON members (admitted_on);
CREATE TRIGGER members_updated_at BEFORE UPDATE ON members FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every status change, with its date, reason and document. Append-only.
CREATE TABLE member_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES members (person_id),
  from_status text CHECK (from_status IN ('applicant', 'activist', 'candidate', 'probationary', 'full', 'left')),
  to_status text NOT NULL CHECK (to_status IN ('applicant', 'activist', 'candidate', 'probationary', 'full', 'left')),
  effective_on date NOT NULL,
  reason text CHECK (length(reason) <= 200),
  document_no text CHECK (length(document_no) <= 100),
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_status_history_person_idx ON member_status_history (person_id, id);
CREATE INDEX member_status_history_recorded_by_idx ON member_status_history (recorded_by);

-- Which org held each person's membership relation when: [valid_from, valid_to), valid_to null while
-- current. Answers "each org's members as of 12-31" for the annual statistics.
CREATE TABLE member_org_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES members (person_id),
  org_id uuid NOT NULL REFERENCES orgs (id),
  valid_from date NOT NULL,
  valid_to date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT member_org_history_range CHECK (valid_to >= valid_from)
);
CREATE UNIQUE INDEX member_org_history_open_key ON member_org_history (person_id) WHERE valid_to IS NULL;
CREATE INDEX member_org_history_person_idx ON member_org_history (person_id, valid_from);
CREATE INDEX member_org_history_org_idx ON member_org_history (org_id, valid_from);

GRANT SELECT, INSERT, UPDATE ON people, members, member_org_history TO xianfeng_app;
GRANT SELECT, INSERT ON member_status_history TO xianfeng_app;
