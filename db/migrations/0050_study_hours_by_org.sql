-- The members of each org counted by their whole hours of study in each year: counts[k + 1] is how
-- many of the org's members (full or probationary) have k whole hours that year. A member with
-- hours h reaches an integer requirement r exactly when floor(h) >= r, so the yearly hours rule
-- reads one row per org and year instead of every member and their hours. Kept by statement-level
-- triggers on study_hours (hours change) and members (a member moves, joins, leaves or changes
-- status) in the same transaction as the change.
CREATE TABLE study_hours_by_org (
  org_id uuid NOT NULL,
  year smallint NOT NULL,
  counts int[] NOT NULL,
  PRIMARY KEY (org_id, year)
);

-- Element-wise sum of two count arrays of any lengths (the shorter one padded with zeros).
CREATE FUNCTION counts_add(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}')
  FROM unnest(a, b) WITH ORDINALITY AS t (x, y, i)
$$;

CREATE AGGREGATE counts_sum(int[]) (SFUNC = counts_add, STYPE = int[], INITCOND = '{}');

-- Adds signed changes (person, year, whole hours, +1/-1) to the counts of each person's org. The
-- member rows are locked FOR SHARE: a move of one of them waits for this transaction, then reads
-- its hours as they are now (or this one waits for the move and adds to the new org).
CREATE FUNCTION study_hours_by_org_apply(p uuid[], y smallint[], b int[], n int[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  WITH c AS (
    SELECT person_id, year, bucket, sum(n)::int AS n
    FROM unnest(p, y, b, n) AS t (person_id, year, bucket, n)
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0
  ),
  m AS (
    SELECT m.person_id, m.org_id FROM members m
    WHERE m.person_id IN (SELECT person_id FROM c) AND m.status IN ('full', 'probationary')
    ORDER BY m.person_id FOR SHARE
  )
  INSERT INTO study_hours_by_org AS s (org_id, year, counts)
  SELECT m.org_id, c.year, counts_sum(array_fill(0, ARRAY[c.bucket]) || c.n)
  FROM c JOIN m ON m.person_id = c.person_id
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (org_id, year) DO UPDATE SET counts = counts_add(s.counts, excluded.counts)
$$;

CREATE FUNCTION study_hours_by_org_hours_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  p uuid[]; y smallint[]; b int[]; n int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(person_id), array_agg(year), array_agg(floor(hours)::int), array_agg(1)
    INTO p, y, b, n FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(person_id), array_agg(year), array_agg(floor(hours)::int), array_agg(-1)
    INTO p, y, b, n FROM old_rows;
  ELSE
    SELECT array_agg(d.person_id), array_agg(d.year), array_agg(d.bucket), array_agg(d.n) INTO p, y, b, n
    FROM (SELECT person_id, year, floor(hours)::int AS bucket, -1 AS n FROM old_rows
          UNION ALL SELECT person_id, year, floor(hours)::int, 1 FROM new_rows) d;
  END IF;
  IF p IS NOT NULL THEN PERFORM study_hours_by_org_apply(p, y, b, n); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER study_hours_by_org_insert AFTER INSERT ON study_hours REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_by_org_hours_changed();
CREATE TRIGGER study_hours_by_org_update AFTER UPDATE ON study_hours REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_by_org_hours_changed();
CREATE TRIGGER study_hours_by_org_delete AFTER DELETE ON study_hours REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_by_org_hours_changed();

-- Members counted at another org, or no longer or newly counted (person, org, +1/-1): all of
-- their years' hours move with them.
CREATE FUNCTION study_hours_by_org_move(p uuid[], o uuid[], n int[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO study_hours_by_org AS s (org_id, year, counts)
  SELECT d.org_id, d.year, counts_sum(array_fill(0, ARRAY[d.bucket]) || d.n)
  FROM (
    SELECT x.org_id, h.year, floor(h.hours)::int AS bucket, sum(x.n)::int AS n
    FROM unnest(p, o, n) AS x (person_id, org_id, n)
    JOIN study_hours h ON h.person_id = x.person_id
    GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0
  ) d
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (org_id, year) DO UPDATE SET counts = counts_add(s.counts, excluded.counts)
$$;

CREATE FUNCTION study_hours_by_org_members_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  p uuid[]; o uuid[]; n int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(person_id), array_agg(org_id), array_agg(1) INTO p, o, n
    FROM new_rows WHERE status IN ('full', 'probationary');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(person_id), array_agg(org_id), array_agg(-1) INTO p, o, n
    FROM old_rows WHERE status IN ('full', 'probationary');
  ELSE
    SELECT array_agg(d.person_id), array_agg(d.org_id), array_agg(d.n) INTO p, o, n
    FROM old_rows b JOIN new_rows a ON a.person_id = b.person_id
    CROSS JOIN LATERAL (VALUES (b.person_id, b.org_id, -1, b.status), (a.person_id, a.org_id, 1, a.status)) AS d (person_id, org_id, n, status)
    WHERE (b.org_id, b.status IN ('full', 'probationary')) IS DISTINCT FROM (a.org_id, a.status IN ('full', 'probationary'))
      AND d.status IN ('full', 'probationary');
  END IF;
  IF p IS NOT NULL THEN PERFORM study_hours_by_org_move(p, o, n); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER members_study_hours_insert AFTER INSERT ON members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_by_org_members_changed();
CREATE TRIGGER members_study_hours_update AFTER UPDATE ON members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_by_org_members_changed();
CREATE TRIGGER members_study_hours_delete AFTER DELETE ON members REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION study_hours_by_org_members_changed();

-- The recount from scratch, after a bulk load that wrote past the triggers (replica role).
CREATE FUNCTION study_hours_by_org_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE study_hours, members IN SHARE MODE;
  LOCK TABLE study_hours_by_org IN ACCESS EXCLUSIVE MODE;
  PERFORM set_config('work_mem', '1GB', true);
  TRUNCATE study_hours_by_org;
  INSERT INTO study_hours_by_org (org_id, year, counts)
  WITH b AS (
    SELECT m.org_id, h.year, floor(h.hours)::int AS bucket, count(*)::int AS n
    FROM study_hours h JOIN members m ON m.person_id = h.person_id AND m.status IN ('full', 'probationary')
    GROUP BY 1, 2, 3
  )
  SELECT k.org_id, k.year, array_agg(coalesce(b.n, 0) ORDER BY g.bucket)
  FROM (SELECT org_id, year, max(bucket) AS top FROM b GROUP BY 1, 2) k
  CROSS JOIN LATERAL generate_series(0, k.top) AS g (bucket)
  LEFT JOIN b ON b.org_id = k.org_id AND b.year = k.year AND b.bucket = g.bucket
  GROUP BY 1, 2;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
REVOKE ALL ON FUNCTION study_hours_by_org_rebuild() FROM PUBLIC;

-- study_hours_rebuild (0031) recounts the counts too.
CREATE OR REPLACE FUNCTION study_hours_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE activities, activity_attendance IN SHARE MODE;
  LOCK TABLE study_hours IN ACCESS EXCLUSIVE MODE;
  PERFORM set_config('work_mem', '1GB', true);
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  -- a recount of every row: the counts follow from them below, not row by row
  ALTER TABLE study_hours DISABLE TRIGGER USER;
  TRUNCATE study_hours;
  ALTER TABLE study_hours DROP CONSTRAINT study_hours_pkey;
  INSERT INTO study_hours (person_id, year, hours)
  SELECT aa.person_id, extract(year FROM a.held_on)::smallint, sum(a.hours)
  FROM activities a JOIN activity_attendance aa ON aa.activity_id = a.id AND aa.presence <> 'absent'
  WHERE a.voided_at IS NULL AND a.hours IS NOT NULL
  GROUP BY 1, 2;
  GET DIAGNOSTICS written = ROW_COUNT;
  ALTER TABLE study_hours ADD CONSTRAINT study_hours_pkey PRIMARY KEY (person_id, year);
  ALTER TABLE study_hours ENABLE TRIGGER USER;
  PERFORM study_hours_by_org_rebuild();
  RETURN written;
END
$$;

SELECT study_hours_by_org_rebuild();
ANALYZE study_hours_by_org;

GRANT SELECT ON study_hours_by_org TO xianfeng_app;
