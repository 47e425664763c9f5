-- Administrative division codes have 2, 4, 6, 9 or 12 digits, and no other length.
ALTER TABLE orgs DROP CONSTRAINT orgs_division_code_check;
ALTER TABLE orgs ADD CONSTRAINT orgs_division_code_check
  CHECK (division_code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$');
