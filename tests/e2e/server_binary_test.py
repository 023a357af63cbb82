"""End-to-end: the real inburgering-server binary, called by Python's grpcio (a gRPC client this
project did not write). Covers the foundation's acceptance: health SERVING, reflection listing the
inburgering.v1 services, SIGTERM -> exit 0 within the grace period, no migration applied twice on
a second start or by two replicas starting at once, on SQLite and PostgreSQL."""

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

SERVER = None
POSTGRES_URL = None  # with {db} where the database name goes


class Server:
    """One server process on a free port; its JSON log lines are collected as they come."""

    def __init__(self, database_url, *extra, dev_auth=True):
        self.process = subprocess.Popen(
            [SERVER, "--listen", "127.0.0.1:0", "--database-url", database_url,
             *(["--dev-auth"] if dev_auth else []),
             "--shutdown-grace", "4", "--drain-delay", "0.2", *extra],
            stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.address = None
        self._listening = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._listening.wait(20) or self.address is None:
            self.process.kill()
            self.process.wait()
            raise AssertionError("server did not start: %s" % "\n".join(self.lines))

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "serving gRPC":
                self.address = entry["address"]
                self._listening.set()
        self._listening.set()

    def logged(self, msg):
        return [json.loads(l) for l in self.lines if l.startswith("{") and json.loads(l).get("msg") == msg]

    def channel(self):
        return grpc.insecure_channel(self.address)

    def stop(self):
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        return code, time.monotonic() - started


def health(channel, service):
    health_client = health_pb2_grpc.HealthStub(channel)
    return health_client.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status


def wait_serving(channel, service="readiness", limit=10.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if health(channel, service) == health_pb2.HealthCheckResponse.SERVING:
            return True
        time.sleep(0.05)
    return False


def methods(channel, service):
    """The method names of `service`, from the descriptors reflection serves."""
    from google.protobuf import descriptor_pb2
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(file_containing_symbol=service)
    response = list(reflection.ServerReflectionInfo(iter([request]), timeout=5))[0]
    package, name = service.rsplit(".", 1)
    for raw in response.file_descriptor_response.file_descriptor_proto:
        proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
        for s in proto.service:
            if proto.package == package and s.name == name:
                return sorted(m.name for m in s.method)
    return []


CLIENT_METHODS = sorted([
    "CreateConsultant", "GetConsultant", "ListConsultants", "UpdateConsultant", "CreateClient",
    "GetClient", "ListClients", "UpdateClient", "FindClientByBsn", "AssignConsultant"])
TRAJECTORY_METHODS = sorted([
    "CreateTrajectory", "GetTrajectory", "ListTrajectories", "GetCaseFile", "RecordIntake",
    "RecordLearnabilityTest", "ExemptFromLearnabilityTest", "EstablishPlan", "AmendPlan",
    "RecordEnrollment", "RecordAttendance", "RecordExamResult", "RecordComponentResult",
    "RecordProgressReview", "ScheduleAppointment", "RecordAppointmentOutcome", "RecordExtension",
    "RecordExemption", "CloseTrajectory", "RecordParticipationOutcome", "RecordSocialGuidance",
    "RecordUnburdening", "LodgePlanObjection", "DecidePlanObjection", "DecideZRouteCompletion",
    "RequestPlanInformation", "ReceivePlanInformation"])
ENFORCEMENT_METHODS = sorted([
    "RecordWarning", "RecordFineIntention", "RecordFineView", "DecideFine",
    "RecordFineObjection", "DecideFineObjection", "RecordBlameworthinessFinding"])
REPORTING_METHODS = sorted([
    "GetIndicators", "GetCaseload", "ListWorkItems", "GetProviderOutcomes", "ExportCbsDelivery",
    "ListCbsDeliveries"])
PROVIDER_METHODS = sorted([
    "CreateProvider", "GetProvider", "ListProviders", "ListProviderEnrollments",
    "BatchSubmitProviderReports", "ListProviderReports"])
DUO_METHODS = sorted([
    "ListDuoReports", "MarkDuoReportSent", "ConfirmDuoReport", "IngestDuoSignal",
    "BatchIngestDuoSignals", "IssueProgrammeLateStatement", "ReportExpectedNonCompletion"])


def services(channel):
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    responses = list(reflection.ServerReflectionInfo(iter([request]), timeout=5))
    return sorted(s.name for s in responses[0].list_services_response.service)


class BackendCases:
    """The same cases on each backend; subclasses provide new_database_url()."""

    def test_health_serving_and_reflection_lists_our_services(self):
        server = Server(self.new_database_url())
        try:
            with server.channel() as channel:
                self.assertTrue(wait_serving(channel))
                self.assertEqual(health(channel, ""), health_pb2.HealthCheckResponse.SERVING)
                self.assertEqual(health(channel, "liveness"), health_pb2.HealthCheckResponse.SERVING)
                listed = services(channel)
                self.assertIn("inburgering.v1.ClientService", listed)
                self.assertIn("inburgering.v1.TrajectoryService", listed)
                self.assertIn("inburgering.v1.PrivacyService", listed)
                self.assertIn("inburgering.v1.EnforcementService", listed)
                self.assertIn("inburgering.v1.DuoService", listed)
                self.assertIn("inburgering.v1.EventService", listed)
                self.assertIn("inburgering.v1.ProviderService", listed)
                self.assertIn("grpc.health.v1.Health", listed)
                self.assertEqual(methods(channel, "inburgering.v1.ClientService"), CLIENT_METHODS)
                self.assertEqual(methods(channel, "inburgering.v1.TrajectoryService"),
                                 TRAJECTORY_METHODS)
                self.assertEqual(methods(channel, "inburgering.v1.EnforcementService"),
                                 ENFORCEMENT_METHODS)
                self.assertEqual(methods(channel, "inburgering.v1.DuoService"), DUO_METHODS)
                self.assertEqual(methods(channel, "inburgering.v1.EventService"), ["WatchEvents"])
                self.assertEqual(methods(channel, "inburgering.v1.ReportingService"),
                                 REPORTING_METHODS)
                self.assertEqual(methods(channel, "inburgering.v1.ProviderService"),
                                 PROVIDER_METHODS)
                # Everything listed can be described: the health service too (grpcurl's
                # `grpc.health.v1.Health/Check`, the README's first command, needs it).
                for name in listed:
                    self.assertTrue(methods(channel, name), name)
                self.assertEqual(methods(channel, "grpc.health.v1.Health"), ["Check", "Watch"])
        finally:
            code, _ = server.stop()
        self.assertEqual(code, 0)

    def test_reflection_is_off_under_real_authentication_unless_asked_for(self):
        for extra, served in (((), False), (("--reflection",), True)):
            server = Server(self.new_database_url(), *extra, dev_auth=False)
            try:
                with server.channel() as channel:
                    self.assertTrue(wait_serving(channel))
                    if served:
                        self.assertIn("grpc.health.v1.Health", services(channel))
                    else:
                        with self.assertRaises(grpc.RpcError) as refused:
                            services(channel)
                        self.assertEqual(refused.exception.code(), grpc.StatusCode.UNIMPLEMENTED)
                        # Health needs no reflection and no token.
                        self.assertEqual(health(channel, "liveness"),
                                         health_pb2.HealthCheckResponse.SERVING)
            finally:
                code, _ = server.stop()
            self.assertEqual(code, 0)

    def test_sigterm_exits_zero_within_the_grace_period(self):
        server = Server(self.new_database_url())
        with server.channel() as channel:
            self.assertTrue(wait_serving(channel))
        code, took = server.stop()
        self.assertEqual(code, 0)
        self.assertLess(took, 4.0)
        messages = [json.loads(l)["msg"] for l in server.lines if l.startswith("{")]
        self.assertLess(messages.index("not ready"), messages.index("stopped"))

    def test_second_start_applies_no_migration_twice(self):
        url = self.new_database_url()
        first = Server(url)
        self.assertEqual(first.stop()[0], 0)
        second = Server(url)
        self.assertEqual(second.stop()[0], 0)
        self.assertGreater(first.logged("migrations applied")[0]["count"], 0)
        self.assertEqual(second.logged("migrations applied")[0]["count"], 0)
        migrate = subprocess.run([SERVER, "--database-url", url, "migrate"],
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(migrate.returncode, 0, migrate.stderr)
        self.assertIn('"count":0', migrate.stderr)

    def test_two_replicas_starting_at_once_apply_each_migration_once(self):
        url = self.new_database_url()
        results, errors = [], []

        def start():
            try:
                results.append(Server(url))
            except AssertionError as e:
                errors.append(str(e))

        threads = [threading.Thread(target=start) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = [s.stop()[0] for s in results]
        self.assertEqual(errors, [])
        self.assertEqual(codes, [0, 0])
        counts = sorted(s.logged("migrations applied")[0]["count"] for s in results)
        self.assertEqual(counts[0], 0)
        self.assertGreater(counts[1], 0)
        self.assertEqual(self.recorded_migrations(url), counts[1])


class SqliteTest(BackendCases, unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def new_database_url(self):
        return "sqlite:%s/%s.db" % (self.dir.name, uuid.uuid4().hex)

    def recorded_migrations(self, url):
        with sqlite3.connect(url[len("sqlite:"):]) as db:
            return db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]

    def test_purge_runs_on_an_empty_database(self):
        purge = subprocess.run([SERVER, "--database-url", self.new_database_url(), "purge"],
                               capture_output=True, text=True, timeout=60)
        self.assertEqual(purge.returncode, 0, purge.stderr)
        self.assertIn('"trajectories":0', purge.stderr)
        self.assertIn('"processing_records":0', purge.stderr)

    def test_reindex_verifies_and_rebuilds_the_cohort_summary(self):
        url = self.new_database_url()

        def reindex(*flags):
            return subprocess.run([SERVER, "--database-url", url, "reindex"] + list(flags),
                                  capture_output=True, text=True, timeout=60)

        verify = reindex("--verify")
        self.assertEqual(verify.returncode, 0, verify.stderr)
        self.assertIn('"differences":0', verify.stderr)
        with sqlite3.connect(url[len("sqlite:"):]) as db:  # a summary row no trajectory made
            db.execute("INSERT INTO cohort_summary (municipality, year, target_group, route,"
                       " provider, due_day, present, cohort) VALUES ('0303', 2025, '', '', '',"
                       " '', 1, 1)")
        verify = reindex("--verify")
        self.assertEqual(verify.returncode, 1, verify.stderr)
        self.assertIn("cohort kept 1 counted 0", verify.stderr)
        rebuild = reindex("--summaries")
        self.assertEqual(rebuild.returncode, 0, rebuild.stderr)
        verify = reindex("--verify")
        self.assertEqual(verify.returncode, 0, verify.stderr)

    def test_version(self):
        version = subprocess.run([SERVER, "--version"], capture_output=True, text=True, timeout=10)
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertRegex(version.stdout.strip(), r"^inburgering-server \d+\.\d+\.\d+$")

    def test_log_lines_are_json_and_name_the_call(self):
        server = Server(self.new_database_url())
        with server.channel() as channel:
            self.assertTrue(wait_serving(channel))
        server.stop()
        calls = server.logged("call")
        self.assertTrue(calls)
        for call in calls:
            self.assertEqual(set(["method", "code", "latency_ms", "request_id"]) - set(call), set())


class MutualTlsTest(unittest.TestCase):
    """--tls-cert/--tls-key/--tls-client-ca: only clients with a certificate of the CA get in."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        d = self.dir.name

        def openssl(*args):
            subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=d)

        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                "-keyout", "ca.key", "-out", "ca.pem")
        for name, ext in (("server", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                          ("client", "extendedKeyUsage=clientAuth")):
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                    "-keyout", name + ".key", "-out", name + ".csr")
            with open(os.path.join(d, name + ".ext"), "w") as f:
                f.write(ext + "\n")
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem")

    def tearDown(self):
        self.dir.cleanup()

    def read(self, name):
        with open(os.path.join(self.dir.name, name), "rb") as f:
            return f.read()

    def test_only_clients_with_a_certificate_of_the_ca_get_in(self):
        d = self.dir.name
        server = Server("sqlite:%s/tls.db" % d, "--tls-cert", d + "/server.pem",
                        "--tls-key", d + "/server.key", "--tls-client-ca", d + "/ca.pem")
        try:
            trusted = grpc.ssl_channel_credentials(
                root_certificates=self.read("ca.pem"), private_key=self.read("client.key"),
                certificate_chain=self.read("client.pem"))
            with grpc.secure_channel(server.address, trusted) as channel:
                self.assertTrue(wait_serving(channel))
            anonymous = grpc.ssl_channel_credentials(root_certificates=self.read("ca.pem"))
            with grpc.secure_channel(server.address, anonymous) as channel:
                with self.assertRaises(grpc.RpcError) as refused:
                    health(channel, "")
                self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAVAILABLE)
            with grpc.insecure_channel(server.address) as channel:
                with self.assertRaises(grpc.RpcError):
                    health(channel, "")
        finally:
            self.assertEqual(server.stop()[0], 0)


class PostgresqlTest(BackendCases, unittest.TestCase):
    def new_database_url(self):
        name = "e2e_" + uuid.uuid4().hex[:12]
        admin = POSTGRES_URL.replace("{db}", "postgres")
        subprocess.run(["psql", "-q", admin, "-c", "CREATE DATABASE " + name], check=True)
        return POSTGRES_URL.replace("{db}", name)

    def recorded_migrations(self, url):
        out = subprocess.run(["psql", "-qAt", url, "-c", "SELECT count(*) FROM schema_migrations"],
                             check=True, capture_output=True, text=True)
        return int(out.stdout.strip())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--postgres-url", required=True)
    args, rest = parser.parse_known_args()
    SERVER = args.server
    POSTGRES_URL = args.postgres_url
    unittest.main(argv=[sys.argv[0]] + rest)
