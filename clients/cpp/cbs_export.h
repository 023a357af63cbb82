#pragma once

// Downloads a CBS delivery to a stream, reporting progress as the records arrive.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/cpp/service_clients.h"

namespace inburgering::clients {

struct CbsExportResult {
  int64_t records = 0;
  int64_t bytes = 0;
  std::vector<v1::CbsDeliveryReceipt> deliveries;
};

// `progress(records so far, total)` after each chunk.
absl::StatusOr<CbsExportResult> ExportCbs(const ReportingServiceClient& reporting,
                                          const std::vector<std::string>& municipalities,
                                          const std::string& quarter, bool correction,
                                          std::ostream& out,
                                          const std::function<void(int64_t, int64_t)>& progress);

// A terminal progress bar line, e.g. `[########............] 40%  4000/10000 records`.
std::string ProgressBar(int64_t done, int64_t total, int width = 30);

}  // namespace inburgering::clients
