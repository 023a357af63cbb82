"""The shared client scenario (clients/README.md), in Python, against the real server:
register clients, see a refusal with its reason, establish a plan, read the case file, page
through a list. INBURGERING_TARGET names the server (tests/clients/run_with_server.py)."""

import datetime
import os
import time
import unittest

import grpc
from google.rpc import error_details_pb2, status_pb2

from inburgering.v1 import client_pb2, client_service_pb2 as cs, consultant_pb2, duties_pb2
from inburgering.v1 import provider_service_pb2 as ps
from inburgering.v1 import trajectory_pb2, trajectory_service_pb2 as ts
from inburgering_client import MAX_RETRY_DELAY, ApiError, Connection, date, items, pages

TARGET = os.environ["INBURGERING_TARGET"]
PARENT = "municipalities/0303"
BSNS = ["111222333", "123456782", "999999990"]  # each passes the eleven-test


class _Refusal(grpc.RpcError):
    """A refused call as gRPC raises it, with the server's google.rpc.Status in its trailers."""

    def __init__(self, code, message, retry_delay=None):
        super().__init__()
        status = status_pb2.Status(code=code.value[0], message=message)
        if retry_delay is not None:
            retry = error_details_pb2.RetryInfo()
            retry.retry_delay.FromTimedelta(datetime.timedelta(seconds=retry_delay))
            status.details.add().Pack(retry)
        self._code, self._message = code, message
        self._trailers = (("grpc-status-details-bin", status.SerializeToString()),)

    def code(self):
        return self._code

    def details(self):
        return self._message

    def trailing_metadata(self):
        return self._trailers


