-- Up Migration

-- Preview mode per source connection (Breadwinner's read-only start): documents are prepared
-- exactly as they would be posted and the payload is kept on the record's timeline (a 'preview'
-- event), but nothing reaches Fortnox. Switching it off retries the held records; the ledger's
-- claim/creating steps make each still post once.
ALTER TABLE source_connections ADD COLUMN preview boolean NOT NULL DEFAULT false;
CREATE INDEX sync_events_preview_idx ON sync_events (sync_record_id, id DESC) WHERE kind = 'preview';

-- Down Migration
DROP INDEX sync_events_preview_idx;
ALTER TABLE source_connections DROP COLUMN preview;
