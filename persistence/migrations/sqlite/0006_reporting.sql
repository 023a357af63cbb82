-- Reporting: the facts of each trajectory that indicators, the caseload, the work queue and the
-- CBS delivery aggregate, as columns derived by the domain at every save (reporting_facts.h), and
-- the record of each CBS delivery. Trajectories saved before this migration get their facts at
-- their next save, or all at once with `inburgering-server reindex`.
ALTER TABLE trajectories ADD COLUMN target_group TEXT;
ALTER TABLE trajectories ADD COLUMN notice_date TEXT;
ALTER TABLE trajectories ADD COLUMN intake_date TEXT;
ALTER TABLE trajectories ADD COLUMN plan_due TEXT;
ALTER TABLE trajectories ADD COLUMN plan_date TEXT;
ALTER TABLE trajectories ADD COLUMN level TEXT;
ALTER TABLE trajectories ADD COLUMN lowered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN route_switches INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN programme_start TEXT;
ALTER TABLE trajectories ADD COLUMN programme_start_due TEXT;
ALTER TABLE trajectories ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE trajectories ADD COLUMN knm_date TEXT;
ALTER TABLE trajectories ADD COLUMN pvt_date TEXT;
ALTER TABLE trajectories ADD COLUMN map_date TEXT;
ALTER TABLE trajectories ADD COLUMN reading_passed TEXT;
ALTER TABLE trajectories ADD COLUMN listening_passed TEXT;
ALTER TABLE trajectories ADD COLUMN writing_passed TEXT;
ALTER TABLE trajectories ADD COLUMN speaking_passed TEXT;
ALTER TABLE trajectories ADD COLUMN attended_hours REAL NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN excused_hours REAL NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN unexcused_hours REAL NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN extension_weeks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN last_extension_ground TEXT;
ALTER TABLE trajectories ADD COLUMN ext_illness INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN ext_childbirth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN ext_special INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN ext_programme_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN ext_other INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN fines_imposed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN fine_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN outcome_12 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN outcome_24 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN outcome_36 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN term_end TEXT;
ALTER TABLE trajectories ADD COLUMN extension_window TEXT;
ALTER TABLE trajectories ADD COLUMN review_due TEXT;
ALTER TABLE trajectories ADD COLUMN closure_reason TEXT;
CREATE INDEX trajectories_by_first_plan ON trajectories (municipality, first_plan_date);
CREATE INDEX trajectories_by_plan_due ON trajectories (municipality, plan_due);
CREATE TABLE cbs_deliveries (
  municipality TEXT NOT NULL,
  id TEXT NOT NULL,
  quarter TEXT NOT NULL,
  correction INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  records BIGINT NOT NULL,
  PRIMARY KEY (municipality, id)
);
CREATE INDEX cbs_deliveries_by_quarter ON cbs_deliveries (municipality, quarter, create_time);
