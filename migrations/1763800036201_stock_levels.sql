-- Up Migration

-- Stock from Fortnox to the sources that want it (a webshop). `stock_levels` is each Fortnox company's
-- stock per article number as last read; `stock_pushes` what each source connection was last sent per
-- SKU, or that it does not know the SKU. A level is sent when the two differ, so only changed SKUs go
-- out, a retry sends the same absolute values, and an unknown SKU is tried again only when its stock
-- changes again (reported to a person once).
CREATE TABLE stock_levels (
  tenant_id       text NOT NULL,
  article_number  text NOT NULL,
  quantity        numeric NOT NULL,
  read_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, article_number)
);

CREATE TABLE stock_pushes (
  system      text NOT NULL,
  connection  text NOT NULL,
  sku         text NOT NULL,
  tenant_id   text NOT NULL,
  quantity    numeric NOT NULL,
  state       text NOT NULL CHECK (state IN ('pushed', 'unknown')),
  message     text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (system, connection, sku)
);
CREATE INDEX stock_pushes_unknown_idx ON stock_pushes (system, connection) WHERE state = 'unknown';

-- Down Migration
DROP TABLE stock_pushes;
DROP TABLE stock_levels;
