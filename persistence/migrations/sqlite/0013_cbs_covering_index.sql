-- The CBS file reads every client's latest trajectory (issue 16, R6). A trajectory's row holds
-- its document (about 3.7 KB), so each lookup read a page of its own, in random order, twice per
-- record (the count and the export): about 10 page reads a record. The index the lookup already
-- uses now carries the columns the export reads (route, dates, update time, the reporting facts),
-- so the export and its count read the index in client order and never the row: 19 k -> 31 k
-- records/s at 100 k (bench/results.md). A prefix of the old key, so every other use stays.
-- SQLite only: PostgreSQL keeps the document out of line (TOAST), and an index on the facts
-- would stop its heap-only updates of a trajectory.
DROP INDEX trajectories_by_client;
CREATE INDEX trajectories_by_client ON trajectories (
  municipality, client_id, create_time, id, route, first_plan_date, closed_on, update_time,
  notice_date, intake_date, plan_due, plan_date, programme_start, programme_start_due, knm_date,
  pvt_date, map_date, reading_passed, listening_passed, writing_passed, speaking_passed,
  term_last_day, extension_window, review_due, absence_streak, dropout_reported, target_group,
  level, last_extension_ground, closure_reason, regime, lowered, route_switches, extension_weeks,
  ext_illness, ext_childbirth, ext_special, ext_programme_late, ext_other, warnings,
  fines_imposed, outcome_12, outcome_24, outcome_36, blameworthy, fine_cents, offer_cents,
  attended_hours, excused_hours, unexcused_hours, provider);
