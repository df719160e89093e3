-- Up Migration
-- Products of a source's price list become Fortnox articles; each is a ledger record of kind 'article'
-- (one per product and tenant, like customers), so a product is created in a company exactly once.
ALTER TABLE sync_records DROP CONSTRAINT sync_records_document_kind_check;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_document_kind_check
  CHECK (document_kind IN ('customer', 'invoice', 'order', 'credit', 'voucher', 'payment', 'article'));

-- Down Migration
DELETE FROM sync_records WHERE document_kind = 'article';
ALTER TABLE sync_records DROP CONSTRAINT sync_records_document_kind_check;
ALTER TABLE sync_records ADD CONSTRAINT sync_records_document_kind_check
  CHECK (document_kind IN ('customer', 'invoice', 'order', 'credit', 'voucher', 'payment'));
