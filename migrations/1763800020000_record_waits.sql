-- Up Migration

-- A credit or payment that cannot go to Fortnox yet names the source record it waits for (the
-- original invoice's order, deal or subscription invoice). When that record's invoice is created,
-- or Fortnox reports it booked, every record waiting for it is sent again; without this a refund
-- that arrived before its order would wait for a person.
ALTER TABLE sync_records
  ADD COLUMN waits_for_system text,
  ADD COLUMN waits_for_connection text,
  ADD COLUMN waits_for_object text,
  ADD COLUMN waits_for_id text;

CREATE INDEX sync_records_waits_for_idx ON sync_records (waits_for_system, waits_for_connection, waits_for_object, waits_for_id)
  WHERE waits_for_id IS NOT NULL;

-- Down Migration
DROP INDEX sync_records_waits_for_idx;
ALTER TABLE sync_records
  DROP COLUMN waits_for_id,
  DROP COLUMN waits_for_object,
  DROP COLUMN waits_for_connection,
  DROP COLUMN waits_for_system;
