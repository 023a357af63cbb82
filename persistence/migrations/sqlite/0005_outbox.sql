-- The event log other back-ends follow (WatchEvents), DUO's report items (an outbox worked off in
-- DUO's portal) and the signals DUO sent in, each written in the transaction of the change it
-- comes from. Events are appended in commit order (SQLite serialises writers), so `seq` is the
-- log's order; only retention deletes them, with the client they are about.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tx BIGINT NOT NULL DEFAULT 0,
  municipality TEXT NOT NULL,
  type TEXT NOT NULL,
  client_id TEXT NOT NULL,
  trajectory_id TEXT NOT NULL,
  time BIGINT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX events_by_municipality ON events (municipality, tx, seq);
CREATE INDEX events_by_client ON events (municipality, client_id);
-- Report items list in the order they were created (`seq`).
CREATE TABLE duo_reports (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  municipality TEXT NOT NULL,
  id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  trajectory_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  fact_date TEXT NOT NULL,
  details TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX duo_reports_by_id ON duo_reports (municipality, id);
CREATE INDEX duo_reports_by_seq ON duo_reports (municipality, seq);
CREATE INDEX duo_reports_by_state ON duo_reports (municipality, state, seq);
CREATE INDEX duo_reports_by_client ON duo_reports (municipality, client_id);
CREATE TABLE duo_signals (
  municipality TEXT NOT NULL,
  signal_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  client_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  changes TEXT NOT NULL,
  reason TEXT NOT NULL,
  closed_trajectory_id TEXT NOT NULL,
  received_time BIGINT NOT NULL,
  PRIMARY KEY (municipality, signal_id)
);
CREATE INDEX duo_signals_by_client ON duo_signals (municipality, client_id);
