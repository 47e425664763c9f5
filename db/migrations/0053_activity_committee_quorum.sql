-- Whether each committee meeting (支委会) had more than half of the org's committee members in office
-- on its day attending (present or online). Kept by statement-level triggers in the same transaction
-- as the meeting, its attendance and the committee's terms and members, so that the monthly
-- committee rule reads one flag per meeting instead of counting the committee at every meeting of
-- the province. A meeting's flag is recomputed under a lock on the meeting: two changes of one
-- meeting take turns, and the second sees the first.
CREATE TABLE activity_committee_quorum (
  activity_id uuid PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
  quorate boolean NOT NULL
);

CREATE FUNCTION activity_committee_quorum_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM 1 FROM activities WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO activity_committee_quorum AS q (activity_id, quorate)
  SELECT a.id, coalesce((
    SELECT count(aa.person_id) * 2 > count(*)
    FROM org_committee_terms ct
    JOIN org_committee_members cm ON cm.term_id = ct.id
      AND cm.started_on <= a.held_on AND (cm.ended_on IS NULL OR cm.ended_on > a.held_on)
    LEFT JOIN activity_attendance aa ON aa.activity_id = a.id AND aa.person_id = cm.person_id AND aa.presence <> 'absent'
    WHERE ct.org_id = a.org_id AND ct.elected_on <= a.held_on AND (ct.ended_on IS NULL OR ct.ended_on > a.held_on)), false)
  FROM activities a
  WHERE a.id = ANY(ids) AND 'committee_meeting' = ANY(a.kinds)
  ORDER BY a.id
  ON CONFLICT (activity_id) DO UPDATE SET quorate = excluded.quorate WHERE q.quorate IS DISTINCT FROM excluded.quorate;
  DELETE FROM activity_committee_quorum q USING activities a
  WHERE q.activity_id = a.id AND a.id = ANY(ids) AND NOT 'committee_meeting' = ANY(a.kinds);
END
$$;

-- Meetings recorded or changed (day, org, kinds).
CREATE FUNCTION activity_committee_quorum_activities_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows WHERE 'committee_meeting' = ANY(kinds);
  ELSE
    SELECT array_agg(n.id) INTO ids FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE ('committee_meeting' = ANY(n.kinds) OR 'committee_meeting' = ANY(o.kinds))
      AND (o.kinds, o.held_on, o.org_id) IS DISTINCT FROM (n.kinds, n.held_on, n.org_id);
  END IF;
  IF ids IS NOT NULL THEN PERFORM activity_committee_quorum_refresh(ids); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER activities_quorum_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_activities_changed();
CREATE TRIGGER activities_quorum_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_activities_changed();

-- Attendance recorded, changed or removed.
CREATE FUNCTION activity_committee_quorum_attendance_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT a.id) INTO ids FROM new_rows n JOIN activities a ON a.id = n.activity_id
    WHERE 'committee_meeting' = ANY(a.kinds);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT a.id) INTO ids FROM old_rows o JOIN activities a ON a.id = o.activity_id
    WHERE 'committee_meeting' = ANY(a.kinds);
  ELSE
    SELECT array_agg(DISTINCT a.id) INTO ids
    FROM (SELECT activity_id FROM old_rows UNION SELECT activity_id FROM new_rows) x JOIN activities a ON a.id = x.activity_id
    WHERE 'committee_meeting' = ANY(a.kinds);
  END IF;
  IF ids IS NOT NULL THEN PERFORM activity_committee_quorum_refresh(ids); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER activity_attendance_quorum_insert AFTER INSERT ON activity_attendance REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_attendance_changed();
CREATE TRIGGER activity_attendance_quorum_update AFTER UPDATE ON activity_attendance
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_attendance_changed();
CREATE TRIGGER activity_attendance_quorum_delete AFTER DELETE ON activity_attendance REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_attendance_changed();

