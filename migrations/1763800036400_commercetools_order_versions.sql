-- Up Migration

-- The newest version of each commercetools order a job has read (or that our own status write-back
-- produced from a version a job had read). A message or a reconciliation naming an order at a version
-- no newer is already known and queues nothing: our own write-back's message, and the periodic
-- re-read of every recently changed order, no longer read each order again.
CREATE TABLE commercetools_order_versions (
  connection  text NOT NULL,
  order_id    text NOT NULL,
  version     integer NOT NULL,
  PRIMARY KEY (connection, order_id)
);

-- Down Migration
DROP TABLE commercetools_order_versions;
