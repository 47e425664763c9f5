-- Every version of every org, so that the tree as it stood on a past date can be answered (the
-- annual statistics count as of 12-31). A trigger keeps it: no write path can forget it.

CREATE TABLE org_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES orgs (id),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  parent_id uuid,
  path ltree NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  level text NOT NULL,
  status text NOT NULL,
  division_code text,
  host_unit_type text,
  establishment_mode text,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX org_history_org_id_idx ON org_history (org_id, valid_from);
CREATE INDEX org_history_parent_idx ON org_history (parent_id, valid_from);
CREATE INDEX org_history_path_gist ON org_history USING gist (path);
-- one open version per org
CREATE UNIQUE INDEX org_history_current_key ON org_history (org_id) WHERE valid_to IS NULL;

CREATE FUNCTION orgs_keep_history() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.parent_id, OLD.path, OLD.name, OLD.kind, OLD.level, OLD.status, OLD.division_code,
      OLD.host_unit_type, OLD.establishment_mode) IS NOT DISTINCT FROM (NEW.parent_id, NEW.path, NEW.name, NEW.kind,
      NEW.level, NEW.status, NEW.division_code, NEW.host_unit_type, NEW.establishment_mode) THEN
    RETURN NEW;
  END IF;
  UPDATE org_history SET valid_to = now() WHERE org_id = NEW.id AND valid_to IS NULL;
  INSERT INTO org_history (org_id, valid_from, parent_id, path, name, kind, level, status, division_code, host_unit_type,
    establishment_mode)
  VALUES (NEW.id, now(), NEW.parent_id, NEW.path, NEW.name, NEW.kind, NEW.level, NEW.status, NEW.division_code,
    NEW.host_unit_type, NEW.establishment_mode);
  RETURN NEW;
END
$$;
CREATE TRIGGER orgs_keep_history AFTER INSERT OR UPDATE ON orgs FOR EACH ROW EXECUTE FUNCTION orgs_keep_history();

-- Orgs that exist already start their history now.
INSERT INTO org_history (org_id, valid_from, parent_id, path, name, kind, level, status, division_code, host_unit_type,
  establishment_mode)
SELECT id, created_at, parent_id, path, name, kind, level, status, division_code, host_unit_type, establishment_mode FROM orgs;

GRANT SELECT ON org_history TO xianfeng_app;
