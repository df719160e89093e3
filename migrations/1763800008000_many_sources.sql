-- Up Migration

-- One row per connection of a source system: a Salesforce org, a BigCommerce store, a WooCommerce
-- site, a commercetools project, a POS location. Credentials are AES-256-GCM ciphertext (the key of
-- the Fortnox tokens); settings are the adapter's own (validated by its schema on every read).
CREATE TABLE source_connections (
  system           text NOT NULL,
  key              text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,20}$'),
  label            text,
  state            text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'revoked', 'error')),
  credentials_enc  text,
  settings         jsonb NOT NULL DEFAULT '{}',
  last_error       text,
  last_event_at    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (system, key)
);

-- Every source reference names its connection. Rows from before are the one Salesforce org's.
ALTER TABLE sync_records ADD COLUMN source_connection text NOT NULL DEFAULT 'default';
ALTER TABLE sync_records DROP CONSTRAINT sync_records_one_per_source;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_one_per_source
  UNIQUE (source_system, source_connection, source_object, source_id, tenant_id, document_kind);
ALTER TABLE sync_records DROP CONSTRAINT sync_records_document_kind_check;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_document_kind_check
  CHECK (document_kind IN ('customer', 'invoice', 'order', 'credit', 'voucher', 'payment'));
-- The ExternalInvoiceReference1 (or voucher key) the document carries in Fortnox: credits and
-- adoption match on it exactly. Salesforce documents carried the bare record id.
ALTER TABLE sync_records ADD COLUMN fortnox_reference text;
UPDATE sync_records SET fortnox_reference = source_id WHERE document_kind IN ('invoice', 'order');
CREATE INDEX sync_records_reference_idx ON sync_records (tenant_id, fortnox_reference) WHERE fortnox_reference IS NOT NULL;
DROP INDEX sync_records_customer_idx;
CREATE INDEX sync_records_customer_idx ON sync_records (source_system, source_connection, customer_source_id)
  WHERE customer_source_id IS NOT NULL;

ALTER TABLE source_writebacks ADD COLUMN source_connection text NOT NULL DEFAULT 'default';
DROP INDEX source_writebacks_due_idx;
CREATE INDEX source_writebacks_due_idx ON source_writebacks (source_system, source_connection, available_at, id);
ALTER TABLE source_written ADD COLUMN source_connection text NOT NULL DEFAULT 'default';
ALTER TABLE source_written DROP CONSTRAINT source_written_pkey;
ALTER TABLE source_written ADD PRIMARY KEY (source_system, source_connection, source_object, source_id);

-- Which Fortnox company a document goes to: rules in order, first match wins; the default tenant is
-- a setting. `conditions` are canonical fields (system, connection, country, currency, a named field).
CREATE TABLE routing_rules (
  id          bigserial PRIMARY KEY,
  position    integer NOT NULL,
  conditions  jsonb NOT NULL,
  tenant_id   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_position_idx ON routing_rules (position, id);

-- Who changed which setting, rule or connection, from what to what (secrets never stored here).
CREATE TABLE config_changes (
  id          bigserial PRIMARY KEY,
  actor       text NOT NULL,
  scope       text NOT NULL,            -- 'tenant:1001', 'global', 'routing', 'source:bigcommerce:demo'
  key         text NOT NULL,
  before      jsonb,
  after       jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX config_changes_scope_idx ON config_changes (scope, id);

-- The won stages an earlier release kept beside the Fortnox settings belong to the Salesforce org now.
INSERT INTO source_connections (system, key, label, settings)
SELECT 'salesforce', 'default', 'Salesforce org', jsonb_build_object('wonStages', value)
  FROM settings WHERE scope = 'global' AND key = 'wonStages'
ON CONFLICT DO NOTHING;
DELETE FROM settings WHERE key = 'wonStages';

-- Down Migration
DROP TABLE config_changes;
DROP TABLE routing_rules;
ALTER TABLE source_written DROP CONSTRAINT source_written_pkey;
ALTER TABLE source_written DROP COLUMN source_connection;
ALTER TABLE source_written ADD PRIMARY KEY (source_system, source_object, source_id);
DROP INDEX source_writebacks_due_idx;
ALTER TABLE source_writebacks DROP COLUMN source_connection;
CREATE INDEX source_writebacks_due_idx ON source_writebacks (source_system, available_at, id);
DROP INDEX sync_records_customer_idx;
DROP INDEX sync_records_reference_idx;
ALTER TABLE sync_records DROP COLUMN fortnox_reference;
ALTER TABLE sync_records DROP CONSTRAINT sync_records_document_kind_check;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_document_kind_check CHECK (document_kind IN ('customer', 'invoice', 'order'));
ALTER TABLE sync_records DROP CONSTRAINT sync_records_one_per_source;
ALTER TABLE sync_records DROP COLUMN source_connection;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_one_per_source UNIQUE (source_system, source_object, source_id, tenant_id, document_kind);
CREATE INDEX sync_records_customer_idx ON sync_records (source_system, customer_source_id) WHERE customer_source_id IS NOT NULL;
DROP TABLE source_connections;
