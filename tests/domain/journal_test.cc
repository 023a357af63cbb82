// The processing log's rules that need no database: the LDV 1.0 status of a call's result, the
// group of an operation, the register's URI, span and trace ids, subjects across municipalities.

#include "domain/journal.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

using ::testing::MatchesRegex;

TEST(LdvStatusTest, OkForDoneErrorForOurOwnFaultUnsetForARefusal) {
  EXPECT_EQ(LdvStatusOf("OK"), "Ok");
  for (const char* fault :
       {"INTERNAL", "UNKNOWN", "DATA_LOSS", "UNAVAILABLE", "DEADLINE_EXCEEDED"}) {
    EXPECT_EQ(LdvStatusOf(fault), "Error") << fault;
  }
  for (const char* refusal :
       {"INVALID_ARGUMENT", "NOT_FOUND", "PERMISSION_DENIED", "FAILED_PRECONDITION", "ABORTED",
        "ALREADY_EXISTS", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED", "CANCELLED"}) {
    EXPECT_EQ(LdvStatusOf(refusal), "Unset") << refusal;
  }
}

TEST(ProcessingActivityTest, EachOperationBelongsToTheGroupOfItsPurpose) {
  EXPECT_EQ(GroupOf("EstablishPlan"), "intake_and_plan");
  EXPECT_EQ(GroupOf("GetCaseFile"), "intake_and_plan");
  EXPECT_EQ(GroupOf("DecideFine"), "enforcement");
  EXPECT_EQ(GroupOf("RecordBlameworthinessFinding"), "enforcement");
  EXPECT_EQ(GroupOf("BatchIngestDuoSignals"), "duo_exchange");
  EXPECT_EQ(GroupOf("ExportCbsDelivery"), "cbs_delivery");
  EXPECT_EQ(GroupOf("ListWorkItems"), "reporting");
  EXPECT_EQ(GroupOf("ListProcessingRecords"), "privacy");
  EXPECT_EQ(GroupOf("Purge"), "privacy");
  EXPECT_EQ(GroupOf("BatchSubmitProviderReports"), "provider_exchange");
  EXPECT_EQ(GroupOf("ListProviderEnrollments"), "provider_exchange");
}

TEST(ProcessingActivityTest, TheOperationsUriWinsOverItsGroupsAndNamesTheMunicipality) {
  LogbookSettings settings;
  settings.activity_by_group["enforcement"] = "https://r.example.nl/{municipality}/va/1";
  settings.activity_by_operation["DecideFine"] = "https://r.example.nl/va/2";
  EXPECT_EQ(settings.ActivityOf("RecordWarning", "0303"), "https://r.example.nl/0303/va/1");
  EXPECT_EQ(settings.ActivityOf("DecideFine", "0303"), "https://r.example.nl/va/2");
  EXPECT_EQ(settings.ActivityOf("GetCaseFile", "0303"),
            "urn:inburgering:processing-activity:intake_and_plan");
}

TEST(TraceContextTest, SpanAndTraceIdsAreLowerHexAndNeverZero) {
  for (int i = 0; i < 100; ++i) {
    const std::string span = NewSpanId();
    EXPECT_THAT(span, MatchesRegex("[0-9a-f]{16}"));
    EXPECT_NE(span, std::string(16, '0'));
  }
  EXPECT_THAT(NewTraceId(), MatchesRegex("[0-9a-f]{32}"));
  const Caller system = SystemCaller("retention");
  EXPECT_EQ(system.subject, "retention");
  EXPECT_THAT(system.trace_id, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_THAT(system.span_id, MatchesRegex("[0-9a-f]{16}"));
}

TEST(CallJournalTest, EachSubjectOnceWithItsOwnMunicipalityWhenGiven) {
  CallJournal journal;
  journal.municipality = "0303";
  journal.NoteSubject("c1");
  journal.NoteSubject("c2", "0344");
  journal.NoteSubject("c1", "0344");
  EXPECT_THAT(journal.subjects, ::testing::ElementsAre("c1", "c2"));
  Caller caller = SystemCaller("tester");
  const ProcessingRecord r = ProcessingOf(caller, journal, "OK", absl::UnixEpoch(), "0344", "c2");
  EXPECT_EQ(r.municipality, "0344");
  EXPECT_EQ(r.parent_span_id, caller.span_id);
  EXPECT_EQ(r.ldv_status, "Ok");
  EXPECT_EQ(r.data_subject_id_type, kClientSubjectType);
  EXPECT_EQ(r.foreign_span_id, "");  // no calling party's span: no foreign operation
}

}  // namespace
}  // namespace inburgering::domain
