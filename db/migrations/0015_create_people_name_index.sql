-- Name search by one or two characters, in list order. The GIN index over name_grams found the
-- people whose name holds a fragment, but not in the list's order (pinyin, then id): a common
-- fragment (王, 建) meant fetching and sorting every match — about a second per 450,000 people.
-- This table holds one row per fragment and person, keyed in list order, so a page of any
-- fragment is a walk of the first rows of one key. It replaces the GIN index.

CREATE TABLE people_name_index (
  gram text NOT NULL,
  name_pinyin text NOT NULL,
  -- kept by the triggers below from people, whose rows are never deleted: no foreign key to check
  person_id uuid NOT NULL,
  PRIMARY KEY (gram, name_pinyin, person_id)
);
CREATE INDEX people_name_index_person_id_idx ON people_name_index (person_id);

CREATE FUNCTION people_name_index_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM people_name_index x
    USING old_rows o JOIN new_rows n USING (id)
    WHERE x.person_id = o.id AND (o.name, o.name_pinyin) IS DISTINCT FROM (n.name, n.name_pinyin);
    INSERT INTO people_name_index (gram, name_pinyin, person_id)
    SELECT g, n.name_pinyin, n.id
    FROM old_rows o JOIN new_rows n USING (id), unnest(people_name_grams(n.name)) AS g
    WHERE (o.name, o.name_pinyin) IS DISTINCT FROM (n.name, n.name_pinyin);
  ELSE
    INSERT INTO people_name_index (gram, name_pinyin, person_id)
    SELECT g, n.name_pinyin, n.id FROM new_rows n, unnest(people_name_grams(n.name)) AS g;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER people_name_index_insert AFTER INSERT ON people REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION people_name_index_sync();
CREATE TRIGGER people_name_index_update AFTER UPDATE ON people REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION people_name_index_sync();

-- Refills the table from people (after a bulk load that bypassed the triggers).
CREATE FUNCTION people_name_index_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE people IN SHARE MODE;
  TRUNCATE people_name_index;
  INSERT INTO people_name_index (gram, name_pinyin, person_id)
  SELECT g, p.name_pinyin, p.id FROM people p, unnest(p.name_grams) AS g;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;
REVOKE ALL ON FUNCTION people_name_index_rebuild() FROM PUBLIC;

SELECT people_name_index_rebuild();

DROP INDEX people_name_grams_gin;

GRANT SELECT ON people_name_index TO xianfeng_app;
