-- Excel imports of people and members. The rows of a file are written in one transaction together
-- with the import's final state, so a file is either wholly in or not at all, and a file already
-- imported (same SHA-256 into the same org) is recognised instead of written twice.

CREATE TABLE member_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the org whose subtree the file's rows go into; the rows name their org inside it
  org_id uuid NOT NULL REFERENCES orgs (id),
  created_by uuid NOT NULL REFERENCES users (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  file_sha256 bytea NOT NULL CHECK (octet_length(file_sha256) = 32),
  file_size bigint NOT NULL CHECK (file_size >= 0),
  status text NOT NULL CHECK (status IN ('queued', 'reading', 'checking', 'writing', 'done', 'rejected', 'failed',
    'interrupted', 'duplicate')),
  -- progress: bytes of the file read so far, data rows read, rows written
  bytes_read bigint NOT NULL DEFAULT 0,
  rows_read integer NOT NULL DEFAULT 0,
  rows_written integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  skipped_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  -- for 'duplicate': the earlier import of the same file
  duplicate_of uuid REFERENCES member_imports (id),
  message text CHECK (length(message) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX member_imports_org_idx ON member_imports (org_id, created_at DESC);
CREATE INDEX member_imports_created_by_idx ON member_imports (created_by);
CREATE INDEX member_imports_duplicate_of_idx ON member_imports (duplicate_of);
-- at most one completed import of a file into an org
CREATE UNIQUE INDEX member_imports_done_file_key ON member_imports (org_id, file_sha256) WHERE status = 'done';

-- The row-level error report of a rejected import (the first errors of a file, see the service's
-- cap). Values of ID and phone columns are stored masked.
CREATE TABLE member_import_errors (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id uuid NOT NULL REFERENCES member_imports (id),
  row_no integer NOT NULL,
  column_name text NOT NULL,
  value text,
  message text NOT NULL
);
CREATE INDEX member_import_errors_import_idx ON member_import_errors (import_id, row_no, id);

GRANT SELECT, INSERT, UPDATE ON member_imports TO xianfeng_app;
GRANT SELECT, INSERT ON member_import_errors TO xianfeng_app;
