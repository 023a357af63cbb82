-- Clients (with their consultant history) and trajectories. Dates are ISO text (YYYY-MM-DD),
-- which sorts and compares like the dates themselves (columns sorted on use the "C" collation, as
-- on SQLite). A trajectory's case data is one JSON
-- document (read and written whole, with its version); the facts that lists filter on are columns.
CREATE TABLE clients (
  municipality TEXT NOT NULL,
  id TEXT NOT NULL COLLATE "C",
  bsn TEXT NOT NULL,
  given_names TEXT NOT NULL COLLATE "C",
  family_name TEXT NOT NULL COLLATE "C",
  birth_date TEXT NOT NULL,
  target_group TEXT NOT NULL,
  regime TEXT NOT NULL,
  source TEXT NOT NULL,
  obligation_notice_date TEXT,
  brp_registration_date TEXT,
  coa_link_date TEXT,
  consultant_id TEXT,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (municipality, id),
  FOREIGN KEY (municipality, consultant_id) REFERENCES consultants (municipality, id)
);
CREATE UNIQUE INDEX clients_by_bsn ON clients (municipality, bsn);
CREATE INDEX clients_by_name ON clients (municipality, family_name, given_names, id);
CREATE INDEX clients_by_consultant ON clients (municipality, consultant_id);
CREATE TABLE client_assignments (
  municipality TEXT NOT NULL,
  client_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  consultant_id TEXT NOT NULL,
  assigned_at BIGINT NOT NULL,
  assigned_by TEXT NOT NULL,
  PRIMARY KEY (municipality, client_id, seq),
  FOREIGN KEY (municipality, client_id) REFERENCES clients (municipality, id)
);
CREATE TABLE trajectories (
  municipality TEXT NOT NULL,
  client_id TEXT NOT NULL,
  id TEXT NOT NULL COLLATE "C",
  phase TEXT NOT NULL,
  route TEXT,
  first_plan_date TEXT,
  next_deadline TEXT,
  closed_on TEXT,
  document TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (municipality, id),
  FOREIGN KEY (municipality, client_id) REFERENCES clients (municipality, id)
);
CREATE INDEX trajectories_by_client ON trajectories (municipality, client_id, create_time, id);
CREATE INDEX trajectories_by_deadline ON trajectories (municipality, phase, next_deadline);
