-- Up Migration

-- People who sign in to the console. `viewer` looks and downloads (finance); `admin` also changes
-- settings, retries, skips and connects. Passwords are scrypt hashes (node:crypto), never the text.
CREATE TABLE console_users (
  username        text PRIMARY KEY CHECK (username ~ '^[a-z0-9._@-]{1,64}$'),
  role            text NOT NULL CHECK (role IN ('viewer', 'admin')),
  password_hash   text NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_signed_in  timestamptz
);

-- One row per signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
-- copy of this table signs nobody in. `csrf` is the session's form token. `env_admin` marks the
-- bootstrap admin (ADMIN_PASSWORD), whose sessions end when that password is removed.
CREATE TABLE console_sessions (
  token_hash      bytea PRIMARY KEY,
  username        text NOT NULL,
  env_admin       boolean NOT NULL DEFAULT false,
  csrf            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX console_sessions_username_idx ON console_sessions (username);
CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at);

-- Down Migration
DROP TABLE console_sessions;
DROP TABLE console_users;
