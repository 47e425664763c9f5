-- Each person's study hours per calendar year: the hours of the activities they attended (present or
-- online) that carry hours and are not voided. Kept by statement-level triggers in the same
-- transaction as the attendance and activities they come from, so that the yearly hours rule
-- (study.hours_yearly) reads one row per member instead of every attendance of the year.
CREATE TABLE study_hours (
  person_id uuid NOT NULL,
  year smallint NOT NULL,
  hours numeric NOT NULL,
  PRIMARY KEY (person_id, year)
);

-- Attendance added, removed or changed: the hours it earns, by person and year.
CREATE FUNCTION study_hours_attendance_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO study_hours AS s (person_id, year, hours)
    SELECT n.person_id, extract(year FROM a.held_on)::smallint, sum(a.hours)
    FROM new_rows n JOIN activities a ON a.id = n.activity_id
    WHERE n.presence <> 'absent' AND a.voided_at IS NULL AND a.hours IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (person_id, year) DO UPDATE SET hours = s.hours + excluded.hours;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO study_hours AS s (person_id, year, hours)
    SELECT o.person_id, extract(year FROM a.held_on)::smallint, -sum(a.hours)
    FROM old_rows o JOIN activities a ON a.id = o.activity_id
    WHERE o.presence <> 'absent' AND a.voided_at IS NULL AND a.hours IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (person_id, year) DO UPDATE SET hours = s.hours + excluded.hours;
  ELSE
    INSERT INTO study_hours AS s (person_id, year, hours)
    SELECT d.person_id, extract(year FROM a.held_on)::smallint, sum(d.sign * a.hours)
    FROM (SELECT person_id, activity_id, 1 AS sign FROM new_rows WHERE presence <> 'absent'
          UNION ALL SELECT person_id, activity_id, -1 FROM old_rows WHERE presence <> 'absent') d
    JOIN activities a ON a.id = d.activity_id
    WHERE a.voided_at IS NULL AND a.hours IS NOT NULL
    GROUP BY 1, 2 HAVING sum(d.sign * a.hours) <> 0 ORDER BY 1, 2
    ON CONFLICT (person_id, year) DO UPDATE SET hours = s.hours + excluded.hours;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER activity_attendance_hours_insert AFTER INSERT ON activity_attendance REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_attendance_changed();
CREATE TRIGGER activity_attendance_hours_update AFTER UPDATE ON activity_attendance
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_attendance_changed();
CREATE TRIGGER activity_attendance_hours_delete AFTER DELETE ON activity_attendance REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_attendance_changed();

-- An activity's hours, day or voiding changed: its attendees' hours move accordingly.
CREATE FUNCTION study_hours_activities_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO study_hours AS s (person_id, year, hours)
  SELECT aa.person_id, d.year, sum(d.h)
  FROM (
    SELECT o.id, extract(year FROM o.held_on)::smallint AS year, -o.hours AS h
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.voided_at IS NULL AND o.hours IS NOT NULL
      AND (o.hours, o.held_on, o.voided_at) IS DISTINCT FROM (n.hours, n.held_on, n.voided_at)
    UNION ALL
    SELECT n.id, extract(year FROM n.held_on)::smallint, n.hours
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE n.voided_at IS NULL AND n.hours IS NOT NULL
      AND (o.hours, o.held_on, o.voided_at) IS DISTINCT FROM (n.hours, n.held_on, n.voided_at)
  ) d
  JOIN activity_attendance aa ON aa.activity_id = d.id AND aa.presence <> 'absent'
  GROUP BY 1, 2 HAVING sum(d.h) <> 0 ORDER BY 1, 2
  ON CONFLICT (person_id, year) DO UPDATE SET hours = s.hours + excluded.hours;
  RETURN NULL;
END
$$;

CREATE TRIGGER activities_hours_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_activities_changed();

-- The recount from scratch, after a bulk load that wrote past the triggers (replica role).
CREATE FUNCTION study_hours_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE activities, activity_attendance IN SHARE MODE;
  LOCK TABLE study_hours IN ACCESS EXCLUSIVE MODE;
  PERFORM set_config('work_mem', '1GB', true);
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  TRUNCATE study_hours;
  ALTER TABLE study_hours DROP CONSTRAINT study_hours_pkey;
  INSERT INTO study_hours (person_id, year, hours)
  SELECT aa.person_id, extract(year FROM a.held_on)::smallint, sum(a.hours)
  FROM activities a JOIN activity_attendance aa ON aa.activity_id = a.id AND aa.presence <> 'absent'
  WHERE a.voided_at IS NULL AND a.hours IS NOT NULL
  GROUP BY 1, 2;
  GET DIAGNOSTICS written = ROW_COUNT;
  ALTER TABLE study_hours ADD CONSTRAINT study_hours_pkey PRIMARY KEY (person_id, year);
  RETURN written;
END
$$;
REVOKE ALL ON FUNCTION study_hours_rebuild() FROM PUBLIC;

SELECT study_hours_rebuild();
ANALYZE study_hours;

GRANT SELECT ON study_hours TO xianfeng_app;
