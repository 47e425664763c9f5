-- The recount after a bulk load (a province: about 23 million member facts summed into about 12
-- million roll-up rows) aggregates in memory instead of spilling to disk in small batches, writes
-- the rows first and builds the key's index after, in one sorted pass.
CREATE OR REPLACE FUNCTION stat_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE members, people, orgs IN SHARE MODE;
  LOCK TABLE stat_rollup, stat_delta IN ACCESS EXCLUSIVE MODE;
  PERFORM set_config('work_mem', '1GB', true);
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  TRUNCATE stat_delta, stat_rollup;
  ALTER TABLE stat_rollup DROP CONSTRAINT stat_rollup_pkey;
  INSERT INTO stat_rollup (org_id, subject, status, dim, value, n) SELECT * FROM stat_recount();
  GET DIAGNOSTICS written = ROW_COUNT;
  ALTER TABLE stat_rollup ADD CONSTRAINT stat_rollup_pkey PRIMARY KEY (org_id, subject, status, dim, value);
  RETURN written;
END
$$;
REVOKE ALL ON FUNCTION stat_rebuild() FROM PUBLIC;
