-- Statistics of any subtree in a handful of rows (SPEC §3 "Statistics").
--
-- stat_rollup holds, for every org, the totals of its whole subtree (itself included): members by
-- status and by each dimension value, orgs by status and by each dimension value. A province figure
-- reads the province's rows only.
--
-- Every change writes its effect as rows of stat_delta, in the same transaction as the change, from
-- statement-level triggers over the changed rows (one insert per statement, however many rows it
-- changed). Writers only append, so they never wait on each other for a shared total (the
-- province's rows would otherwise be locked by every change in the province until it commits). A
-- reader sums stat_rollup and stat_delta for the orgs it asks about, so every read is exact; the job
-- stat_fold() moves delta rows into stat_rollup in one statement to keep stat_delta short.
--
-- Members and orgs are never deleted (leaving and dissolving are statuses), so there are no delete
-- triggers; the application role may not delete either.

CREATE TABLE stat_rollup (
  org_id uuid NOT NULL REFERENCES orgs (id),
  subject text NOT NULL CHECK (subject IN ('member', 'org')),
  -- a member's status (members.status) or an org's (orgs.status)
  status text NOT NULL,
  dim text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (org_id, subject, status, dim, value)
);

-- No foreign key: a delta row is checked by the org row it was computed from, and the insert stays cheap.
CREATE TABLE stat_delta (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL,
  subject text NOT NULL,
  status text NOT NULL,
  dim text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL
);
CREATE INDEX stat_delta_org_id_idx ON stat_delta (org_id);

-- The org at `p` and all its ancestors: the labels of an org path are its ids without dashes.
CREATE FUNCTION org_path_ids(p ltree) RETURNS SETOF uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT label::uuid FROM unnest(string_to_array(p::text, '.')) AS label
$$;

-- The dimension values one member counts under. Age is kept as the birth year (the annual
-- statistics count age at 12-31: year − birth year); unrecorded values are ''.
CREATE FUNCTION stat_member_facts(gender text, ethnicity text, birth_date date, education text, occupation text,
  admitted_on date) RETURNS TABLE (dim text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('gender', gender),
    ('ethnicity', ethnicity),
    ('birth_year', extract(year FROM birth_date)::int::text),
    ('education', coalesce(education, '')),
    ('occupation', coalesce(occupation, '')),
    ('join_year', coalesce(extract(year FROM admitted_on)::int::text, ''))
$$;

CREATE FUNCTION stat_org_facts(kind text, level text, host_unit_type text, establishment_mode text)
  RETURNS TABLE (dim text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('kind', kind), ('level', level), ('host_unit_type', coalesce(host_unit_type, '')),
    ('establishment_mode', coalesce(establishment_mode, ''))
$$;

-- The statement that appends the effect of member changes. `changes` is a query yielding
-- (org_id, status, admitted_on, gender, ethnicity, birth_date, education, occupation, n), n = +1 for
-- a row that now counts and −1 for one that no longer does. The orgs it names are locked FOR SHARE:
-- a concurrent subtree move either waits for this transaction or is seen by it (the lock returns
-- the moved row, so the delta lands under the org's new ancestors). The trigger functions EXECUTE
-- it themselves: transition tables are visible only there.
CREATE FUNCTION stat_member_delta_sql(changes text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH c (org_id, status, admitted_on, gender, ethnicity, birth_date, education, occupation, n) AS MATERIALIZED (%s),
    o AS (SELECT o.id, o.path FROM orgs o WHERE o.id IN (SELECT c.org_id FROM c) ORDER BY o.id FOR SHARE)
    INSERT INTO stat_delta (org_id, subject, status, dim, value, n)
    SELECT a.id, 'member', c.status, f.dim, f.value, sum(c.n)
    FROM c
    JOIN o ON o.id = c.org_id
    CROSS JOIN LATERAL stat_member_facts(c.gender, c.ethnicity, c.birth_date, c.education, c.occupation, c.admitted_on) f
    CROSS JOIN LATERAL org_path_ids(o.path) AS a (id)
    GROUP BY a.id, c.status, f.dim, f.value
    HAVING sum(c.n) <> 0 $f$, changes)
$$;

CREATE FUNCTION stat_members_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE stat_member_delta_sql($q$
      SELECT m.org_id, m.status, m.admitted_on, p.gender, p.ethnicity, p.birth_date, p.education, p.occupation, 1
      FROM new_rows m JOIN people p ON p.id = m.person_id $q$);
  ELSE
    EXECUTE stat_member_delta_sql($q$
      SELECT x.org_id, x.status, x.admitted_on, p.gender, p.ethnicity, p.birth_date, p.education, p.occupation, x.n
      FROM (
        SELECT o.person_id, o.org_id, o.status, o.admitted_on, -1 AS n
        FROM old_rows o JOIN new_rows m USING (person_id)
        WHERE (o.org_id, o.status, o.admitted_on) IS DISTINCT FROM (m.org_id, m.status, m.admitted_on)
        UNION ALL
        SELECT m.person_id, m.org_id, m.status, m.admitted_on, 1
        FROM old_rows o JOIN new_rows m USING (person_id)
        WHERE (o.org_id, o.status, o.admitted_on) IS DISTINCT FROM (m.org_id, m.status, m.admitted_on)
      ) x JOIN people p ON p.id = x.person_id $q$);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER members_stat_insert AFTER INSERT ON members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_members_changed();
CREATE TRIGGER members_stat_update AFTER UPDATE ON members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_members_changed();

CREATE FUNCTION stat_people_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  EXECUTE stat_member_delta_sql($q$
    SELECT m.org_id, m.status, m.admitted_on, x.gender, x.ethnicity, x.birth_date, x.education, x.occupation, x.n
    FROM (
      SELECT o.id, o.gender, o.ethnicity, o.birth_date, o.education, o.occupation, -1 AS n
      FROM old_rows o JOIN new_rows p USING (id)
      WHERE (o.gender, o.ethnicity, o.birth_date, o.education, o.occupation)
        IS DISTINCT FROM (p.gender, p.ethnicity, p.birth_date, p.education, p.occupation)
      UNION ALL
      SELECT p.id, p.gender, p.ethnicity, p.birth_date, p.education, p.occupation, 1
      FROM old_rows o JOIN new_rows p USING (id)
      WHERE (o.gender, o.ethnicity, o.birth_date, o.education, o.occupation)
        IS DISTINCT FROM (p.gender, p.ethnicity, p.birth_date, p.education, p.occupation)
    ) x JOIN members m ON m.person_id = x.id $q$);
  RETURN NULL;
END
$$;

CREATE TRIGGER people_stat_update AFTER UPDATE ON people REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_people_changed();

-- Orgs: a new org counts at itself and its ancestors; a changed kind, level, host unit type,
-- establishment mode or status moves its count; a subtree move (parent_id changed: the moved root)
-- takes the root's subtree totals, members and orgs, from its old ancestors to its new ones.
CREATE FUNCTION stat_orgs_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_delta (org_id, subject, status, dim, value, n)
    SELECT a.id, 'org', o.status, f.dim, f.value, count(*)
    FROM new_rows o
    CROSS JOIN LATERAL stat_org_facts(o.kind, o.level, o.host_unit_type, o.establishment_mode) f
    CROSS JOIN LATERAL org_path_ids(o.path) AS a (id)
    GROUP BY a.id, o.status, f.dim, f.value;
    RETURN NULL;
  END IF;

  -- One statement moves one subtree (or several disjoint ones): a moved root inside another
  -- moved subtree would have its totals moved twice.
  IF EXISTS (
    WITH roots AS (
      SELECT r.id, r.path FROM old_rows r JOIN new_rows m USING (id) WHERE r.parent_id IS DISTINCT FROM m.parent_id
    )
    SELECT 1 FROM roots a JOIN roots b ON b.path <@ a.path AND b.id <> a.id
  ) THEN
    RAISE EXCEPTION 'one statement may not move an org and one of its descendants';
  END IF;

  INSERT INTO stat_delta (org_id, subject, status, dim, value, n)
  SELECT a.id, t.subject, t.status, t.dim, t.value, sum(t.n * a.sign)
  FROM old_rows r
  JOIN new_rows m USING (id)
  CROSS JOIN LATERAL (
    SELECT s.subject, s.status, s.dim, s.value, sum(s.n) AS n
    FROM (
      SELECT subject, status, dim, value, n FROM stat_rollup WHERE org_id = r.id
      UNION ALL
      SELECT subject, status, dim, value, n FROM stat_delta WHERE org_id = r.id
    ) s
    GROUP BY s.subject, s.status, s.dim, s.value
  ) t
  CROSS JOIN LATERAL (
    SELECT id, -1 AS sign FROM org_path_ids(r.path) AS id WHERE id <> r.id
    UNION ALL
    SELECT id, 1 FROM org_path_ids(m.path) AS id WHERE id <> r.id
  ) a
  WHERE r.parent_id IS DISTINCT FROM m.parent_id
  GROUP BY a.id, t.subject, t.status, t.dim, t.value
  HAVING sum(t.n * a.sign) <> 0;

  INSERT INTO stat_delta (org_id, subject, status, dim, value, n)
  SELECT a.id, 'org', x.status, f.dim, f.value, sum(x.n)
  FROM (
    SELECT m.path, r.status, r.kind, r.level, r.host_unit_type, r.establishment_mode, -1 AS n
    FROM old_rows r JOIN new_rows m USING (id)
    WHERE (r.status, r.kind, r.level, r.host_unit_type, r.establishment_mode)
      IS DISTINCT FROM (m.status, m.kind, m.level, m.host_unit_type, m.establishment_mode)
    UNION ALL
    SELECT m.path, m.status, m.kind, m.level, m.host_unit_type, m.establishment_mode, 1
    FROM old_rows r JOIN new_rows m USING (id)
    WHERE (r.status, r.kind, r.level, r.host_unit_type, r.establishment_mode)
      IS DISTINCT FROM (m.status, m.kind, m.level, m.host_unit_type, m.establishment_mode)
  ) x
  CROSS JOIN LATERAL stat_org_facts(x.kind, x.level, x.host_unit_type, x.establishment_mode) f
  CROSS JOIN LATERAL org_path_ids(x.path) AS a (id)
  GROUP BY a.id, x.status, f.dim, f.value
  HAVING sum(x.n) <> 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER orgs_stat_insert AFTER INSERT ON orgs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_orgs_changed();
CREATE TRIGGER orgs_stat_update AFTER UPDATE ON orgs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stat_orgs_changed();

-- Every roll-up row recounted from the registers: what stat_rollup plus stat_delta must equal.
CREATE FUNCTION stat_recount() RETURNS TABLE (org_id uuid, subject text, status text, dim text, value text, n bigint)
  LANGUAGE sql STABLE SET search_path = public AS $$
  WITH own AS (
    SELECT m.org_id, 'member'::text AS subject, m.status, f.dim, f.value, count(*) AS n
    FROM members m
    JOIN people p ON p.id = m.person_id
    CROSS JOIN LATERAL stat_member_facts(p.gender, p.ethnicity, p.birth_date, p.education, p.occupation, m.admitted_on) f
    GROUP BY m.org_id, m.status, f.dim, f.value
    UNION ALL
    SELECT o.id, 'org', o.status, f.dim, f.value, 1
    FROM orgs o
    CROSS JOIN LATERAL stat_org_facts(o.kind, o.level, o.host_unit_type, o.establishment_mode) f
  )
  SELECT a.id, own.subject, own.status, own.dim, own.value, sum(own.n)::bigint
  FROM own
  JOIN orgs o ON o.id = own.org_id
  CROSS JOIN LATERAL org_path_ids(o.path) AS a (id)
  GROUP BY a.id, own.subject, own.status, own.dim, own.value
$$;

-- The roll-ups as a reader sees them (stat_rollup plus stat_delta, zero totals dropped).
CREATE VIEW stat_current AS
  SELECT org_id, subject, status, dim, value, sum(n)::bigint AS n
  FROM (SELECT org_id, subject, status, dim, value, n FROM stat_rollup
        UNION ALL
        SELECT org_id, subject, status, dim, value, n FROM stat_delta) s
  GROUP BY org_id, subject, status, dim, value
  HAVING sum(n) <> 0;

-- Moves the delta rows visible now into stat_rollup, in one statement: a reader's snapshot sees
-- either both before or both after. Returns the number of delta rows folded. One fold at a time.
CREATE FUNCTION stat_fold() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  folded bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('stat_fold')) THEN
    RETURN 0;
  END IF;
  WITH d AS (
    DELETE FROM stat_delta RETURNING org_id, subject, status, dim, value, n
  ), summed AS (
    SELECT org_id, subject, status, dim, value, sum(n)::bigint AS n, count(*) AS rows FROM d
    GROUP BY org_id, subject, status, dim, value
  ), upserted AS (
    INSERT INTO stat_rollup AS r (org_id, subject, status, dim, value, n)
    SELECT org_id, subject, status, dim, value, n FROM summed
    ON CONFLICT (org_id, subject, status, dim, value) DO UPDATE SET n = r.n + excluded.n
  )
  SELECT coalesce(sum(rows), 0) INTO folded FROM summed;
  RETURN folded;
END
$$;

-- Recomputes every roll-up from the registers (after a bulk load that bypassed the triggers).
CREATE FUNCTION stat_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written bigint;
BEGIN
  LOCK TABLE members, people, orgs IN SHARE MODE;
  LOCK TABLE stat_rollup, stat_delta IN ACCESS EXCLUSIVE MODE;
  TRUNCATE stat_delta, stat_rollup;
  INSERT INTO stat_rollup (org_id, subject, status, dim, value, n) SELECT * FROM stat_recount();
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;

-- The roll-ups of the orgs already recorded.
INSERT INTO stat_rollup (org_id, subject, status, dim, value, n) SELECT * FROM stat_recount();

GRANT SELECT ON stat_rollup, stat_delta, stat_current TO xianfeng_app;
REVOKE ALL ON FUNCTION stat_fold(), stat_rebuild(), stat_recount() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stat_fold(), stat_recount() TO xianfeng_app;
