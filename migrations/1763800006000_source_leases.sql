-- Up Migration

-- Who is working on a source record right now. A lease instead of a session advisory lock: it holds
-- no database connection while a job waits on Fortnox, so no number of concurrent jobs can starve
-- the pool, and a crashed worker's lease simply runs out.
CREATE TABLE source_leases (
  key    text PRIMARY KEY,          -- 'salesforce:Opportunity:006…'
  owner  text NOT NULL,             -- the job's correlation id: a retry of the same job may take it over
  until  timestamptz NOT NULL
);

-- Down Migration
DROP TABLE source_leases;
