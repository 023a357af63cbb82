#pragma once

// The processing log for a municipality's central Logboek Dataverwerkingen: the records exported
// by `PrivacyService.ExportProcessingRecords`, written as OTLP JSON lines (one
// `ExportTraceServiceRequest` per line and batch), the encoding OpenTelemetry's file exporter
// writes and its collectors read, and the protocol LDV 1.0 recommends between application and
// Logboek. Each record is a span with the LDV fields: trace_id, span_id, parent_span_id, name,
// start and end time, status, resource, and the `dpl.core.*` attributes.

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "clients/cpp/service_clients.h"

namespace inburgering::clients {

// One line (without the newline) for a batch of records: their spans under one resource per
// municipality.
std::string OtlpJsonLine(const v1::ExportProcessingRecordsResponse& batch);

struct ProcessingExportResult {
  int64_t records = 0;
  std::string resume_token;  // give it to the next export to continue after the last record
};

// Exports the records of `parent` (`municipalities/0303`, or `municipalities/-`) after
// `resume_token` to `out`, a line per batch.
absl::StatusOr<ProcessingExportResult> ExportProcessing(const PrivacyServiceClient& privacy,
                                                        const std::string& parent,
                                                        const std::string& resume_token,
                                                        std::ostream& out);

}  // namespace inburgering::clients
