-- The yearly hours rule over the whole tree joins every member to the year's study hours. Both sides
-- read from an index that carries what the join needs, in person order, so the two are merged as they
-- are read instead of hashing millions of rows: members by person with their org and status, and
-- study hours by person and year with the hours.
CREATE INDEX members_person_org_status_idx ON members (person_id) INCLUDE (org_id, status);

ALTER TABLE study_hours DROP CONSTRAINT study_hours_pkey;
ALTER TABLE study_hours ADD PRIMARY KEY (person_id, year) INCLUDE (hours);
