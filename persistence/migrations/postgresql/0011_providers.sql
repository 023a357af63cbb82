-- The providers' side (issue 22): the providers a municipality registers, what each sees of its
-- enrollments, and every version of its reports (a correction by the same record id is a new
-- version; the old ones stay). The student's name and the trajectory's phase are read from their
-- own tables when listed; the rows hold no BSN.
CREATE TABLE providers (
  municipality TEXT NOT NULL,
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  quality_mark TEXT NOT NULL,
  components TEXT NOT NULL,
  contract_reference TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  PRIMARY KEY (municipality, id)
);
CREATE TABLE provider_enrollments (
  municipality TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  enrollment_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  trajectory_id TEXT NOT NULL,
  component TEXT NOT NULL,
  planned_hours INTEGER NOT NULL,
  start_date TEXT,
  lessons_start TEXT,
  dropout_date TEXT,
  contract_reference TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (municipality, provider_id, enrollment_id)
);
CREATE INDEX provider_enrollments_by_seq ON provider_enrollments (municipality, provider_id, seq, enrollment_id);
CREATE INDEX provider_enrollments_by_trajectory ON provider_enrollments (municipality, trajectory_id);
CREATE TABLE provider_reports (
  municipality TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  enrollment_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  trajectory_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  receive_time BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (municipality, provider_id, record_id, version)
);
CREATE INDEX provider_reports_by_seq ON provider_reports (municipality, provider_id, seq);
CREATE INDEX provider_reports_by_trajectory ON provider_reports (municipality, trajectory_id);
-- What providers reported that the consultant has not discussed yet: work items.
ALTER TABLE trajectories ADD COLUMN absence_streak TEXT;
ALTER TABLE trajectories ADD COLUMN dropout_reported TEXT;
