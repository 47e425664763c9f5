-- The time of an audit row is taken inside the chain lock, so time order and chain order agree.
-- audit_canonical formats a timestamp, which is STABLE rather than IMMUTABLE; its output is unchanged.

CREATE OR REPLACE FUNCTION audit_canonical(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    r.seq::text,
    to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_user_id, r.actor_login, r.action, r.entity_type, r.entity_id, r.org_id, r.org_path::text,
    r.before, r.after, r.request_id, host(r.ip)
  )::text
$$;

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
BEGIN
  -- One writer at a time extends the chain; the lock is held until the writer's commit.
  PERFORM pg_advisory_xact_lock(7243580321);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.occurred_at := clock_timestamp();
  NEW.prev_hash := coalesce(last_hash, '\x'::bytea);
  NEW.hash := sha256(NEW.prev_hash || convert_to(audit_canonical(NEW), 'UTF8'));
  RETURN NEW;
END
$$;
