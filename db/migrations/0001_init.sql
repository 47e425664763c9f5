-- Foundation: extensions, the application role, organizations, accounts, sessions, audit log.

CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS citext;

-- The application connects as the owner and switches to this role for every request: it may read
-- and write the tables it needs, and may only INSERT and SELECT the audit log.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xianfeng_app') THEN
    CREATE ROLE xianfeng_app NOLOGIN;
  END IF;
END
$$;
GRANT xianfeng_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO xianfeng_app;

CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- Organizations -------------------------------------------------------------------------------
-- path is the chain of ids (dashes removed) from the root; subtree queries use path <@ ancestor.
CREATE TABLE orgs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES orgs (id),
  path ltree NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  short_name text CHECK (length(short_name) <= 30),
  kind text NOT NULL CHECK (kind IN ('committee', 'working_committee', 'party_group', 'general_branch',
    'branch', 'joint_branch', 'temporary_branch', 'party_cell')),
  level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'grassroots')),
  division_code text CHECK (division_code ~ '^[0-9]{2}([0-9]{2}){0,2}([0-9]{3}){0,2}$'),
  sort_order integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dissolved')),
  established_on date,
  dissolved_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (nlevel(path) = 1)),
  CHECK (subpath(path, nlevel(path) - 1, 1)::text = replace(id::text, '-', '')),
  CHECK (status = 'active' OR dissolved_on IS NOT NULL)
);
CREATE UNIQUE INDEX orgs_path_key ON orgs (path);
CREATE INDEX orgs_path_gist ON orgs USING gist (path);
CREATE INDEX orgs_parent_id_idx ON orgs (parent_id, sort_order, name);
CREATE UNIQUE INDEX orgs_division_code_key ON orgs (division_code, kind) WHERE status = 'active';
CREATE TRIGGER orgs_updated_at BEFORE UPDATE ON orgs FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Accounts ------------------------------------------------------------------------------------
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  login_name citext NOT NULL UNIQUE CHECK (login_name ~ '^[A-Za-z0-9._-]{3,64}$'),
  password_hash text NOT NULL,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  person_id uuid,
  is_disabled boolean NOT NULL DEFAULT false,
  must_change_password boolean NOT NULL DEFAULT true,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z_]{2,40}$'),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  permissions text[] NOT NULL,
  is_builtin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER roles_updated_at BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A grant gives a role over an org and its whole subtree.
CREATE TABLE grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  role_id uuid NOT NULL REFERENCES roles (id),
  org_id uuid NOT NULL REFERENCES orgs (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, role_id, org_id)
);
CREATE INDEX grants_role_id_idx ON grants (role_id);
CREATE INDEX grants_org_id_idx ON grants (org_id);
CREATE INDEX grants_created_by_idx ON grants (created_by);

-- Sessions: only a keyed hash of the opaque token is stored.
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  grant_id uuid REFERENCES grants (id) ON DELETE SET NULL,
  csrf_token text NOT NULL,
  ip inet,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_grant_id_idx ON sessions (grant_id);

-- Failed-login counters, per account name and per IP address.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- Audit log ------------------------------------------------------------------------------------
-- Append-only and hash-chained: hash = sha256(prev_hash || audit_canonical(row)). The chain order is
-- seq, assigned under a transaction-scoped lock so that concurrent writers cannot fork the chain.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_login text,
  action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
  entity_type text,
  entity_id text,
  org_id uuid,
  org_path ltree,
  before jsonb,
  after jsonb,
  request_id text,
  ip inet,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL
);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_org_path_gist ON audit_log USING gist (org_path);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_login, occurred_at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_id);
CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at);

CREATE FUNCTION audit_canonical(r audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array(
    r.seq::text,
    to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_user_id, r.actor_login, r.action, r.entity_type, r.entity_id, r.org_id, r.org_path::text,
    r.before, r.after, r.request_id, host(r.ip)
  )::text
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
BEGIN
  -- One writer at a time extends the chain; the lock is held until the writer's commit.
  PERFORM pg_advisory_xact_lock(7243580321);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, '\x'::bytea);
  NEW.hash := sha256(NEW.prev_hash || convert_to(audit_canonical(NEW), 'UTF8'));
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Privileges of the application role ------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE ON orgs, users, roles, grants TO xianfeng_app;
GRANT DELETE ON grants TO xianfeng_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, login_throttle TO xianfeng_app;
GRANT SELECT, INSERT ON audit_log TO xianfeng_app;
