#include "server/citizen_messages.h"

#include <array>
#include <utility>

namespace inburgering::server {
namespace {

constexpr std::array<std::pair<absl::string_view, CitizenMessage>, 16> kMessages = {{
    {"INVALID_REQUEST",
     {"Some of the information given is not correct. Please check the marked fields.",
      "Een of meer gegevens zijn niet goed ingevuld. Controleer de gemarkeerde velden."}},
    {"RESOURCE_NOT_FOUND",
     {"We could not find what you asked for. It may have been removed, or you may not see it.",
      "Wij kunnen niet vinden wat u zoekt. Misschien is het verwijderd of mag u het niet zien."}},
    {"UNAUTHENTICATED", {"Please log in again.", "Log opnieuw in."}},
    {"PERMISSION_DENIED", {"You are not allowed to do this.", "U mag dit niet doen."}},
    {"DATABASE_UNAVAILABLE",
     {"The service is busy. Please try again in a moment.",
      "De dienst is even druk. Probeer het over een paar minuten opnieuw."}},
    {"SERVER_SHUTTING_DOWN",
     {"The service is busy. Please try again in a moment.",
      "De dienst is even druk. Probeer het over een paar minuten opnieuw."}},
    {"LIMIT_EXCEEDED",
     {"Too much at once. Please try again with less, or later.",
      "Dit is te veel tegelijk. Probeer het opnieuw met minder, of later."}},
    {"INTERNAL_ERROR",
     {"Something went wrong on our side. Please try again later.",
      "Er ging bij ons iets mis. Probeer het later opnieuw."}},
    {"STALE_ETAG",
     {"Your file was changed in the meantime. Please reload the page and try again.",
      "Uw dossier is intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens."}},
    {"CONCURRENT_CHANGE",
     {"Your file was changed in the meantime. Please reload the page and try again.",
      "Uw dossier is intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens."}},
    {"TRAJECTORY_CLOSED",
     {"Your civic integration file is closed: nothing more can be added to it.",
      "Uw inburgeringsdossier is gesloten: er kan niets meer aan worden toegevoegd."}},
    {"NO_PLAN_YET",
     {"Your personal plan (PIP) has not been made yet.",
      "Uw persoonlijk plan (PIP) is nog niet vastgesteld."}},
    {"PLAN_BEFORE_INTAKE",
     {"The broad intake must be completed before your plan can be made.",
      "Eerst moet de brede intake klaar zijn, daarna kan uw plan worden gemaakt."}},
    {"ROUTE_SWITCH_AFTER_18_MONTHS",
     {"The deadline has passed: a route can only be changed in the first 18 months.",
      "De termijn is verstreken: een leerroute kan alleen in de eerste 18 maanden worden "
      "gewijzigd."}},
    {"OBJECTION_PENDING",
     {"An objection against this decision is still being handled.",
      "Er loopt nog een bezwaar tegen dit besluit."}},
    {"INFORMATION_RECEIVED",
     {"The document asked for has already been received.",
      "Het gevraagde document is al ontvangen."}},
}};

}  // namespace

std::optional<CitizenMessage> CitizenMessageFor(absl::string_view reason) {
  for (const auto& [name, message] : kMessages) {
    if (name == reason) return message;
  }
  return std::nullopt;
}

}  // namespace inburgering::server
