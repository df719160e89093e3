-- Up Migration

-- When the last processed event happened by Salesforce's clock (CDC commitTimestamp). After a replay
-- id has expired, reconciliation re-reads everything modified since then (minus a safety margin).
ALTER TABLE stream_checkpoints ADD COLUMN event_at timestamptz;

-- Every time the listener could not rely on the event stream alone (replay id invalid or expired,
-- gap or overflow events, resuming without a replay id) it re-reads Salesforce and says so here.
CREATE TABLE stream_reconciliations (
  id             bigserial PRIMARY KEY,
  source         text NOT NULL,                   -- 'salesforce'
  channel        text NOT NULL,
  reason         text NOT NULL,                   -- 'replay_id_invalid', 'gap_event', 'overflow_event' …
  since          timestamptz,                     -- SystemModstamp lower bound used, if any
  record_ids     text[],                          -- the records re-read, when the event named them
  records_read   integer NOT NULL DEFAULT 0,
  jobs_enqueued  integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_reconciliations_channel_idx ON stream_reconciliations (source, channel, id);

-- Down Migration
DROP TABLE stream_reconciliations;
ALTER TABLE stream_checkpoints DROP COLUMN event_at;
