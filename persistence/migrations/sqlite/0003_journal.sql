-- The audit trail (one record per RPC) and the processing log (one record per data subject per
-- RPC, Logboek Dataverwerkingen). Both are append-only: triggers refuse updates and deletes.
CREATE TABLE audit_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER processing_records_no_update BEFORE UPDATE ON processing_records BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER processing_records_no_delete BEFORE DELETE ON processing_records BEGIN SELECT RAISE(ABORT, 'append-only'); END;
