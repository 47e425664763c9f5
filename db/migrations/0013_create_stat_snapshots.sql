-- The annual statistics as of a day (12-31): members counted by their formal org relation that day
-- (member_org_history), their stage by its dates, orgs by the version current at the end of the day
-- (org_history). Recounting that for a county takes about a second; for the whole province it takes
-- a minute, so a snapshot of the whole tree for the day is computed once by a background job and
-- every subtree's figures then read a handful of rows, as the live roll-ups do.

-- Each org's own members and itself as of the end of `day` (China time), for the orgs at or under
-- `root` as of then (all orgs when root is null), with the org's path as of then.
CREATE FUNCTION stat_as_of_own(day date, root ltree)
  RETURNS TABLE (org_id uuid, path ltree, subject text, status text, dim text, value text, n bigint)
  LANGUAGE sql STABLE SET search_path = public AS $$
  WITH sub AS (
    SELECT h.org_id, h.path, h.status, h.kind, h.level, h.host_unit_type, h.establishment_mode
    FROM org_history h
    WHERE (root IS NULL OR h.path <@ root)
      AND h.valid_from < ((day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND (h.valid_to IS NULL OR h.valid_to >= ((day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
  ), mem AS (
    SELECT sub.org_id, sub.path,
      CASE
        WHEN m.left_on <= day THEN 'left'
        WHEN m.full_on <= day THEN 'full'
        WHEN m.admitted_on <= day THEN 'probationary'
        WHEN m.candidate_on <= day THEN 'candidate'
        WHEN m.activist_on <= day THEN 'activist'
        WHEN m.applied_on <= day THEN 'applicant'
      END AS status,
      p.gender, p.ethnicity, extract(year FROM p.birth_date)::int::text AS birth_year,
      coalesce(p.education, '') AS education, coalesce(p.occupation, '') AS occupation,
      coalesce(extract(year FROM CASE WHEN m.admitted_on <= day THEN m.admitted_on END)::int::text, '') AS join_year
    FROM sub
    JOIN member_org_history mh ON mh.org_id = sub.org_id AND mh.valid_from <= day AND (mh.valid_to IS NULL OR mh.valid_to > day)
    JOIN members m ON m.person_id = mh.person_id
    JOIN people p ON p.id = m.person_id
  )
  SELECT org_id, path, 'member', status,
    CASE WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(ethnicity) = 0 THEN 'ethnicity'
      WHEN GROUPING(birth_year) = 0 THEN 'birth_year' WHEN GROUPING(education) = 0 THEN 'education'
      WHEN GROUPING(occupation) = 0 THEN 'occupation' ELSE 'join_year' END,
    coalesce(gender, ethnicity, birth_year, education, occupation, join_year),
    count(*)
  FROM mem
  WHERE status IS NOT NULL
  GROUP BY org_id, path, status, GROUPING SETS ((gender), (ethnicity), (birth_year), (education), (occupation), (join_year))
  UNION ALL
  SELECT sub.org_id, sub.path, 'org', sub.status, f.dim, f.value, 1
  FROM sub
  CROSS JOIN LATERAL stat_org_facts(sub.kind, sub.level, sub.host_unit_type, sub.establishment_mode) f
$$;

CREATE TABLE stat_snapshots (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  as_of date NOT NULL,
  state text NOT NULL DEFAULT 'building' CHECK (state IN ('building', 'ready', 'failed')),
  requested_by uuid REFERENCES users (id),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  row_count bigint,
  error text CHECK (length(error) <= 500)
);
-- one snapshot per day being built or ready; a newer one replaces the older when it is ready
CREATE UNIQUE INDEX stat_snapshots_building_key ON stat_snapshots (as_of) WHERE state = 'building';
CREATE INDEX stat_snapshots_as_of_idx ON stat_snapshots (as_of, finished_at);
CREATE INDEX stat_snapshots_requested_by_idx ON stat_snapshots (requested_by);

CREATE TABLE stat_snapshot_rows (
  snapshot_id bigint NOT NULL REFERENCES stat_snapshots (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  subject text NOT NULL,
  status text NOT NULL,
  dim text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (snapshot_id, org_id, subject, status, dim, value)
);

-- Fills snapshot `id` with every org's subtree totals as of its day; marks it ready and drops the
-- older snapshots of the same day. Returns the rows written.
CREATE FUNCTION stat_snapshot_build(snapshot bigint) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public AS $$
DECLARE
  day date;
  written bigint;
BEGIN
  SELECT as_of INTO day FROM stat_snapshots WHERE id = snapshot AND state = 'building' FOR UPDATE;
  IF day IS NULL THEN
    RAISE EXCEPTION 'snapshot % is not being built', snapshot;
  END IF;
  INSERT INTO stat_snapshot_rows (snapshot_id, org_id, subject, status, dim, value, n)
  SELECT snapshot, a.id, own.subject, own.status, own.dim, own.value, sum(own.n)
  FROM stat_as_of_own(day, NULL) own
  CROSS JOIN LATERAL org_path_ids(own.path) AS a (id)
  GROUP BY a.id, own.subject, own.status, own.dim, own.value;
  GET DIAGNOSTICS written = ROW_COUNT;
  UPDATE stat_snapshots SET state = 'ready', finished_at = now(), row_count = written WHERE id = snapshot;
  DELETE FROM stat_snapshots WHERE as_of = day AND id <> snapshot AND state <> 'building';
  RETURN written;
END
$$;

GRANT SELECT, INSERT, UPDATE ON stat_snapshots TO xianfeng_app;
GRANT SELECT ON stat_snapshot_rows TO xianfeng_app;
REVOKE ALL ON FUNCTION stat_snapshot_build(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stat_snapshot_build(bigint), stat_as_of_own(date, ltree) TO xianfeng_app;