-- A committee's terms or members changed: every committee meeting of its org is counted again.
CREATE FUNCTION activity_committee_quorum_orgs_changed(orgs uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(a.id) INTO ids FROM activities a
  WHERE a.org_id = ANY(orgs) AND 'committee_meeting' = ANY(a.kinds);
  IF ids IS NOT NULL THEN PERFORM activity_committee_quorum_refresh(ids); END IF;
END
$$;

CREATE FUNCTION activity_committee_quorum_terms_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  orgs uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT org_id) INTO orgs FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT org_id) INTO orgs FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT x.org_id) INTO orgs FROM (SELECT org_id FROM old_rows UNION SELECT org_id FROM new_rows) x;
  END IF;
  IF orgs IS NOT NULL THEN PERFORM activity_committee_quorum_orgs_changed(orgs); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER org_committee_terms_quorum_insert AFTER INSERT ON org_committee_terms REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_terms_changed();
CREATE TRIGGER org_committee_terms_quorum_update AFTER UPDATE ON org_committee_terms
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_terms_changed();
CREATE TRIGGER org_committee_terms_quorum_delete AFTER DELETE ON org_committee_terms REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_terms_changed();

CREATE FUNCTION activity_committee_quorum_members_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  orgs uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT t.org_id) INTO orgs FROM new_rows n JOIN org_committee_terms t ON t.id = n.term_id;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT t.org_id) INTO orgs FROM old_rows o JOIN org_committee_terms t ON t.id = o.term_id;
  ELSE
    SELECT array_agg(DISTINCT t.org_id) INTO orgs
    FROM (SELECT term_id FROM old_rows UNION SELECT term_id FROM new_rows) x JOIN org_committee_terms t ON t.id = x.term_id;
  END IF;
  IF orgs IS NOT NULL THEN PERFORM activity_committee_quorum_orgs_changed(orgs); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER org_committee_members_quorum_insert AFTER INSERT ON org_committee_members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_members_changed();
CREATE TRIGGER org_committee_members_quorum_update AFTER UPDATE ON org_committee_members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_members_changed();
CREATE TRIGGER org_committee_members_quorum_delete AFTER DELETE ON org_committee_members REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_committee_quorum_members_changed();

-- The recount from scratch, after a bulk load that wrote past the triggers (replica role).
CREATE FUNCTION activity_committee_quorum_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE activities, activity_attendance, org_committee_terms, org_committee_members IN SHARE MODE;
  LOCK TABLE activity_committee_quorum IN ACCESS EXCLUSIVE MODE;
  PERFORM set_config('work_mem', '1GB', true);
  TRUNCATE activity_committee_quorum;
  INSERT INTO activity_committee_quorum (activity_id, quorate)
  WITH meetings AS MATERIALIZED (
    SELECT id, org_id, held_on FROM activities WHERE 'committee_meeting' = ANY(kinds)
  ),
  office AS (
    SELECT s.id, cm.person_id FROM meetings s
    JOIN org_committee_terms ct ON ct.org_id = s.org_id AND ct.elected_on <= s.held_on AND (ct.ended_on IS NULL OR ct.ended_on > s.held_on)
    JOIN org_committee_members cm ON cm.term_id = ct.id AND cm.started_on <= s.held_on AND (cm.ended_on IS NULL OR cm.ended_on > s.held_on)
  ),
  present AS (
    SELECT aa.activity_id AS id, aa.person_id FROM activity_attendance aa
    WHERE aa.activity_id IN (SELECT id FROM meetings) AND aa.presence <> 'absent'
  ),
  counted AS (
    SELECT o.id, count(p.person_id) * 2 > count(*) AS quorate
    FROM office o LEFT JOIN present p ON p.id = o.id AND p.person_id = o.person_id
    GROUP BY o.id
  )
  SELECT m.id, coalesce(c.quorate, false) FROM meetings m LEFT JOIN counted c ON c.id = m.id;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
REVOKE ALL ON FUNCTION activity_committee_quorum_rebuild() FROM PUBLIC;

SELECT activity_committee_quorum_rebuild();
ANALYZE activity_committee_quorum;

GRANT SELECT ON activity_committee_quorum TO xianfeng_app;
