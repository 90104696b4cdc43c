-- Tianbao reference platform, first schema. Applied once, in one transaction, by platform/db/migrate.ts;
-- the same file runs on PGlite and on PostgreSQL (15 or newer).

-- Units are the unit of authorisation: every synced record belongs to one, and a province
-- user sees the units whose region code starts with its province's two digits.
CREATE TABLE units (
  id text PRIMARY KEY,
  name text NOT NULL,
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  created_at timestamptz NOT NULL
);
CREATE INDEX units_province ON units (substr(region_code, 1, 2));

CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  -- scrypt$N$r$p$salt$hash (platform/auth/passwords.ts); never the password itself.
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('unit', 'province', 'ministry')),
  unit_id text REFERENCES units (id),
  region_code text CHECK (region_code IS NULL OR region_code ~ '^[0-9]{2}0000$'),
  display_name text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK ((role = 'unit') = (unit_id IS NOT NULL)),
  CHECK ((role = 'province') = (region_code IS NOT NULL))
);

-- Refresh tokens are stored as SHA-256 of the random token; a used one is rotated, and using it
-- again revokes its whole family (someone else has a copy).
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  family_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- The change sequence: taken under the write lock, so its order is the commit order and a pull
-- cursor never skips a change committed later with a smaller number.
CREATE SEQUENCE change_seq;

-- Every synced record, latest revision only; seq is the change-sequence value of its last write.
CREATE TABLE entities (
  entity text NOT NULL CHECK (entity IN ('unit', 'project', 'submission', 'evidence', 'comment')),
  id text NOT NULL,
  unit_id text NOT NULL REFERENCES units (id),
  -- project of a submission, submission of evidence and comments.
  parent_id text,
  rev integer NOT NULL CHECK (rev >= 1),
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  doc jsonb,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (entity, id)
);
CREATE UNIQUE INDEX entities_seq ON entities (seq);
CREATE INDEX entities_unit_seq ON entities (unit_id, seq);
CREATE INDEX entities_parent ON entities (parent_id, entity);
-- One submission per project and year, however many clients created one offline.
CREATE UNIQUE INDEX entities_submission_year ON entities (parent_id, (doc ->> 'year'))
  WHERE entity = 'submission' AND NOT deleted;

-- Applied mutations by id: a retried push is answered from here and never applied twice.
CREATE TABLE mutations (
  mutation_id text PRIMARY KEY,
  user_id text NOT NULL,
  -- SHA-256 of entity, id, baseRev and doc: the same id with other content is refused.
  fingerprint text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  result jsonb NOT NULL,
  applied_at timestamptz NOT NULL
);

-- Status changes of submissions: who, when, why, and for submit/resubmit the frozen document.
CREATE TABLE submission_events (
  id bigserial PRIMARY KEY,
  submission_id text NOT NULL,
  action text NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  rev integer NOT NULL,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  role text NOT NULL,
  reason text,
  sha256 text,
  doc jsonb,
  request_id text UNIQUE,
  response jsonb
);
CREATE INDEX submission_events_submission ON submission_events (submission_id, id);

-- Blobs are stored once by hash (bytes in the data folder); a ref says who may read one.
CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE blob_refs (
  sha256 text NOT NULL REFERENCES blobs (sha256),
  -- `unit:<id>` for a unit user's upload, `user:<id>` for a reviewer's.
  owner text NOT NULL,
  unit_id text REFERENCES units (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (sha256, owner)
);
CREATE INDEX blob_refs_unit ON blob_refs (unit_id);

-- Uploads under way; the bytes received so far are the size of the part file.
CREATE TABLE uploads (
  owner text NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  unit_id text REFERENCES units (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (owner, sha256)
);
