-- Member self-service (SPEC §1 "members: own profile"): a login account linked to the person it
-- belongs to, requests to change one's own contact details that the branch approves, and the
-- person's photo.

-- One account per person: users.person_id existed since 0001 without a reference or a key.
ALTER TABLE users ADD CONSTRAINT users_person_id_fkey FOREIGN KEY (person_id) REFERENCES people (id);
CREATE UNIQUE INDEX users_person_id_key ON users (person_id) WHERE person_id IS NOT NULL;

-- A member's request to change their own contact details, decided by an officer whose scope covers
-- the member's org. The new phone is sealed like people.phone_enc (platform/crypto/pii.ts), with the
-- request's id in the context; no column holds a phone number in clear.
CREATE TABLE contact_change_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  -- the member's org when they asked; who may decide follows the member's current org
  org_id uuid NOT NULL REFERENCES orgs (id),
  requested_by uuid NOT NULL REFERENCES users (id),
  phone_enc bytea NOT NULL,
  note text CHECK (length(note) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  reject_reason text CHECK (length(reject_reason) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contact_change_requests_decision CHECK (CASE status
    WHEN 'pending' THEN decided_at IS NULL AND decided_by IS NULL AND reject_reason IS NULL
    WHEN 'rejected' THEN decided_at IS NOT NULL AND decided_by IS NOT NULL AND reject_reason IS NOT NULL
    WHEN 'approved' THEN decided_at IS NOT NULL AND decided_by IS NOT NULL AND reject_reason IS NULL
    ELSE decided_at IS NOT NULL AND reject_reason IS NULL END)
);
-- one open request per person at a time
CREATE UNIQUE INDEX contact_change_requests_pending_key ON contact_change_requests (person_id) WHERE status = 'pending';
CREATE INDEX contact_change_requests_person_idx ON contact_change_requests (person_id, created_at);
CREATE INDEX contact_change_requests_org_idx ON contact_change_requests (org_id, status);
CREATE INDEX contact_change_requests_status_idx ON contact_change_requests (status, created_at);
CREATE INDEX contact_change_requests_requested_by_idx ON contact_change_requests (requested_by);
CREATE INDEX contact_change_requests_decided_by_idx ON contact_change_requests (decided_by);
CREATE TRIGGER contact_change_requests_updated_at BEFORE UPDATE ON contact_change_requests
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A person's photo (证件照), at most one; JPEG or PNG as their leading bytes say, at most 2 MB.
CREATE TABLE person_photos (
  person_id uuid PRIMARY KEY REFERENCES people (id),
  content bytea NOT NULL,
  mime_type text NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png')),
  byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 2097152),
  sha256 bytea NOT NULL CHECK (octet_length(sha256) = 32),
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT person_photos_size CHECK (octet_length(content) = byte_size)
);
CREATE INDEX person_photos_uploaded_by_idx ON person_photos (uploaded_by);
CREATE TRIGGER person_photos_updated_at BEFORE UPDATE ON person_photos FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Requests are never deleted; a photo may be replaced or removed (each audited).
GRANT SELECT, INSERT, UPDATE ON contact_change_requests TO xianfeng_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON person_photos TO xianfeng_app;
