-- Up Migration

-- What a person calls the source record ("Acme AB", "Renewal 2027"), kept beside its id so messages,
-- conflicts and the dashboard can name it without asking the source system.
ALTER TABLE sync_records ADD COLUMN source_label text;

-- Records parked for a person are found by why they are parked: connecting Fortnox retries those
-- parked because it was not connected, a setting change retries those it can fix.
CREATE INDEX sync_records_parked_idx ON sync_records (error_code, tenant_id) WHERE state = 'needs_attention';

-- Two source records resolving to one Fortnox customer is a conflict unless sharing is allowed; the
-- check looks customers up by tenant and number.
CREATE INDEX sync_records_customer_number_idx ON sync_records (tenant_id, fortnox_number) WHERE document_kind = 'customer';

-- Down Migration
DROP INDEX sync_records_customer_number_idx;
DROP INDEX sync_records_parked_idx;
ALTER TABLE sync_records DROP COLUMN source_label;
