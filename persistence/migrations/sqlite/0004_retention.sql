-- Retention finds the trajectories closed longest ago first.
CREATE INDEX trajectories_by_closed_on ON trajectories (closed_on);
