-- Up Migration

-- Which input feeds a business location's day: a POS API or an SIE file, never both for the same date
-- (posting both would book the day twice). The first input that posts a day claims it; another
-- input's voucher for that location and date is refused with a message naming the owner.
CREATE TABLE voucher_feeds (
  tenant_id          text NOT NULL,
  location           text NOT NULL,
  day                date NOT NULL,
  source_system      text NOT NULL,
  source_connection  text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, location, day)
);

-- The verifications of imported SIE4 files, one row per (connection, verification id): importing
-- the same file (or the same day in another file) again updates the row, never adds a second one;
-- the SIE source reads its vouchers from here. `file_sha256` names the file it last came from.
CREATE TABLE sie_verifications (
  connection   text NOT NULL,
  id           text NOT NULL,
  voucher      jsonb NOT NULL,
  file_sha256  text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection, id)
);

-- Down Migration
DROP TABLE sie_verifications;
DROP TABLE voucher_feeds;
