#pragma once

// Proto <-> domain for enforcement (warnings, fines, the no-show ladder) and the programme-late
// statements, validated field by field under their request paths.

#include "absl/time/civil_time.h"
#include "domain/trajectory.h"
#include "domain/trajectory_use_cases.h"
#include "domain/validation.h"
#include "inburgering/v1/enforcement.pb.h"
#include "inburgering/v1/trajectory.pb.h"

namespace inburgering::server {

// Upper bound of any amount in a request (EUR 1,000,000), far above every policy maximum.
inline constexpr int64_t kMaxAmountCents = 100000000;

domain::Warning WarningFromProto(bool has, const v1::Warning& in, domain::Violations& v);
domain::Fine FineFromProto(bool has, const v1::Fine& in, domain::Violations& v);
domain::BlameworthinessFinding FindingFromProto(bool has, const v1::BlameworthinessFinding& in,
                                                domain::Violations& v);
domain::FineView FineViewFromProto(bool has, const v1::FineView& in, domain::Violations& v);
domain::FineDecision FineDecisionFromProto(bool has, const v1::FineDecision& in,
                                           domain::Violations& v);
// Not PENDING.
bool ObjectionOutcomeFromProto(v1::ObjectionOutcome in, domain::Violations& v,
                               domain::ObjectionOutcome* out);

// The case file's warnings, fines, no-show advice and programme-late statements.
void EnforcementToProto(const domain::CaseFile& file, v1::CaseFile* out);

}  // namespace inburgering::server
