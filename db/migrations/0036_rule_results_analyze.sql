-- A whole-tree evaluation that writes many results (the first of a year, a new rule) reads them
-- back in the same transaction to recount the roll-ups; until the table's statistics know of them
-- the planner takes the new millions for a handful and looks each one up by index. The evaluation
-- refreshes the statistics first, through this function (ANALYZE needs the table's owner).
CREATE FUNCTION rule_results_analyze() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  ANALYZE rule_results;
  ANALYZE rule_rollup;
END
$$;
REVOKE ALL ON FUNCTION rule_results_analyze() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rule_results_analyze() TO xianfeng_app;

-- Results are read by rule, period and org (the primary key), never by org alone.
DROP INDEX rule_results_org_idx;
