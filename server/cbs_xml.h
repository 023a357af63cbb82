#pragma once

// Writes the CBS delivery file (api/cbs/statistiek_wet_inburgering.xsd) with libxml2 (each record
// as one piece of text), record by record, handing out what is written so far so that a large file
// streams in chunks. Holds at most one chunk's bytes. Not thread-safe.

#include <libxml/xmlwriter.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/reporting.h"

namespace inburgering::server {

inline constexpr char kCbsNamespace[] = "urn:inburgering:cbs:statistiek-wet-inburgering:v1";

class CbsXmlWriter {
 public:
  CbsXmlWriter(const std::string& quarter, bool correction, absl::Time created,
               const std::vector<std::string>& municipalities);
  ~CbsXmlWriter();
  CbsXmlWriter(const CbsXmlWriter&) = delete;
  CbsXmlWriter& operator=(const CbsXmlWriter&) = delete;

  void Record(const domain::CbsRecord& record);
  // Closes the file with its record count.
  void Finish();
  // The bytes written since the last call.
  std::string Take();
  size_t pending() const;
  int64_t records() const { return records_; }

 private:
  void Element(const char* name, const std::string& value);

  xmlBufferPtr buffer_;
  xmlTextWriterPtr writer_;
  absl::CivilDay quarter_last_;  // the quarter's last day: later dates are left out
  std::string record_;           // the record being written (kept for its capacity)
  int64_t records_ = 0;
};

}  // namespace inburgering::server
