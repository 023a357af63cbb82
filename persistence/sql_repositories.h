#pragma once

// SQL implementations of the domain's repositories over one leased session; they run inside the
// caller's transaction and never begin or commit one themselves.

#include <optional>

#include "domain/ports.h"

namespace soci {
class session;
}

namespace inburgering::persistence {

class SqlConsultantRepository final : public domain::ConsultantRepository {
 public:
  explicit SqlConsultantRepository(soci::session& session) : session_(session) {}
  absl::Status Insert(const domain::Consultant& consultant) override;
  absl::StatusOr<domain::Consultant> Get(absl::string_view municipality,
                                         absl::string_view id) override;
  absl::Status Update(const domain::Consultant& consultant, int64_t expected_version) override;
  absl::StatusOr<domain::Page<domain::Consultant>> List(const domain::ConsultantFilter& filter,
                                                        const domain::PageRequest& page) override;

 private:
  soci::session& session_;
};

class SqlIdempotencyRepository final : public domain::IdempotencyRepository {
 public:
  explicit SqlIdempotencyRepository(soci::session& session) : session_(session) {}
  absl::StatusOr<std::optional<domain::IdempotencyRecord>> Find(
      absl::string_view municipality, absl::string_view request_id) override;
  absl::Status Insert(const domain::IdempotencyRecord& record) override;

 private:
  soci::session& session_;
};

}  // namespace inburgering::persistence
