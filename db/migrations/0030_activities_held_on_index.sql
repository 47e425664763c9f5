-- A rule evaluates one period over the whole tree: the period's records are found by date (a
-- month at province scale: about 150,000 of 7.5 million), not by scanning them all.
CREATE INDEX activities_held_idx ON activities (held_on) WHERE voided_at IS NULL;
