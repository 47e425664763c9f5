-- Each platform process keeps the sessions it has resolved in memory (platform/auth/session-cache.ts)
-- so that a request needs no statement of its own to know who is asking. What a session resolves to —
-- the session row, its user, the user's grants, the roles and the names and paths of the granted orgs —
-- is announced on the channel `session_changed` by these triggers, whoever changes it (a service, the
-- CLI, an operator's SQL), so that every process listening drops what it holds. PostgreSQL delivers a
-- notification when the transaction commits and drops it if the transaction rolls back.
-- Payload: the id of the user whose sessions are affected, or '*' for all of them.

CREATE FUNCTION session_changed_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- TG_ARGV[0] names the column holding the user id (users.id, grants.user_id, sessions.user_id).
  -- Identical notifications of one transaction are delivered once.
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('session_changed', to_jsonb(OLD) ->> TG_ARGV[0]);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('session_changed', to_jsonb(NEW) ->> TG_ARGV[0]);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION session_changed_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('session_changed', '*');
  RETURN NULL;
END
$$;

-- A session revoked, switched to another grant, or cut short. Recording activity (last_seen_at moving
-- forward, the bookkeeping of the idle timeout) changes nothing a process holds; moving it back
-- (an operator ending idle sessions by hand) does.
CREATE TRIGGER sessions_changed AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id
    OR OLD.grant_id IS DISTINCT FROM NEW.grant_id
    OR OLD.csrf_token IS DISTINCT FROM NEW.csrf_token
    OR OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
    OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
    OR NEW.last_seen_at < OLD.last_seen_at)
  EXECUTE FUNCTION session_changed_user('user_id');
-- Deleting sessions (the hourly purge of dead ones, or an operator's) drops everything: one
-- notification a statement instead of one a row.
CREATE TRIGGER sessions_deleted AFTER DELETE OR TRUNCATE ON sessions FOR EACH STATEMENT
  EXECUTE FUNCTION session_changed_all();

-- Disabled, password changed or reset, renamed, linked to another person. A login (last_login_at)
-- changes nothing a session shows.
CREATE TRIGGER users_changed AFTER UPDATE ON users FOR EACH ROW
  WHEN ((OLD.login_name, OLD.display_name, OLD.person_id, OLD.is_disabled, OLD.must_change_password,
         OLD.password_changed_at, OLD.password_hash)
    IS DISTINCT FROM (NEW.login_name, NEW.display_name, NEW.person_id, NEW.is_disabled, NEW.must_change_password,
         NEW.password_changed_at, NEW.password_hash))
  EXECUTE FUNCTION session_changed_user('id');
CREATE TRIGGER users_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION session_changed_user('id');

-- A grant added (it appears in the scope switcher) or removed (its scope ends at once).
CREATE TRIGGER grants_changed AFTER INSERT OR UPDATE OR DELETE ON grants FOR EACH ROW
  EXECUTE FUNCTION session_changed_user('user_id');
CREATE TRIGGER grants_truncated AFTER TRUNCATE ON grants FOR EACH STATEMENT EXECUTE FUNCTION session_changed_all();

-- A role's permissions or name: every holder, so everything. Built-in roles are re-synced at each start,
-- mostly without a change.
CREATE TRIGGER roles_changed AFTER UPDATE ON roles FOR EACH ROW
  WHEN ((OLD.code, OLD.name, OLD.permissions) IS DISTINCT FROM (NEW.code, NEW.name, NEW.permissions))
  EXECUTE FUNCTION session_changed_all();
CREATE TRIGGER roles_deleted AFTER DELETE ON roles FOR EACH STATEMENT EXECUTE FUNCTION session_changed_all();

-- A grant's scope is its org's path (and the switcher shows its name): a subtree move rewrites the
-- paths of thousands of orgs, so once a statement.
CREATE TRIGGER orgs_scope_changed AFTER UPDATE OF name, path OR DELETE ON orgs FOR EACH STATEMENT
  EXECUTE FUNCTION session_changed_all();
