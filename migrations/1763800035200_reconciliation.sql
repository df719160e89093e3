-- Up Migration

-- Reconciliation reads documents by the day their record was created (Stockholm), per company.
CREATE INDEX sync_records_reconcile_idx ON sync_records (tenant_id, created_at) WHERE document_kind <> 'customer';

-- Down Migration
DROP INDEX sync_records_reconcile_idx;
