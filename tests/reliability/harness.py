"""What the reliability tests share: the real server binary as a process (start, SIGKILL, SIGTERM,
its resident memory), a PostgreSQL cluster of the test's own (to crash and pause without
disturbing other tests), and a consultant's connection. The generated Python classes come from
clients/python (tests/reliability/run.sh puts them on the path)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from inburgering.v1 import client_pb2, client_service_pb2 as cs
from inburgering_client import Connection

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVER = os.environ.get("INBURGERING_SERVER_BINARY", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def work_dir(test, prefix):
    """A folder of the test's own under $TMPDIR, removed with everything in it when the test ends
    (its servers are stopped by then): a run of the suite leaves nothing behind."""
    path = tempfile.mkdtemp(prefix=prefix)
    test.addCleanup(shutil.rmtree, path, ignore_errors=True)
    return path


def bsn(n):
    """A valid BSN (eleven-test) for n, or None when n has no valid check digit."""
    digits = "%08d" % (n % 100000000)
    weighted = sum(int(d) * (9 - i) for i, d in enumerate(digits))
    check = weighted % 11
    # A check digit of 10 cannot be written; a weighted total of 0 is not a BSN.
    return None if check == 10 or weighted == check else digits + str(check)


def bsn_series(start):
    n = start
    while True:
        b = bsn(n)
        n += 1
        if b:
            yield b


def client_request(b, family_name="Reliability", request_id=""):
    return cs.CreateClientRequest(parent="municipalities/0303", request_id=request_id,
                                  client=client_pb2.Client(
                                      bsn=b, given_names="Test", family_name=family_name,
                                      birth_date={"year": 1990, "month": 1, "day": 1},
                                      target_group=client_pb2.TARGET_GROUP_FAMILY_MIGRANT,
                                      regime=client_pb2.REGIME_WI2021,
                                      source=client_pb2.REGISTRATION_SOURCE_DUO_NOTICE))


class Server:
    """The server binary on 127.0.0.1:port, with development authentication unless told not."""

    def __init__(self, database_url, port=None, extra=(), preexec_fn=None, dev_auth=True):
        self.port = port or free_port()
        self.address = "127.0.0.1:%d" % self.port
        self.lines = []
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [SERVER, "--listen", self.address, "--database-url", database_url,
             *(["--dev-auth"] if dev_auth else []),
             "--page-token-secret", "reliability-tests", *extra],
            stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def logged(self, msg):
        out = []
        for line in list(self.lines):
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("msg") == msg:
                    out.append(entry)
        return out

    def health(self, service="readiness", timeout=1.0):
        with grpc.insecure_channel(self.address) as channel:
            try:
                return health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(service=service), timeout=timeout).status
            except grpc.RpcError:
                return None

    def wait_serving(self, limit=10.0):
        """Seconds from process start until readiness is SERVING; AssertionError after `limit`."""
        end = self.started + limit
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise AssertionError("server exited %s:\n%s" % (self.process.returncode,
                                                                  "\n".join(self.lines[-20:])))
            if self.health(timeout=0.5) == health_pb2.HealthCheckResponse.SERVING:
                return time.monotonic() - self.started
            time.sleep(0.02)
        raise AssertionError("not SERVING within %.1f s:\n%s" % (limit, "\n".join(self.lines[-20:])))

    def connection(self, roles="consultant", **kwargs):
        return Connection(self.address, dev_roles=roles, dev_municipalities="0303", **kwargs)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self, timeout=30):
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - started

    def rss_kib(self):
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Postgres:
    """A throwaway cluster of the test's own (scripts/test-postgres.sh)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="inburgering-pg-")
        self._script("start")
        self.url = "postgresql://postgres@/postgres?host=%s" % self.dir

    def _script(self, action):
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "test-postgres.sh"), action,
                        self.dir], check=True)

    def crash(self):
        self._script("crash")

    def restart(self):
        self._script("restart")

    def pause(self):
        self._script("pause")

    def resume(self):
        self._script("resume")

    def stop(self):
        self._script("stop")


def count_clients(connection):
    names, request = [], cs.ListClientsRequest(parent="municipalities/0303", page_size=500)
    while True:
        page = connection.clients.ListClients(request, timeout=30)
        names += [(c.name, c.bsn) for c in page.clients]
        if not page.next_page_token:
            return names
        request.page_token = page.next_page_token
