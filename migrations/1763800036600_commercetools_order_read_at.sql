-- Up Migration

-- When a job read each order at its version. The mark spares a re-read only once the order's ledger
-- record was written after that read (a settled outcome): a job that read the order and then failed
-- for good (Fortnox away longer than the retries) must not make its messages and the reconciliation
-- skip the order. Marks from before this column were written before any outcome: they count as
-- unconfirmed until the order's version moves on (a few orders are read once more).
ALTER TABLE commercetools_order_versions ADD COLUMN read_at timestamptz NOT NULL DEFAULT 'infinity';

-- Down Migration
ALTER TABLE commercetools_order_versions DROP COLUMN read_at;
