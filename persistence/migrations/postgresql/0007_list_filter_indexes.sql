-- Every ListClients filter served by an index (S9 of quality.md). The phase and overdue filters
-- look up each client's own trajectories (before, SQLite chose trajectories_by_deadline and read
-- every trajectory in the phase for each client: 6.9 s for a page of 500 at 10,000 clients); the
-- consultant and target group filters read the clients in name order, as the list is sorted.
CREATE INDEX trajectories_by_client_phase
  ON trajectories (municipality, client_id, phase, next_deadline);
CREATE INDEX clients_by_consultant_name
  ON clients (municipality, consultant_id, family_name, given_names, id);
CREATE INDEX clients_by_target_group_name
  ON clients (municipality, target_group, family_name, given_names, id);
-- A prefix of clients_by_consultant_name.
DROP INDEX clients_by_consultant;
