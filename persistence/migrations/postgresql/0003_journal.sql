-- The audit trail (one record per RPC) and the processing log (one record per data subject per
-- RPC, Logboek Dataverwerkingen). Both are append-only: triggers refuse updates, deletes and
-- truncation for every role but a superuser who disables them.
CREATE TABLE audit_records (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time BIGINT NOT NULL,
  trace_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  origin TEXT NOT NULL,
  action TEXT NOT NULL,
  municipality TEXT NOT NULL,
  object TEXT NOT NULL,
  result TEXT NOT NULL,
  changes TEXT NOT NULL
);
CREATE INDEX audit_records_by_object ON audit_records (object, id);
CREATE TABLE processing_records (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time BIGINT NOT NULL,
  trace_id TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  activity TEXT NOT NULL,
  status TEXT NOT NULL,
  actor TEXT NOT NULL,
  municipality TEXT NOT NULL,
  subject TEXT NOT NULL
);
CREATE INDEX processing_records_by_subject ON processing_records (subject, id);
CREATE INDEX processing_records_by_municipality ON processing_records (municipality, id);
CREATE FUNCTION inburgering_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'append-only table'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records FOR EACH ROW EXECUTE FUNCTION inburgering_append_only();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION inburgering_append_only();
CREATE TRIGGER processing_records_append_only BEFORE UPDATE OR DELETE ON processing_records FOR EACH ROW EXECUTE FUNCTION inburgering_append_only();
CREATE TRIGGER processing_records_no_truncate BEFORE TRUNCATE ON processing_records FOR EACH STATEMENT EXECUTE FUNCTION inburgering_append_only();
