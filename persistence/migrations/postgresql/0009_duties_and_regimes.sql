-- The municipality's duties and the people outside the Wi2021 (issue 15).
-- The regime in the reporting facts: trajectories of people outside the Wi2021 (the Wi2013 group,
-- volunteers) are counted apart in the indicators and never delivered to CBS.
ALTER TABLE trajectories ADD COLUMN regime TEXT;
UPDATE trajectories SET regime = (SELECT c.regime FROM clients c
  WHERE c.municipality = trajectories.municipality AND c.id = trajectories.client_id);
-- What the learning offers bought for a trajectory cost, for the providers' comparison.
ALTER TABLE trajectories ADD COLUMN offer_cents BIGINT NOT NULL DEFAULT 0;
-- 0008 added the blameworthy bits without a value for the rows it found: none were found yet.
UPDATE trajectories SET blameworthy = 0 WHERE blameworthy IS NULL;