class RetryTest(unittest.TestCase):
    """The call policy's retries, on calls that fail as told (no server needed)."""

    def setUp(self):
        self.api = Connection(TARGET, dev_roles="consultant", dev_municipalities="0303")
        self.slept = []
        self.sleep, time.sleep = time.sleep, self.slept.append

    def tearDown(self):
        time.sleep = self.sleep
        self.api.close()

    def assertSpread(self, pause, at_least):
        """The pause is `at_least` and up to a fifth more."""
        self.assertGreaterEqual(pause, at_least)
        self.assertLessEqual(pause, at_least * 1.2 + 1e-9)

    def call(self, method, request, *answers):
        left = list(answers)

        def fake(request, timeout, metadata):
            answer = left.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer

        try:
            return self.api._invoke(method, fake, request, None, ())
        finally:
            self.assertEqual(left, [], "answers left unasked")

    def test_a_call_a_replica_shed_is_retried_after_the_delay_its_retry_info_names(self):
        shed = _Refusal(grpc.StatusCode.RESOURCE_EXHAUSTED, "too many calls waiting", 1.5)
        self.assertEqual(self.call("GetClient", cs.GetClientRequest(), shed, "read"), "read")
        self.assertEqual(len(self.slept), 1)
        self.assertSpread(self.slept[0], 1.5)

    def test_unavailable_waits_the_servers_delay_when_it_names_one_else_the_backoff(self):
        database = _Refusal(grpc.StatusCode.UNAVAILABLE, "database", 1.0)
        reset = _Refusal(grpc.StatusCode.UNAVAILABLE, "connection reset")
        self.assertEqual(self.call("GetClient", cs.GetClientRequest(), database, reset, "ok"), "ok")
        self.assertEqual(len(self.slept), 2)
        self.assertSpread(self.slept[0], 1.0)
        self.assertSpread(self.slept[1], 0.2)

    def test_callers_shed_together_come_back_spread_out(self):
        shed = _Refusal(grpc.StatusCode.RESOURCE_EXHAUSTED, "too many calls waiting", 1.0)
        for _ in range(20):
            self.call("GetClient", cs.GetClientRequest(), shed, "read")
        self.assertEqual(len(self.slept), 20)
        self.assertGreater(len(set(self.slept)), 10)
        huge = _Refusal(grpc.StatusCode.RESOURCE_EXHAUSTED, "too many calls waiting", 3600)
        self.call("GetClient", cs.GetClientRequest(), huge, "read")
        self.assertEqual(self.slept[-1], MAX_RETRY_DELAY)

    def test_resource_exhausted_without_retry_info_is_not_retried(self):
        too_large = _Refusal(grpc.StatusCode.RESOURCE_EXHAUSTED, "message too large")
        with self.assertRaises(ApiError) as refused:
            self.call("GetClient", cs.GetClientRequest(), too_large)
        self.assertEqual(refused.exception.code, grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertEqual(self.slept, [])

    def test_a_shed_change_without_request_id_is_not_retried(self):
        shed = _Refusal(grpc.StatusCode.RESOURCE_EXHAUSTED, "too many calls waiting", 1.0)
        with self.assertRaises(ApiError) as refused:
            self.call("UpdateClient", cs.UpdateClientRequest(), shed)
        self.assertEqual(refused.exception.retry_delay, 1.0)
        self.assertEqual(self.slept, [])


class ScenarioTest(unittest.TestCase):
    def setUp(self):
        self.today = datetime.datetime.now(datetime.timezone.utc).date()
        self.lead = Connection(TARGET, dev_roles="team_lead", dev_municipalities="0303")
        self.api = Connection(TARGET, dev_roles="consultant", dev_municipalities="0303")

    def tearDown(self):
        self.lead.close()
        self.api.close()

    def register(self, bsn, family_name, consultant):
        return self.api.clients.CreateClient(cs.CreateClientRequest(parent=PARENT, client=client_pb2.Client(
            bsn=bsn, given_names="Amal", family_name=family_name,
            birth_date=date(datetime.date(1990, 1, 1)),
            target_group=client_pb2.TARGET_GROUP_ASYLUM_STATUS_HOLDER,
            regime=client_pb2.REGIME_WI2021, source=client_pb2.REGISTRATION_SOURCE_COA_LINK,
            obligation_notice_date=date(self.today), consultant=consultant)))

    def test_scenario(self):
        consultant = self.lead.clients.CreateConsultant(cs.CreateConsultantRequest(
            parent=PARENT, consultant=consultant_pb2.Consultant(display_name="Python e2e")))

        # Register: the service names the client; request_id was filled in by the helper.
        clients = [self.register(bsn, "Python %d" % i, consultant.name)
                   for i, bsn in enumerate(BSNS)]
        self.assertTrue(clients[0].name.startswith(PARENT + "/clients/"))
        self.assertNotIn(BSNS[0], clients[0].name)

        # Bad input: INVALID_ARGUMENT naming the field.
        with self.assertRaises(ApiError) as refused:
            self.register("123456789", "Invalid", consultant.name)
        self.assertEqual(refused.exception.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("client.bsn", refused.exception.field_violations)

        trajectory = self.api.trajectories.CreateTrajectory(
            ts.CreateTrajectoryRequest(parent=clients[0].name))
        plan = trajectory_pb2.Plan(decision_date=date(self.today),
                                   route=trajectory_pb2.LEARNING_ROUTE_B1,
                                   target_level=trajectory_pb2.LANGUAGE_LEVEL_B1,
                                   ontzorgen_reference="PW-E2E-1")

        # A refusal with its reason: no plan before the broad intake.
        with self.assertRaises(ApiError) as refused:
            self.api.trajectories.EstablishPlan(ts.EstablishPlanRequest(
                name=trajectory.name, etag=trajectory.etag, plan=plan))
        self.assertEqual(refused.exception.code, grpc.StatusCode.FAILED_PRECONDITION)
        self.assertEqual(refused.exception.reason, "PLAN_BEFORE_INTAKE")

        # Intake, learnability test, plan: each step answers the whole case file.
        file = self.api.trajectories.RecordIntake(ts.RecordIntakeRequest(
            name=trajectory.name, etag=trajectory.etag, intake=trajectory_pb2.Intake(
                date=date(self.today), education_and_work_history=True,
                personal_circumstances=True)))
        file = self.api.trajectories.RecordLearnabilityTest(ts.RecordLearnabilityTestRequest(
            name=trajectory.name, etag=file.trajectory.etag,
            learnability_test=trajectory_pb2.LearnabilityTest(date=date(self.today), score=60)))
        file = self.api.trajectories.EstablishPlan(ts.EstablishPlanRequest(
            name=trajectory.name, etag=file.trajectory.etag, plan=plan))
        self.assertEqual(len(file.plans), 1)

        # A step of the law in depth: an objection against the plan, with its Awb clock.
        file = self.api.trajectories.LodgePlanObjection(ts.LodgePlanObjectionRequest(
            name=trajectory.name, etag=file.trajectory.etag,
            objection=duties_pb2.PlanObjection(plan_version=1, filed_date=date(self.today))))
        self.assertEqual(len(file.plan_objections), 1)
        self.assertIn(trajectory_pb2.DEADLINE_KIND_PLAN_OBJECTION_DECISION,
                      [d.kind for d in file.deadlines])

        # The providers' side: the school is registered, the client enrolled there; the school's
        # own token sees its student and reports the first lesson, idempotent by its record id.
        school = self.lead.providers.CreateProvider(ps.CreateProviderRequest(
            parent=PARENT, provider_id="python-school", provider=ps.Provider(
                display_name="Taalschool Python", quality_mark=trajectory_pb2.QUALITY_MARK_BLIK_OP_WERK,
                components=[trajectory_pb2.OFFER_COMPONENT_LANGUAGE])))
        file = self.api.trajectories.RecordEnrollment(ts.RecordEnrollmentRequest(
            name=trajectory.name, etag=file.trajectory.etag, enrollment=trajectory_pb2.Enrollment(
                registered_provider=school.name, planned_hours=600)))
        with Connection(TARGET, dev_roles="provider", dev_municipalities="0303",
                        dev_provider="python-school") as provider:
            seen = provider.providers.ListProviderEnrollments(
                ps.ListProviderEnrollmentsRequest(parent=school.name))
            self.assertEqual([e.family_name for e in seen.enrollments], ["Python 0"])
            report = ps.ProviderReport(
                record_id="start-1", enrollment_id=seen.enrollments[0].enrollment_id,
                lessons_started=ps.LessonsStarted(date=date(self.today)))
            for outcome in (ps.PROVIDER_REPORT_OUTCOME_RECORDED, ps.PROVIDER_REPORT_OUTCOME_REPLAYED):
                answer = provider.providers.BatchSubmitProviderReports(
                    ps.BatchSubmitProviderReportsRequest(parent=school.name, reports=[report]))
                self.assertEqual(answer.results[0].outcome, outcome)
        file = self.api.trajectories.GetCaseFile(ts.GetCaseFileRequest(name=trajectory.name))
        self.assertEqual(file.enrollments[0].lessons_start_date, date(self.today))

        # Read the case file back.
        read = self.api.trajectories.GetCaseFile(ts.GetCaseFileRequest(name=trajectory.name))
        self.assertEqual(read.plans[0].route, trajectory_pb2.LEARNING_ROUTE_B1)
        self.assertEqual(read.plans[0].decision_date, date(self.today))
        self.assertEqual(read.trajectory.etag, file.trajectory.etag)

        # Page through the clients two at a time.
        request = cs.ListClientsRequest(parent=PARENT, page_size=2)
        sizes = [len(page.clients) for page in pages(self.api.clients.ListClients, request)]
        self.assertEqual(sizes, [2, 1])
        names = [c.name for c in items(self.api.clients.ListClients,
                                       cs.ListClientsRequest(parent=PARENT, page_size=2),
                                       "clients")]
        self.assertEqual(sorted(names), sorted(c.name for c in clients))


if __name__ == "__main__":
    unittest.main()
