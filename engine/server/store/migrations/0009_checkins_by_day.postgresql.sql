-- PostgreSQL: check-ins partitioned by day (RANGE on time, UTC days), so a province's 100 million rows a
-- day are pruned by every time-ranged query and retention drops whole days instead of deleting rows.
-- SQLite keeps its single table.
--
-- A partitioned table's unique keys must hold its partition column: the key is (client_id, time). A resend
-- of a record carries the same client id and time, so it still lands once; a self check-in (timed by the
-- server) is found by client id before it is stored (domain/checkins.cpp).
--
-- The table as it was becomes the partition for everything before tomorrow (no row is copied: a
-- province's table would take hours); days from tomorrow on get a partition each, made ahead by the server
-- at start and by the daily maintenance (store/checkin_days.cpp). Retention drops that first partition
-- once all of it is past the cutoff.
ALTER TABLE checkins RENAME TO checkins_before_days;
CREATE TABLE checkins (LIKE checkins_before_days INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  PARTITION BY RANGE (time);
ALTER TABLE checkins ADD PRIMARY KEY (client_id, time);
ALTER TABLE checkins ADD FOREIGN KEY (place_id) REFERENCES places(id);
ALTER TABLE checkins ADD FOREIGN KEY (inspector_id) REFERENCES accounts(id);
ALTER TABLE checkins ADD FOREIGN KEY (submitted_by) REFERENCES accounts(id);
ALTER TABLE checkins ADD FOREIGN KEY (person_id) REFERENCES people(id);
CREATE INDEX checkins_by_place_time ON checkins (place_id, time);
CREATE INDEX checkins_by_person_time ON checkins (person_id, time);
CREATE INDEX checkins_by_subject_time ON checkins (subject, time);
CREATE INDEX checkins_by_submitter_time ON checkins (submitted_by, time);
CREATE INDEX checkins_by_time ON checkins (time);
CREATE INDEX checkins_by_manual_id_number ON checkins (manual_id_number_hash, time);
DO $$
DECLARE
  tomorrow BIGINT := (floor(extract(epoch FROM now()) / 86400)::BIGINT + 1) * 86400;
BEGIN
  IF EXISTS (SELECT 1 FROM checkins_before_days) THEN
    -- Its key (client_id) gives way to the partitioned table's (client_id, time), which ATTACH builds.
    EXECUTE format('ALTER TABLE checkins_before_days DROP CONSTRAINT %I',
                   (SELECT conname FROM pg_constraint
                    WHERE conrelid = 'checkins_before_days'::regclass AND contype = 'p'));
    EXECUTE format('ALTER TABLE checkins ATTACH PARTITION checkins_before_days FOR VALUES FROM (MINVALUE) TO (%s)',
                   tomorrow);
  ELSE
    DROP TABLE checkins_before_days;
  END IF;
END $$;
