-- Up Migration

-- One row per source record and document kind: the ledger that makes "exactly one invoice per
-- Opportunity and tenant" enforceable by the database, written before anything is sent to Fortnox.
CREATE TABLE sync_records (
  id               bigserial PRIMARY KEY,
  source_system    text NOT NULL,                 -- 'salesforce' (later: webshop, pos …)
  source_object    text NOT NULL,                 -- 'Opportunity', 'Account'
  source_id        text NOT NULL,
  tenant_id        text NOT NULL,                 -- Fortnox tenant (DatabaseNumber)
  document_kind    text NOT NULL CHECK (document_kind IN ('customer', 'invoice', 'order')),
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN (
                     'pending', 'creating', 'synced', 'draft', 'booked', 'sent', 'partially_paid', 'paid',
                     'overdue', 'credited', 'cancelled', 'needs_attention', 'skipped')),
  -- the state to return to when a needs_attention record is retried after it had a Fortnox document
  previous_state   text,
  fortnox_number   text,                          -- CustomerNumber / DocumentNumber
  fortnox_total    numeric(14, 2),
  fortnox_balance  numeric(14, 2),
  currency         text,
  due_date         date,
  paid_date        date,
  error_code       text,
  error_message    text,                          -- plain English, shown to people
  remote_message   text,                          -- Fortnox's own (Swedish) text, kept beside it
  attempts         integer NOT NULL DEFAULT 0,
  source_hash      text,                          -- what we last sent, to skip no-op updates
  flags            jsonb NOT NULL DEFAULT '{}',   -- e.g. total outside tolerance
  last_attempt_at  timestamptz,
  synced_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sync_records_one_per_source UNIQUE (source_system, source_object, source_id, tenant_id, document_kind)
);
CREATE INDEX sync_records_state_idx ON sync_records (tenant_id, state);
CREATE INDEX sync_records_fortnox_idx ON sync_records (tenant_id, document_kind, fortnox_number);

-- The audit trail: every state change and every remote exchange, with a correlation id.
CREATE TABLE sync_events (
  id              bigserial PRIMARY KEY,
  sync_record_id  bigint NOT NULL REFERENCES sync_records (id) ON DELETE CASCADE,
  correlation_id  text NOT NULL,
  kind            text NOT NULL,                  -- 'transition', 'request', 'error', 'note'
  from_state      text,
  to_state        text,
  message         text,
  request         jsonb,                          -- what was sent, secrets redacted
  response        jsonb,                          -- what came back
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_events_record_idx ON sync_events (sync_record_id, id);
CREATE INDEX sync_events_correlation_idx ON sync_events (correlation_id);

-- Where each inbound stream resumes: Salesforce replay ids per channel, Fortnox WebSocket offsets
-- and poller checkpoints per tenant. Positions are opaque to us, so they are stored as text.
CREATE TABLE stream_checkpoints (
  source      text NOT NULL,                      -- 'salesforce', 'fortnox-ws', 'fortnox-poll'
  channel     text NOT NULL,                      -- '/data/OpportunityChangeEvent', or a tenant id
  position    text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, channel)
);

-- Fortnox connections, one per tenant. Tokens are AES-256-GCM ciphertext, never plain text.
CREATE TABLE connections (
  tenant_id              text PRIMARY KEY,
  kind                   text NOT NULL CHECK (kind IN ('authorization_code', 'service_account')),
  state                  text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'revoked', 'error')),
  company_name           text,
  scopes                 text,
  access_token_enc       text,
  access_expires_at      timestamptz,
  refresh_token_enc      text,
  refresh_expires_at     timestamptz,
  last_error             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);

-- Mapping rules and switches edited in the dashboard; scope 'global' or a tenant id.
CREATE TABLE settings (
  scope       text NOT NULL DEFAULT 'global',
  key         text NOT NULL,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- Down Migration
DROP TABLE settings;
DROP TABLE connections;
DROP TABLE stream_checkpoints;
DROP TABLE sync_events;
DROP TABLE sync_records;
