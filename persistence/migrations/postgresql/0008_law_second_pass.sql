-- The second pass over the law (issue 15).
-- The term's last day (art. 11 lid 1: a term starting on day D ends at the end of
-- D + 3 years - 1 day). The column held the day after it; "within the term" now compares with
-- the last day itself.
ALTER TABLE trajectories RENAME COLUMN term_end TO term_last_day;
UPDATE trajectories SET term_last_day = to_char(term_last_day::date - 1, 'YYYY-MM-DD')
  WHERE term_last_day IS NOT NULL;
-- The programme-start clock applies to asylum status holders only (the municipality buys their
-- programme): no due date, so no work item and no place in the indicator's denominator, for others.
UPDATE trajectories SET programme_start_due = NULL
  WHERE target_group IS NOT NULL AND target_group <> 'ASYLUM_STATUS_HOLDER';
-- Blameworthy non-fulfilment per component (PVT 1, MAP 2, learning route 4), from the findings;
-- no longer derived from municipal fines. Existing trajectories have no findings yet.
ALTER TABLE trajectories ADD COLUMN blameworthy INTEGER;
