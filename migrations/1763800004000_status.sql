-- Up Migration

-- What was last written to each source record, field by field. The write-back flush sends only the
-- fields whose value differs from this, so a poll that re-reads an unchanged invoice, or several
-- changes that end where they started, cost no Salesforce API call.
CREATE TABLE source_written (
  source_system  text NOT NULL,
  source_object  text NOT NULL,
  source_id      text NOT NULL,
  fields         jsonb NOT NULL DEFAULT '{}',
  written_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, source_object, source_id)
);

-- The status poller and the overdue job look up watched invoices by tenant and number, and by due date.
CREATE INDEX sync_records_due_idx ON sync_records (state, due_date) WHERE document_kind = 'invoice';

-- Down Migration
DROP INDEX sync_records_due_idx;
DROP TABLE source_written;
