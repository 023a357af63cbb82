package nl.inburgering.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.type.Date;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.inburgering.v1.BatchSubmitProviderReportsRequest;
import nl.inburgering.v1.CaseFile;
import nl.inburgering.v1.Client;
import nl.inburgering.v1.Consultant;
import nl.inburgering.v1.CreateClientRequest;
import nl.inburgering.v1.CreateConsultantRequest;
import nl.inburgering.v1.CreateProviderRequest;
import nl.inburgering.v1.CreateTrajectoryRequest;
import nl.inburgering.v1.Enrollment;
import nl.inburgering.v1.EstablishPlanRequest;
import nl.inburgering.v1.GetCaseFileRequest;
import nl.inburgering.v1.Intake;
import nl.inburgering.v1.LanguageLevel;
import nl.inburgering.v1.LearnabilityTest;
import nl.inburgering.v1.LearningRoute;
import nl.inburgering.v1.LessonsStarted;
import nl.inburgering.v1.ListClientsRequest;
import nl.inburgering.v1.ListClientsResponse;
import nl.inburgering.v1.ListProviderEnrollmentsRequest;
import nl.inburgering.v1.ListProviderEnrollmentsResponse;
import nl.inburgering.v1.LodgePlanObjectionRequest;
import nl.inburgering.v1.OfferComponent;
import nl.inburgering.v1.Plan;
import nl.inburgering.v1.PlanObjection;
import nl.inburgering.v1.Provider;
import nl.inburgering.v1.ProviderReport;
import nl.inburgering.v1.ProviderReportOutcome;
import nl.inburgering.v1.QualityMark;
import nl.inburgering.v1.RecordEnrollmentRequest;
import nl.inburgering.v1.RecordIntakeRequest;
import nl.inburgering.v1.RecordLearnabilityTestRequest;
import nl.inburgering.v1.Regime;
import nl.inburgering.v1.RegistrationSource;
import nl.inburgering.v1.TargetGroup;
import nl.inburgering.v1.Trajectory;
import org.junit.jupiter.api.Test;

/**
 * The shared client scenario (clients/README.md) in Java against the real server that
 * tests/clients/run_with_server.py started (INBURGERING_TARGET): register clients, see refusals
 * with their reasons, establish a plan, read the case file, page through a list.
 */
class ScenarioTest {
  // A municipality of its own per run (9000-9999, no real one), so that the scenario holds on a
  // server that already holds clients, its own earlier runs' included.
  private static final String MUNICIPALITY =
      String.valueOf(9000 + new java.util.Random().nextInt(1000));
  private static final String PARENT = "municipalities/" + MUNICIPALITY;
  private static final String TARGET = System.getenv("INBURGERING_TARGET");

  private static Date today() {
    LocalDate d = LocalDate.now(ZoneOffset.UTC);
    return Date.newBuilder().setYear(d.getYear()).setMonth(d.getMonthValue()).setDay(d.getDayOfMonth()).build();
  }

  private static Inburgering caller(String roles) {
    return Inburgering.forTarget(TARGET).dev(roles, MUNICIPALITY, "java-e2e", null).build();
  }

  private static Client register(Inburgering api, String bsn, String familyName, String consultant) {
    return api.clients().createClient(CreateClientRequest.newBuilder()
        .setParent(PARENT)
        .setClient(Client.newBuilder()
            .setBsn(bsn)
            .setGivenNames("Amal")
            .setFamilyName(familyName)
            .setBirthDate(Date.newBuilder().setYear(1990).setMonth(1).setDay(1))
            .setTargetGroup(TargetGroup.TARGET_GROUP_ASYLUM_STATUS_HOLDER)
            .setRegime(Regime.REGIME_WI2021)
            .setSource(RegistrationSource.REGISTRATION_SOURCE_COA_LINK)
            .setObligationNoticeDate(today())
            .setConsultant(consultant))
        .build());
  }

