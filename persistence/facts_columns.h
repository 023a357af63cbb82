#pragma once

// The reporting facts (domain/reporting_facts.h) as columns of `trajectories`: one list of
// columns for writing them with every save and reading them back for the CBS delivery.

#include <array>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "domain/reporting_facts.h"
#include "soci/soci.h"

namespace inburgering::persistence {

// A nullable text column, bound both ways.
struct Nullable {
  std::string value;
  soci::indicator ind = soci::i_null;

  void Set(const std::optional<std::string>& v) {
    value = v.value_or("");
    ind = v ? soci::i_ok : soci::i_null;
  }
  std::optional<std::string> Get() const {
    return ind == soci::i_ok ? std::optional<std::string>(value) : std::nullopt;
  }
};

// The facts' column names, comma-separated, each prefixed with `prefix` (a table alias).
std::string FactColumns(const std::string& prefix = "");
// The same, each number 0 and the provider '' where the row is absent (an outer join).
std::string FactColumnsOrZero(const std::string& prefix);
// `:f_name, ...` and `name = :f_name, ...` for INSERT and UPDATE.
std::string FactPlaceholders();
std::string FactAssignments();

// One row's facts, bound by position for a write (every bind of that statement by position, in
// the order of its text), or into a SELECT of FactColumns() in order.
class FactsRow {
 public:
  FactsRow() = default;
  explicit FactsRow(const domain::ReportingFacts& facts);

  void Use(soci::statement& st);
  void Into(soci::statement& st);
  // INTERNAL when a stored value cannot be read.
  absl::StatusOr<domain::ReportingFacts> Facts() const;

  // The columns of each kind (facts_columns.cc checks them against its column lists).
  static constexpr size_t kDates = 18;
  static constexpr size_t kEnums = 5;  // target_group, level, last_extension_ground, closure,
                                       // regime (before it was stored: WI2021)
  static constexpr size_t kInts = 14;
  static constexpr size_t kCents = 2;  // fine_cents, offer_cents
  static constexpr size_t kDoubles = 3;

 private:
  std::array<Nullable, kDates> dates_;
  std::array<Nullable, kEnums> enums_;
  std::array<int, kInts> ints_{};
  std::array<long long, kCents> cents_{};
  std::array<double, kDoubles> doubles_{};
  std::string provider_;
};

}  // namespace inburgering::persistence
