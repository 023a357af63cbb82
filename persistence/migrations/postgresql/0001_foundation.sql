-- The team register and request_id idempotency. Times are microseconds since the Unix epoch (UTC).
-- Sorted text columns use the "C" collation so that pages come in the same order as on SQLite.
CREATE TABLE consultants (
  municipality TEXT NOT NULL,
  id TEXT NOT NULL COLLATE "C",
  display_name TEXT NOT NULL COLLATE "C",
  email TEXT NOT NULL,
  active INTEGER NOT NULL,
  case_capacity INTEGER NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (municipality, id)
);
CREATE INDEX consultants_by_display_name ON consultants (municipality, display_name, id);
CREATE TABLE idempotency_keys (
  municipality TEXT NOT NULL,
  request_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  PRIMARY KEY (municipality, request_id)
);