  @Test
  void registerRefusePlanReadPage() throws Exception {
    assertNotNull(TARGET, "run me with run_with_server.py");
    try (Inburgering lead = caller("team_lead"); Inburgering api = caller("consultant")) {
      Consultant consultant = lead.clients().createConsultant(CreateConsultantRequest.newBuilder()
          .setParent(PARENT).setConsultant(Consultant.newBuilder().setDisplayName("Java e2e")).build());

      List<String> names = new ArrayList<>();
      String[] bsns = {"111222333", "123456782", "999999990"}; // each passes the eleven-test
      for (String bsn : bsns) {
        Client client = register(api, bsn, "Java " + names.size(), consultant.getName());
        assertTrue(client.getName().startsWith(PARENT + "/clients/"));
        assertFalse(client.getName().contains(bsn));
        names.add(client.getName());
      }

      // Bad input: INVALID_ARGUMENT naming the field.
      ApiError invalid = ApiError.of(assertThrows(StatusRuntimeException.class,
          () -> register(api, "123456789", "Invalid", consultant.getName())));
      assertEquals(Status.Code.INVALID_ARGUMENT, invalid.code());
      assertTrue(invalid.fieldViolations().containsKey("client.bsn"), invalid.toString());

      Trajectory trajectory = api.trajectories().createTrajectory(
          CreateTrajectoryRequest.newBuilder().setParent(names.get(0)).build());
      Plan plan = Plan.newBuilder()
          .setDecisionDate(today())
          .setRoute(LearningRoute.LEARNING_ROUTE_B1)
          .setTargetLevel(LanguageLevel.LANGUAGE_LEVEL_B1)
          .setOntzorgenReference("PW-E2E-1")
          .build();

      // A refusal with its reason: no plan before the broad intake.
      ApiError refused = ApiError.of(assertThrows(StatusRuntimeException.class,
          () -> api.trajectories().establishPlan(EstablishPlanRequest.newBuilder()
              .setName(trajectory.getName()).setEtag(trajectory.getEtag()).setPlan(plan).build())));
      assertEquals(Status.Code.FAILED_PRECONDITION, refused.code());
      assertEquals("PLAN_BEFORE_INTAKE", refused.reason());

      // Intake, learnability test, plan: each step answers the whole case file.
      CaseFile file = api.trajectories().recordIntake(RecordIntakeRequest.newBuilder()
          .setName(trajectory.getName()).setEtag(trajectory.getEtag())
          .setIntake(Intake.newBuilder().setDate(today()).setEducationAndWorkHistory(true)
              .setPersonalCircumstances(true))
          .build());
      file = api.trajectories().recordLearnabilityTest(RecordLearnabilityTestRequest.newBuilder()
          .setName(trajectory.getName()).setEtag(file.getTrajectory().getEtag())
          .setLearnabilityTest(LearnabilityTest.newBuilder().setDate(today()).setScore(60))
          .build());
      file = api.trajectories().establishPlan(EstablishPlanRequest.newBuilder()
          .setName(trajectory.getName()).setEtag(file.getTrajectory().getEtag()).setPlan(plan).build());
      assertEquals(1, file.getPlansCount());

      // A step of the law in depth: an objection against the plan, with its Awb clock.
      file = api.trajectories().lodgePlanObjection(LodgePlanObjectionRequest.newBuilder()
          .setName(trajectory.getName()).setEtag(file.getTrajectory().getEtag())
          .setObjection(PlanObjection.newBuilder().setPlanVersion(1).setFiledDate(today()))
          .build());
      assertEquals(1, file.getPlanObjectionsCount());

      // The providers' side: a registered school, the client enrolled there; the school's own
      // token sees its student and reports the first lesson; sent twice, recorded once.
      Provider school = lead.providers().createProvider(CreateProviderRequest.newBuilder()
          .setParent(PARENT).setProviderId("java-school")
          .setProvider(Provider.newBuilder().setDisplayName("Taalschool Java")
              .setQualityMark(QualityMark.QUALITY_MARK_BLIK_OP_WERK)
              .addComponents(OfferComponent.OFFER_COMPONENT_LANGUAGE))
          .build());
      file = api.trajectories().recordEnrollment(RecordEnrollmentRequest.newBuilder()
          .setName(trajectory.getName()).setEtag(file.getTrajectory().getEtag())
          .setEnrollment(Enrollment.newBuilder().setRegisteredProvider(school.getName())
              .setPlannedHours(600))
          .build());
      try (Inburgering provider = Inburgering.forTarget(TARGET)
          .devProvider(MUNICIPALITY, "java-e2e", "java-school").build()) {
        ListProviderEnrollmentsResponse seen = provider.providers().listProviderEnrollments(
            ListProviderEnrollmentsRequest.newBuilder().setParent(school.getName()).build());
        assertEquals(1, seen.getEnrollmentsCount());
        BatchSubmitProviderReportsRequest report = BatchSubmitProviderReportsRequest.newBuilder()
            .setParent(school.getName())
            .addReports(ProviderReport.newBuilder().setRecordId("start-1")
                .setEnrollmentId(seen.getEnrollments(0).getEnrollmentId())
                .setLessonsStarted(LessonsStarted.newBuilder().setDate(today())))
            .build();
        for (ProviderReportOutcome outcome : List.of(
            ProviderReportOutcome.PROVIDER_REPORT_OUTCOME_RECORDED,
            ProviderReportOutcome.PROVIDER_REPORT_OUTCOME_REPLAYED)) {
          assertEquals(outcome,
              provider.providers().batchSubmitProviderReports(report).getResults(0).getOutcome());
        }
      }
      file = api.trajectories().getCaseFile(
          GetCaseFileRequest.newBuilder().setName(trajectory.getName()).build());
      assertEquals(today(), file.getEnrollments(0).getLessonsStartDate());

      // Read the case file back.
      CaseFile read = api.trajectories().getCaseFile(
          GetCaseFileRequest.newBuilder().setName(trajectory.getName()).build());
      assertEquals(LearningRoute.LEARNING_ROUTE_B1, read.getPlans(0).getRoute());
      assertEquals(today(), read.getPlans(0).getDecisionDate());
      assertEquals(file.getTrajectory().getEtag(), read.getTrajectory().getEtag());

      // Page through the clients two at a time.
      List<ListClientsResponse> pages = Pages.all(r -> api.clients().listClients(r),
          ListClientsRequest.newBuilder().setParent(PARENT).setPageSize(2).build());
      assertEquals(List.of(2, 1), pages.stream().map(ListClientsResponse::getClientsCount).toList());
      List<String> listed = pages.stream().flatMap(p -> p.getClientsList().stream())
          .map(Client::getName).sorted().toList();
      assertEquals(names.stream().sorted().toList(), listed);
    }
  }

  @Test
  void onlyCallsSafeToReplayAreRetried() {
    List<Map<String, Object>> retried = Inburgering.idempotentMethods();
    assertTrue(retried.contains(Map.of("service", "inburgering.v1.ClientService", "method", "GetClient")));
    assertTrue(retried.contains(Map.of("service", "inburgering.v1.TrajectoryService", "method", "EstablishPlan")));
    assertFalse(retried.contains(Map.of("service", "inburgering.v1.ClientService", "method", "UpdateClient")));
  }
}
