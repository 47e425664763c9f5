-- Two gaps in the history that reorganizing orgs (merging branches, dissolving with members moved)
-- and the demo tree showed.
--
-- 1. An org's history starts when it was established. A record entered today for a branch set up in
--    2001 used to begin its history today, so the tree as of any earlier day (the annual statistics
--    as of 12-31) left it out. The first version now starts at the beginning of the established day,
--    China time, when that is earlier than the record.
-- 2. A change of a member's org relation keeps its reason and document (介绍信编号, 合并文件的文号),
--    as a status change does.

CREATE OR REPLACE FUNCTION orgs_keep_history() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  since timestamptz := now();
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.parent_id, OLD.path, OLD.name, OLD.kind, OLD.level, OLD.status, OLD.division_code,
      OLD.host_unit_type, OLD.establishment_mode) IS NOT DISTINCT FROM (NEW.parent_id, NEW.path, NEW.name, NEW.kind,
      NEW.level, NEW.status, NEW.division_code, NEW.host_unit_type, NEW.establishment_mode) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' AND NEW.established_on IS NOT NULL THEN
    since := least(since, NEW.established_on::timestamp AT TIME ZONE 'Asia/Shanghai');
  END IF;
  UPDATE org_history SET valid_to = now() WHERE org_id = NEW.id AND valid_to IS NULL;
  INSERT INTO org_history (org_id, valid_from, parent_id, path, name, kind, level, status, division_code, host_unit_type,
    establishment_mode)
  VALUES (NEW.id, since, NEW.parent_id, NEW.path, NEW.name, NEW.kind, NEW.level, NEW.status, NEW.division_code,
    NEW.host_unit_type, NEW.establishment_mode);
  RETURN NEW;
END
$$;

-- The orgs recorded so far: their first version starts at the established day, if that is earlier.
UPDATE org_history h SET valid_from = o.established_on::timestamp AT TIME ZONE 'Asia/Shanghai'
FROM orgs o
WHERE o.id = h.org_id
  AND o.established_on IS NOT NULL
  AND h.valid_from > o.established_on::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND h.id = (SELECT min(f.id) FROM org_history f WHERE f.org_id = h.org_id);

ALTER TABLE member_org_history
  ADD COLUMN reason text CHECK (length(reason) <= 200),
  ADD COLUMN document_no text CHECK (length(document_no) <= 100);
