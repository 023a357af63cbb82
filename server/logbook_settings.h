#pragma once

// Logboek Dataverwerkingen 1.0 settings from a JSON file (`--logbook-settings`):
//
//   {"activities": {"groups": {"intake_and_plan": "https://register.example.nl/va/12", ...},
//                   "operations": {"GetCaseFile": "https://register.example.nl/va/13"}},
//    "processors": {"callers": {"portal": "https://portal.example.nl"},
//                   "default": "https://www.example.nl"}}
//
// A URI may hold `{municipality}`, replaced by the record's municipality code (a shared service
// with one register per municipality). Groups: domain::GroupOf.

#include <string>

#include "absl/status/statusor.h"
#include "domain/journal.h"

namespace inburgering::server {

// INVALID_ARGUMENT naming the problem (an unknown group or operation, a value that is no absolute
// URI) when the file cannot be used. `defaults` supplies the service's name and version.
absl::StatusOr<domain::LogbookSettings> LoadLogbookSettings(const std::string& path,
                                                            domain::LogbookSettings defaults);

}  // namespace inburgering::server
