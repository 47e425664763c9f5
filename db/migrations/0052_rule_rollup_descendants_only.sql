-- A rule's roll-up of an org now counts only its descendants' results; the org's own result is read
-- beside it. Most orgs are branches with no descendants: they no longer have a roll-up row per rule
-- and period, and a whole-tree evaluation writes a tenth of the roll-up rows it did.
UPDATE rule_rollup rr SET applicable = rr.applicable - 1, met = rr.met - r.is_met::int
FROM rule_results r
WHERE r.rule_id = rr.rule_id AND r.period_start = rr.period_start AND r.org_id = rr.org_id;

DELETE FROM rule_rollup WHERE applicable = 0 AND met = 0;
