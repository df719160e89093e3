-- Up Migration

-- Which customer (source record) a document belongs to, so that fixing the customer in the source
-- (e.g. adding a missing billing country to the Account) retries the documents it held up.
ALTER TABLE sync_records ADD COLUMN customer_source_id text;
CREATE INDEX sync_records_customer_idx ON sync_records (source_system, customer_source_id) WHERE customer_source_id IS NOT NULL;

-- Down Migration
DROP INDEX sync_records_customer_idx;
ALTER TABLE sync_records DROP COLUMN customer_source_id;
