-- Logboek Dataverwerkingen 1.0 (issue 17): a processing record is a span. Each data subject of a
-- call gets its own span (span_id), a child of the call's span (parent_span_id, which the call's
-- audit record carries as its span_id); start and end time (`time` stays the end); the LDV status
-- (Unset, Ok, Error) beside the gRPC code; the processing activity as a URI into the municipality's
-- register; the data subject id's type; the calling party's span and processor from `traceparent`;
-- the resource (application and version). The actor leaves the processing log: the audit trail
-- keeps who did it, linked by trace and span.
ALTER TABLE processing_records ADD COLUMN span_id TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_records ADD COLUMN parent_span_id TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_records ADD COLUMN start_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE processing_records ADD COLUMN ldv_status TEXT NOT NULL DEFAULT 'Unset';
ALTER TABLE processing_records ADD COLUMN processing_activity_id TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_records ADD COLUMN data_subject_id_type TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_records ADD COLUMN foreign_span_id TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_records ADD COLUMN foreign_processor TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_records ADD COLUMN resource TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_records ADD COLUMN span_id TEXT NOT NULL DEFAULT '';
-- Existing records migrate (the row trigger is lifted for it and put back below): a span id each,
-- the start taken as the end, the LDV status from the gRPC code, the subject's type, no actor.
-- Their activity URI is the one configured when they are read (they were written without one).
DROP TRIGGER processing_records_append_only ON processing_records;
UPDATE processing_records SET span_id = substr(md5(random()::text || id::text), 1, 16), start_time = time, ldv_status = CASE WHEN status = 'OK' THEN 'Ok' WHEN status IN ('INTERNAL', 'UNKNOWN', 'DATA_LOSS', 'UNAVAILABLE', 'DEADLINE_EXCEEDED') THEN 'Error' ELSE 'Unset' END, data_subject_id_type = CASE WHEN activity IN ('CreateConsultant', 'GetConsultant', 'ListConsultants', 'UpdateConsultant') THEN 'urn:inburgering:pseudonym:consultant' ELSE 'urn:inburgering:pseudonym:client' END;
ALTER TABLE processing_records DROP COLUMN actor;
-- Retention: records written before the horizon may be deleted (by `inburgering-server purge`,
-- which leaves an audit record saying so); the horizon only moves forward; everything after it
-- stays append-only.
CREATE TABLE journal_horizons (journal TEXT PRIMARY KEY, before_time BIGINT NOT NULL);
INSERT INTO journal_horizons (journal, before_time) VALUES ('processing_records', 0);
CREATE FUNCTION inburgering_horizon_forward() RETURNS trigger AS $$ BEGIN IF TG_OP = 'DELETE' OR NEW.before_time < OLD.before_time OR NEW.journal <> OLD.journal THEN RAISE EXCEPTION 'a journal horizon only moves forward'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER journal_horizons_forward BEFORE UPDATE OR DELETE ON journal_horizons FOR EACH ROW EXECUTE FUNCTION inburgering_horizon_forward();
CREATE TRIGGER journal_horizons_no_truncate BEFORE TRUNCATE ON journal_horizons FOR EACH STATEMENT EXECUTE FUNCTION inburgering_append_only();
CREATE FUNCTION inburgering_processing_delete() RETURNS trigger AS $$ BEGIN IF OLD.time >= (SELECT before_time FROM journal_horizons WHERE journal = 'processing_records') THEN RAISE EXCEPTION 'append-only table'; END IF; RETURN OLD; END $$ LANGUAGE plpgsql;
CREATE TRIGGER processing_records_append_only BEFORE UPDATE ON processing_records FOR EACH ROW EXECUTE FUNCTION inburgering_append_only();
CREATE TRIGGER processing_records_purge_only BEFORE DELETE ON processing_records FOR EACH ROW EXECUTE FUNCTION inburgering_processing_delete();
-- No index on time: the export reads in id order from where it left off, and the daily purge
-- may scan (an index would cost every insert, on the hot path of every call, for one job a day).
