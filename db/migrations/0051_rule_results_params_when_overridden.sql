-- A result keeps its parameters only when an override set them; without one they are the rule's
-- defaults, which the registry knows. A whole-tree evaluation no longer builds, writes and compares
-- the same defaults on millions of rows.
ALTER TABLE rule_results ALTER COLUMN params DROP NOT NULL;
UPDATE rule_results SET params = NULL WHERE params_from IS NULL;
