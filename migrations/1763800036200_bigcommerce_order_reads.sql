-- Up Migration

-- What jobs know of each BigCommerce order: the newest `date_modified` a job read, and when a webhook
-- last hinted at it. The reconciliation poll skips an order listed unchanged since its last read,
-- and leaves one whose hinted job has not run yet to that job (it re-lists it next round): a checkout
-- heard by its webhooks is read once, not once more by the poll (three requests of the store's quota).
CREATE TABLE bigcommerce_order_reads (
  connection     text NOT NULL,
  order_id       bigint NOT NULL,
  date_modified  timestamptz,
  hinted_at      timestamptz,
  PRIMARY KEY (connection, order_id)
);

-- Down Migration
DROP TABLE bigcommerce_order_reads;
