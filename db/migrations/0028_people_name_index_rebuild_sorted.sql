-- The refill after a bulk load writes the rows first and builds the two indexes after, each in one
-- sorted pass, instead of inserting millions of rows into both B-trees one by one (a province:
-- about 17 million rows).
CREATE OR REPLACE FUNCTION people_name_index_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE people IN SHARE MODE;
  LOCK TABLE people_name_index IN ACCESS EXCLUSIVE MODE;
  PERFORM set_config('maintenance_work_mem', '256MB', true);
  ALTER TABLE people_name_index DROP CONSTRAINT people_name_index_pkey;
  DROP INDEX people_name_index_person_id_idx;
  TRUNCATE people_name_index;
  INSERT INTO people_name_index (gram, name_pinyin, person_id)
  SELECT g, p.name_pinyin, p.id FROM people p, unnest(p.name_grams) AS g;
  GET DIAGNOSTICS written = ROW_COUNT;
  ALTER TABLE people_name_index ADD CONSTRAINT people_name_index_pkey PRIMARY KEY (gram, name_pinyin, person_id);
  CREATE INDEX people_name_index_person_id_idx ON people_name_index (person_id);
  RETURN written;
END
$$;
REVOKE ALL ON FUNCTION people_name_index_rebuild() FROM PUBLIC;
