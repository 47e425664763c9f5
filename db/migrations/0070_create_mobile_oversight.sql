-- Oversight of mobile-member work (seed §23): the inter-department coordination meetings, the year-end
-- report each county and city sends up (逐级上报), and the province's yearly spot check (抽查) with its
-- findings and their rectification. Counts come from the transfer and outflow tables; nothing is
-- imported from the other departments.
--
-- All five are small tables counted per org and year (a few thousand rows a year for the nation): reference
-- tables in a distributed deployment (docs/decisions/0001), like the study plans.

-- A coordination meeting (公安、民政、人事、劳动和社会保障… 等部门协作，定期研究和通报): who convened it,
-- which departments took part, what was decided.
CREATE TABLE mobile_coordination_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the convening org (an organization department's committee)
  org_id uuid NOT NULL REFERENCES orgs (id),
  held_on date NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  -- the participating departments as named on the minutes
  departments text[] NOT NULL CHECK (cardinality(departments) BETWEEN 1 AND 30),
  decisions text NOT NULL CHECK (length(decisions) BETWEEN 1 AND 2000),
  venue text CHECK (length(venue) BETWEEN 1 AND 100),
  created_by uuid,
  updated_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mobile_coordination_meetings_org_idx ON mobile_coordination_meetings (org_id, held_on);
CREATE INDEX mobile_coordination_meetings_created_by_idx ON mobile_coordination_meetings (created_by);
CREATE INDEX mobile_coordination_meetings_updated_by_idx ON mobile_coordination_meetings (updated_by);
CREATE TRIGGER mobile_coordination_meetings_updated_at BEFORE UPDATE ON mobile_coordination_meetings
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One org's year-end report on mobile-member work: a county's to its city, a city's to the province.
-- No row = not started. 'submitted' freezes the figures as of submission; the level above may return it
-- with a reason, after which it is a draft again (returned) until submitted anew.
CREATE TABLE mobile_work_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  level text NOT NULL CHECK (level IN ('county', 'city')),
  -- the org it goes to: the city above a county, the province above a city
  submitted_to_org_id uuid NOT NULL REFERENCES orgs (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned')),
  narrative text NOT NULL DEFAULT '' CHECK (length(narrative) <= 5000),
  -- the figures as of submission (counts by category; a city's also per county); null until submitted
  figures jsonb CHECK (figures IS NULL OR jsonb_typeof(figures) = 'object'),
  due_on date NOT NULL,
  submitted_at timestamptz,
  submitted_on date,
  submitted_by uuid,
  returned_at timestamptz,
  returned_by uuid,
  return_reason text CHECK (length(return_reason) BETWEEN 1 AND 500),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mobile_work_reports_submitted CHECK ((status = 'submitted') = (figures IS NOT NULL AND submitted_at IS NOT NULL)),
  CONSTRAINT mobile_work_reports_returned CHECK (status <> 'returned' OR return_reason IS NOT NULL)
);
CREATE UNIQUE INDEX mobile_work_reports_org_year_key ON mobile_work_reports (org_id, year);
CREATE INDEX mobile_work_reports_to_idx ON mobile_work_reports (submitted_to_org_id, year);
CREATE INDEX mobile_work_reports_submitted_by_idx ON mobile_work_reports (submitted_by);
CREATE INDEX mobile_work_reports_returned_by_idx ON mobile_work_reports (returned_by);
CREATE INDEX mobile_work_reports_created_by_idx ON mobile_work_reports (created_by);
CREATE TRIGGER mobile_work_reports_updated_at BEFORE UPDATE ON mobile_work_reports
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A spot check: a sample of counties under the drawing org and of mobile members in them, drawn with a
-- recorded seed by the documented generator (mobile-oversight.sample.ts), over frames whose size and
-- SHA-256 are stored so anyone can redraw it and see the same sample.
CREATE TABLE mobile_spot_checks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  seed text NOT NULL CHECK (length(seed) BETWEEN 1 AND 64),
  generator text NOT NULL CHECK (generator IN ('sha256-fisher-yates-v1')),
  -- the day the frames were taken as of
  frame_as_of date NOT NULL,
  county_sample_size smallint NOT NULL CHECK (county_sample_size BETWEEN 1 AND 200),
  member_sample_size smallint NOT NULL CHECK (member_sample_size BETWEEN 0 AND 2000),
  county_frame_size integer NOT NULL CHECK (county_frame_size >= 0),
  county_frame_sha256 text NOT NULL CHECK (county_frame_sha256 ~ '^[0-9a-f]{64}$'),
  member_frame_size integer NOT NULL CHECK (member_frame_size >= 0),
  member_frame_sha256 text NOT NULL CHECK (member_frame_sha256 ~ '^[0-9a-f]{64}$'),
  drawn_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mobile_spot_checks_org_idx ON mobile_spot_checks (org_id, year);
CREATE INDEX mobile_spot_checks_drawn_by_idx ON mobile_spot_checks (drawn_by);
CREATE TRIGGER mobile_spot_checks_updated_at BEFORE UPDATE ON mobile_spot_checks
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One drawn item: a county, or a member (with the county they were drawn in), in draw order.
CREATE TABLE mobile_spot_check_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  spot_check_id uuid NOT NULL REFERENCES mobile_spot_checks (id),
  kind text NOT NULL CHECK (kind IN ('county', 'member')),
  draw_order smallint NOT NULL CHECK (draw_order >= 1),
  -- the county drawn, or the county a member was drawn in
  county_org_id uuid NOT NULL REFERENCES orgs (id),
  person_id uuid REFERENCES people (id),
  checker text CHECK (length(checker) BETWEEN 1 AND 100),
  checker_assigned_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mobile_spot_check_items_person CHECK ((kind = 'member') = (person_id IS NOT NULL)),
  CONSTRAINT mobile_spot_check_items_checker CHECK ((checker IS NULL) = (checker_assigned_on IS NULL))
);
CREATE UNIQUE INDEX mobile_spot_check_items_order_key ON mobile_spot_check_items (spot_check_id, kind, draw_order);
CREATE INDEX mobile_spot_check_items_county_idx ON mobile_spot_check_items (county_org_id);
CREATE INDEX mobile_spot_check_items_person_idx ON mobile_spot_check_items (person_id);
CREATE TRIGGER mobile_spot_check_items_updated_at BEFORE UPDATE ON mobile_spot_check_items
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A finding on a sampled item and its rectification: open → rectifying → closed.
CREATE TABLE mobile_spot_check_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL REFERENCES mobile_spot_check_items (id),
  found_on date NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  rectify_by date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'rectifying', 'closed')),
  rectifying_on date,
  measures text CHECK (length(measures) BETWEEN 1 AND 1000),
  closed_on date,
  evidence text CHECK (length(evidence) BETWEEN 1 AND 1000),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mobile_spot_check_findings_rectifying CHECK ((status = 'open') = (rectifying_on IS NULL)),
  CONSTRAINT mobile_spot_check_findings_closed CHECK ((status = 'closed') = (closed_on IS NOT NULL AND evidence IS NOT NULL)),
  CONSTRAINT mobile_spot_check_findings_dates CHECK (rectifying_on IS NULL OR rectifying_on >= found_on),
  CONSTRAINT mobile_spot_check_findings_closed_after CHECK (closed_on IS NULL OR closed_on >= rectifying_on)
);
CREATE INDEX mobile_spot_check_findings_item_idx ON mobile_spot_check_findings (item_id);
CREATE INDEX mobile_spot_check_findings_created_by_idx ON mobile_spot_check_findings (created_by);
CREATE TRIGGER mobile_spot_check_findings_updated_at BEFORE UPDATE ON mobile_spot_check_findings
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE ON mobile_coordination_meetings, mobile_work_reports, mobile_spot_checks,
  mobile_spot_check_items, mobile_spot_check_findings TO xianfeng_app;
