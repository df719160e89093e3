-- Up Migration

-- Whether the read at `date_modified` needed nothing sent to Fortnox (an unfinished checkout, an
-- order that wants no document). Such a read is done when it is noted; any other counts as read only
-- once its ledger record is settled, so a job that read an order and then failed is not skipped.
ALTER TABLE bigcommerce_order_reads ADD COLUMN nothing_to_send boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE bigcommerce_order_reads DROP COLUMN nothing_to_send;
