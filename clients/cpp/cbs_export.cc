#include "clients/cpp/cbs_export.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace inburgering::clients {

absl::StatusOr<CbsExportResult> ExportCbs(const ReportingServiceClient& reporting,
                                          const std::vector<std::string>& municipalities,
                                          const std::string& quarter, bool correction,
                                          std::ostream& out,
                                          const std::function<void(int64_t, int64_t)>& progress) {
  v1::ExportCbsDeliveryRequest request;
  for (const std::string& m : municipalities) request.add_municipalities(m);
  request.set_quarter(quarter);
  request.set_correction(correction);
  auto context = NewContext(reporting.options(), /*stream=*/true);
  auto stream = reporting.stub().ExportCbsDelivery(context.get(), request);
  CbsExportResult result;
  int64_t total = 0;
  bool first = true;
  v1::CbsDeliveryChunk chunk;
  while (stream->Read(&chunk)) {
    if (first) total = chunk.total_records();
    first = false;
    out.write(chunk.xml().data(), static_cast<std::streamsize>(chunk.xml().size()));
    result.bytes += static_cast<int64_t>(chunk.xml().size());
    result.records = chunk.records();
    for (const auto& d : chunk.deliveries()) result.deliveries.push_back(d);
    if (progress) progress(result.records, total);
  }
  const absl::Status status = ToStatus(stream->Finish());
  if (!status.ok()) return status;
  if (!out) return absl::DataLossError("writing the file failed");
  return result;
}

std::string ProgressBar(int64_t done, int64_t total, int width) {
  const double share = total <= 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(std::lround(share * width));
  return absl::StrFormat("[%s%s] %3.0f%%  %d/%d records", std::string(filled, '#'),
                         std::string(width - filled, '.'), share * 100, done, total);
}

}  // namespace inburgering::clients
