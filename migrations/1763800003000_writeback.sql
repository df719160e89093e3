-- Up Migration

-- Fields waiting to be written to the source system (the Opportunity or Account a sync record
-- belongs to). Several changes to one record coalesce: the flush merges them in id order and sends
-- one update per record, up to 200 per composite call.
CREATE TABLE source_writebacks (
  id             bigserial PRIMARY KEY,
  source_system  text NOT NULL,
  source_object  text NOT NULL,
  source_id      text NOT NULL,
  fields         jsonb NOT NULL,
  attempts       integer NOT NULL DEFAULT 0,
  last_error     text,
  available_at   timestamptz NOT NULL DEFAULT now(),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX source_writebacks_due_idx ON source_writebacks (source_system, available_at, id);

-- Down Migration
DROP TABLE source_writebacks;
