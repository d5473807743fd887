-- Identity, access control and the process ledger.
CREATE TABLE departments (
  id {{ID}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  short_name TEXT NOT NULL,
  duties TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- city › district/county › town/street › grid cell. `path` lists the ids from the root to
-- the node ("/1/4/17/"): a data scope is a path prefix.
CREATE TABLE jurisdictions (
  id {{ID}},
  parent_id BIGINT REFERENCES jurisdictions (id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('city', 'district', 'town', 'grid_cell')),
  path TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX jurisdictions_parent ON jurisdictions (parent_id);

CREATE TABLE users (
  id {{ID}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  department_id BIGINT NOT NULL REFERENCES departments (id),
  jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
  jurisdiction_path TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  totp_secret TEXT,
  totp_pending TEXT,
  totp_last_step BIGINT NOT NULL,
  failed_logins INTEGER NOT NULL,
  first_failed_at TEXT,
  locked_until TEXT,
  last_login_at TEXT,
  password_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX users_jurisdiction_path ON users (jurisdiction_path);

-- Opaque session tokens are kept only as their SM3 digest.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  absolute_expires_at TEXT NOT NULL,
  revoked_at TEXT,
  remote TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The process record: append-only, each entry hash-chained to the one before (SM3).
CREATE TABLE ledger_entries (
  seq BIGINT PRIMARY KEY,
  time TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  jurisdiction_path TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  change TEXT NOT NULL,
  digest TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX ledger_subject ON ledger_entries (subject_type, subject_id);
CREATE INDEX ledger_actor ON ledger_entries (actor_id);
CREATE INDEX ledger_time ON ledger_entries (time);
CREATE INDEX ledger_action ON ledger_entries (action);
