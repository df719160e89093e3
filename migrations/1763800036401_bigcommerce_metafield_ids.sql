-- Up Migration

-- The id of our `fortnox-sync/fortnox` metafield on each order, once written: the next status
-- write-back PUTs it at once instead of finding it first (one request of the store's quota, not two).
ALTER TABLE bigcommerce_order_reads ADD COLUMN metafield_id bigint;

-- Down Migration
ALTER TABLE bigcommerce_order_reads DROP COLUMN metafield_id;
