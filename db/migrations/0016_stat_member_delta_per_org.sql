-- The member roll-up trigger (0012) expanded every member's facts to every ancestor before summing:
-- a statement writing 5,000 members across 2,000 branches built 180,000 rows to sum, through a
-- call of org_path_ids for each (STRICT kept PostgreSQL from inlining it) and numeric sums. Now
-- each org's own facts are summed first, those sums expanded to the ancestors, in integers. Same
-- arguments, same deltas.
CREATE OR REPLACE FUNCTION org_path_ids(p ltree) RETURNS SETOF uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT label::uuid FROM unnest(string_to_array(p::text, '.')) AS label
$$;

CREATE OR REPLACE FUNCTION stat_member_delta_sql(changes text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH c (org_id, status, admitted_on, gender, ethnicity, birth_date, education, occupation, n) AS MATERIALIZED (%s),
    o AS (SELECT o.id, o.path FROM orgs o WHERE o.id IN (SELECT c.org_id FROM c) ORDER BY o.id FOR SHARE),
    own AS (
      SELECT c.org_id, c.status, f.dim, f.value, sum(c.n)::int AS n
      FROM c
      CROSS JOIN LATERAL stat_member_facts(c.gender, c.ethnicity, c.birth_date, c.education, c.occupation, c.admitted_on) f
      GROUP BY c.org_id, c.status, f.dim, f.value
      HAVING sum(c.n) <> 0
    )
    INSERT INTO stat_delta (org_id, subject, status, dim, value, n)
    SELECT a.id, 'member', own.status, own.dim, own.value, sum(own.n)
    FROM own
    JOIN o ON o.id = own.org_id
    CROSS JOIN LATERAL org_path_ids(o.path) AS a (id)
    GROUP BY a.id, own.status, own.dim, own.value
    HAVING sum(own.n) <> 0 $f$, changes)
$$;

-- stat_delta is only appended to and emptied by stat_fold(); nothing looks a row up by its id, so
-- the id and its index only cost every insert.
ALTER TABLE stat_delta DROP COLUMN IF EXISTS id;

-- Folding upserted stat_rollup rows whose foreign key locked their orgs (FOR KEY SHARE) one by
-- one, while a subtree move locks the moved orgs (FOR UPDATE: the path is a unique key) in its own
-- order: the two could deadlock. The rows are derived from orgs, which are never deleted; the key
-- only cost locks.
ALTER TABLE stat_rollup DROP CONSTRAINT IF EXISTS stat_rollup_org_id_fkey;
