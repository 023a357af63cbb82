#pragma once

// Proto <-> domain for the providers' side: the register and the reports. The FromProto
// functions validate as they map and record violations under the request's field paths.

#include <string>

#include "domain/provider.h"
#include "domain/validation.h"
#include "inburgering/v1/provider_service.pb.h"

namespace inburgering::server {

// The editable fields of a provider (`provider.` in the request); the name and id come apart.
domain::Provider ProviderFromProto(const v1::Provider& in, domain::Violations& v);
void ProviderToProto(const domain::Provider& provider, v1::Provider* out);

// One report of a batch, validated under `field` (`reports[3]`) by the same mappings a
// consultant's steps use; its kind from the one field set.
domain::ProviderReport ReportFromProto(const v1::ProviderReport& in, const std::string& field,
                                       domain::Violations& v);
void ReportToProto(const domain::ProviderReport& report, v1::ProviderReport* out);
v1::ProviderReportOutcome OutcomeToProto(domain::ProviderReportOutcome outcome);

}  // namespace inburgering::server
