-- A snapshot is built in one transaction, where now() is the time it started: its finished_at said
-- it was ready the moment it was asked for. The time it really finished is the clock's.
CREATE OR REPLACE FUNCTION stat_snapshot_build(snapshot bigint) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
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
  UPDATE stat_snapshots SET state = 'ready', finished_at = clock_timestamp(), row_count = written WHERE id = snapshot;
  DELETE FROM stat_snapshots WHERE as_of = day AND id <> snapshot AND state <> 'building';
  RETURN written;
END
$$;
