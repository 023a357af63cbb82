#include "domain/names.h"

namespace inburgering::domain {

absl::string_view NameOf(TargetGroup value) {
  switch (value) {
    case TargetGroup::kAsylumStatusHolder:
      return "asylum_status_holder";
    case TargetGroup::kFamilyMigrant:
      return "family_migrant";
    case TargetGroup::kOtherMigrant:
      return "other_migrant";
  }
  return "";
}

absl::string_view NameOf(Phase value) {
  switch (value) {
    case Phase::kIntake:
      return "intake";
    case Phase::kPlanned:
      return "planned";
    case Phase::kProgramme:
      return "programme";
    case Phase::kClosed:
      return "closed";
  }
  return "";
}

absl::string_view NameOf(Route value) {
  switch (value) {
    case Route::kB1:
      return "B1";
    case Route::kEducation:
      return "education";
    case Route::kZ:
      return "Z";
  }
  return "";
}

}  // namespace inburgering::domain
