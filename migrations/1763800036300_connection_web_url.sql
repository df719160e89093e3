-- Up Migration

-- Where people open this connection's records on the web, as its adapter last learnt it: a
-- Salesforce org's instance URL comes in the token response (login.salesforce.com is not where the
-- records are), so the worker notes it here and the console's "Open in Salesforce" links use it.
ALTER TABLE source_connections ADD COLUMN web_url text CHECK (web_url ~ '^https?://');

-- Down Migration
ALTER TABLE source_connections DROP COLUMN web_url;
