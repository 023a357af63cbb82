#pragma once

// Proto <-> domain for the exchange with DUO (report items, signals) and the event log.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "domain/duo_signal.h"
#include "domain/outbox.h"
#include "domain/validation.h"
#include "inburgering/v1/duo_service.pb.h"
#include "inburgering/v1/event_service.pb.h"

namespace inburgering::server {

inline constexpr char kDuoReports[] = "duoReports";

void DuoReportToProto(const domain::DuoReport& report, v1::DuoReport* out);
// UNSPECIFIED: false (no filter). An unknown value is recorded under `field`.
bool DuoReportStateFromProto(v1::DuoReportState in, absl::string_view field, domain::Violations& v,
                             domain::DuoReportState* out);

// The signal under `field` (e.g. `signals[3]`) for `municipality`, validated by kind.
domain::DuoSignal DuoSignalFromProto(const v1::DuoSignal& in, const std::string& municipality,
                                     const std::string& field, domain::Violations& v);
void DuoSignalResultToProto(const domain::DuoSignalRecord& record, v1::DuoSignalResult* out);

void EventToProto(const domain::Event& event, v1::Event* out);
bool EventTypeFromProto(v1::EventType in, const std::string& field, domain::Violations& v,
                        domain::EventType* out);
// The event's resume cursor, and back (false for anything else).
std::string EventCursor(const domain::EventPosition& position);
bool ParseEventCursor(absl::string_view cursor, domain::EventPosition* position);

}  // namespace inburgering::server
