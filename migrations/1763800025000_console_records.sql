-- Up Migration

-- What the console lists beside a record's name: the number people know it by (an order number,
-- a deal name) and what the source says it is worth, so "order 1234" and "the 12 500 kr deal" are
-- findable without asking the source system. Written whenever a document is claimed.
ALTER TABLE sync_records ADD COLUMN source_number text;
ALTER TABLE sync_records ADD COLUMN source_net numeric(14, 2);
ALTER TABLE sync_records ADD COLUMN source_total numeric(14, 2);
ALTER TABLE sync_records ADD COLUMN source_currency text;

-- The console's list is newest change first, paged by (updated_at, id) — keyset, so page 20,000
-- costs what page 1 does. One index per filter people narrow by most, each ending in that order.
CREATE INDEX sync_records_changed_idx ON sync_records (updated_at DESC, id DESC);
CREATE INDEX sync_records_state_changed_idx ON sync_records (state, updated_at DESC, id DESC);
CREATE INDEX sync_records_tenant_changed_idx ON sync_records (tenant_id, updated_at DESC, id DESC);
CREATE INDEX sync_records_source_changed_idx
  ON sync_records (source_system, source_connection, updated_at DESC, id DESC);

-- Search: any id, number or reference exactly, or the start of a name (no extension needed).
CREATE INDEX sync_records_source_id_idx ON sync_records (source_id);
CREATE INDEX sync_records_source_number_idx ON sync_records (lower(source_number)) WHERE source_number IS NOT NULL;
CREATE INDEX sync_records_number_idx ON sync_records (fortnox_number) WHERE fortnox_number IS NOT NULL;
CREATE INDEX sync_records_any_reference_idx ON sync_records (fortnox_reference) WHERE fortnox_reference IS NOT NULL;
CREATE INDEX sync_records_label_prefix_idx ON sync_records (lower(source_label) text_pattern_ops)
  WHERE source_label IS NOT NULL;

-- Bulk retry/skip on a filtered set runs as a job; this row is its progress, shown on the console.
CREATE TABLE console_bulk_actions (
  id              bigserial PRIMARY KEY,
  action          text NOT NULL CHECK (action IN ('retry', 'skip')),
  filter          jsonb NOT NULL,
  reason          text,
  actor           text NOT NULL,
  state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  total           integer,
  done            integer NOT NULL DEFAULT 0,
  -- the keyset position reached, so a retried job continues where it stopped instead of redoing
  cursor_at       timestamptz,
  cursor_id       bigint,
  message         text,
  correlation_id  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE console_bulk_actions;
DROP INDEX sync_records_label_prefix_idx;
DROP INDEX sync_records_any_reference_idx;
DROP INDEX sync_records_number_idx;
DROP INDEX sync_records_source_number_idx;
DROP INDEX sync_records_source_id_idx;
DROP INDEX sync_records_source_changed_idx;
DROP INDEX sync_records_tenant_changed_idx;
DROP INDEX sync_records_state_changed_idx;
DROP INDEX sync_records_changed_idx;
ALTER TABLE sync_records DROP COLUMN source_currency;
ALTER TABLE sync_records DROP COLUMN source_total;
ALTER TABLE sync_records DROP COLUMN source_net;
ALTER TABLE sync_records DROP COLUMN source_number;
