"""`make bench`: measures R1-R8 (../shared/spec/quality.md) on this machine and writes
bench/results.md. Each workload runs next to the empty call (grpc.health.v1.Health/Check) on the
same server, before and after it, and is reported as a ratio of that baseline, because absolute
figures on a shared 2-core machine vary by about 30 % from run to run.

usage: python bench/run.py --build build [--sizes 10000,100000,1000000] [--seconds 5]
                           [--out bench/results.md] [--smoke] [--ghz PATH]

--smoke (make test): 2,000 clients, 1-second runs, SQLite only, written to the build tree; it
checks that everything runs and that every call of every workload is answered OK, not the
figures.

Calls are authenticated with a real RS256 token (the server verifies it once and caches it), so
authentication, authorization and the processing log are all in the measured path."""

import argparse
import base64
import datetime
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TICKS = os.sysconf("SC_CLK_TCK")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Keys:
    """An RSA key, its JWKS file, and tokens signed with openssl (no Python crypto needed)."""

    def __init__(self, work):
        self.key = os.path.join(work, "key.pem")
        subprocess.run(["openssl", "genrsa", "-out", self.key, "2048"], check=True,
                       capture_output=True)
        modulus = subprocess.run(["openssl", "rsa", "-in", self.key, "-noout", "-modulus"],
                                 check=True, capture_output=True, text=True).stdout
        n = bytes.fromhex(modulus.strip().split("=", 1)[1])
        self.jwks = os.path.join(work, "jwks.json")
        with open(self.jwks, "w") as f:
            json.dump({"keys": [{"kty": "RSA", "kid": "bench", "alg": "RS256", "use": "sig",
                                 "n": b64url(n), "e": b64url((65537).to_bytes(3, "big"))}]}, f)

    def token(self, roles, subject="bench"):
        header = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "bench"}).encode())
        claims = b64url(json.dumps({
            "iss": "bench", "aud": "inburgering", "sub": subject, "exp": int(time.time()) + 7200,
            "roles": roles, "municipalities": ["0303", "0344", "0363", "0599"]}).encode())
        signing_input = ("%s.%s" % (header, claims)).encode()
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.key],
                                   input=signing_input, check=True, capture_output=True).stdout
        return "%s.%s.%s" % (header, claims, b64url(signature))


def cpu_seconds(pid):
    """The user and system CPU a process has used (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def cluster_cpu_seconds(postmaster):
    """The CPU of a PostgreSQL cluster: its postmaster and every live child (the pool's
    backends stay connected for a whole run)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == postmaster or int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def ghz_version(binary):
    """The version `scripts/build-gateway.sh bench` installed (`go install` builds say "dev")."""
    try:
        with open(binary + ".version") as f:
            return f.read().strip()
    except OSError:
        return "(version unknown)"


class Server:
    """The server at its default log level (a JSON line per call, as in production), logging to
    a file, with its metrics endpoint on (as the chart runs it); SERVING is read from its "ready"
    line."""

    def __init__(self, build, url, keys, extra=()):
        self.log = tempfile.NamedTemporaryFile(prefix="inburgering-bench-", suffix=".log",
                                               delete=False)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [os.path.join(build, "server", "inburgering-server"), "--listen", "127.0.0.1:0",
             "--database-url", url, "--jwks", keys.jwks, "--jwt-issuer", "bench",
             "--jwt-audience", "inburgering", "--page-token-secret", "bench",
             "--metrics-listen", "127.0.0.1:0", *extra],
            stderr=self.log)
        self.address = None
        self.metrics_port = None
        self.serving_after = None
        deadline = time.monotonic() + 120
        while self.serving_after is None and time.monotonic() < deadline:
            with open(self.log.name) as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    if entry.get("msg") == "serving gRPC":
                        self.address = entry["address"]
                    if entry.get("msg") == "serving metrics":
                        self.metrics_port = int(entry["port"])
                    if entry.get("msg") == "ready" and self.serving_after is None:
                        self.serving_after = time.monotonic() - self.started
            if self.process.poll() is not None:
                break
            time.sleep(0.005)
        if self.serving_after is None or self.address is None:
            self.process.kill()
            raise SystemExit("the server did not become ready: " + open(self.log.name).read())

    def status(self, field):
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        return cpu_seconds(self.process.pid)

    def metric(self, name):
        """The value of the unlabelled series `name` on the server's metrics endpoint."""
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.metrics_port) as r:
            for line in r.read().decode().splitlines():
                if line.startswith(name + " "):
                    return float(line.split()[1])
        raise SystemExit("the server's metrics have no " + name)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.unlink(self.log.name)


class Gateway:
    """The REST gateway (gateway/) beside a server, on a free loopback port."""

    def __init__(self, build, backend):
        self.process = subprocess.Popen(
            [os.path.join(build, "gateway", "inburgering-gateway"), "--listen", "127.0.0.1:0",
             "--backend", backend], stderr=subprocess.PIPE, text=True)
        self.address = None
        for line in self.process.stderr:
            match = re.search(r"serving /api/v1 on (\S+),", line)
            if match:
                self.address = match.group(1)
                break
        if self.address is None:
            self.process.kill()
            raise SystemExit("the gateway did not start")

    def cpu_seconds(self):
        return cpu_seconds(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


class Bench:
    def __init__(self, args, work):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.work = work
        self.keys = Keys(work)
        self.tokens = {role: self.keys.token([role]) for role in ("consultant", "team_lead")}
        self.rows = []  # (id, what, figure, ratio, target, verdict)
        self.postmaster = None  # while PostgreSQL runs: its postmaster, for its CPU
        self.notes = []

    def load(self, server, workload, role="consultant", seconds=None, target=None, **options):
        command = [os.path.join(self.build, "bench", "inburgering-bench-load"), "--target",
                   target or server.address, "--workload", workload, "--seconds",
                   str(seconds or self.args.seconds), "--roles", "", "--token",
                   self.tokens[role]]
        options = dict({"channels": 2, "inflight": 16}, **options)
        for key, value in options.items():
            command += ["--" + key.replace("_", "-"), str(value)]
        journals_before = self.journals(server)
        cpu_before = server.cpu_seconds()
        driver_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        database_before = cluster_cpu_seconds(self.postmaster) if self.postmaster else 0
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        driver_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = json.loads(out)
        calls = max(result["calls"], 1)
        result["server_cpu_us_per_call"] = (server.cpu_seconds() - cpu_before) * 1e6 / calls
        # The load driver's own CPU (it shares the cores): what the machine has left over.
        result["driver_cpu_us_per_call"] = (
            driver_after.ru_utime + driver_after.ru_stime - driver_before.ru_utime -
            driver_before.ru_stime) * 1e6 / calls
        if self.postmaster:
            result["database_cpu_us_per_call"] = (
                cluster_cpu_seconds(self.postmaster) - database_before) * 1e6 / calls
        # How many calls shared each durable commit of their journals (reads only: a change
        # writes its records in its own transaction).
        journals_after = self.journals(server)
        commits = journals_after[0] - journals_before[0]
        if commits:
            result["journals_per_commit"] = (journals_after[1] - journals_before[1]) / commits
        errors = {k: v for k, v in result["codes"].items() if k != "OK"}
        if errors:
            if self.args.smoke:  # make test: every workload must answer OK
                raise SystemExit("bench.smoke: %s answered %s" % (workload, errors))
            self.notes.append("%s: non-OK answers %s" % (workload, errors))
        return result

    @staticmethod
    def journals(server):
        """The server's commits of reads' journals so far, and the calls they carried."""
        return (server.metric("inburgering_db_journal_commits_total"),
                server.metric("inburgering_db_journals_committed_total"))

    def floor(self, db, workload, batch):
        """SQLite's own CPU for a read and its journal, no server (bench/floor.cc), on a copy of
        `db` taken with SQLite's backup (it writes journal rows), at `batch` reads a commit."""
        copy = os.path.join(self.work, "floor.db")
        source = sqlite3.connect(db)
        target = sqlite3.connect(copy)
        source.backup(target)
        target.close()
        source.close()
        try:
            out = subprocess.run(
                [os.path.join(self.build, "bench", "inburgering-bench-floor"), "--database", copy,
                 "--workload", workload, "--seconds", str(self.args.seconds), "--batch",
                 str(max(1, min(32, round(batch)))), "--apart"],
                check=True, capture_output=True, text=True).stdout
            return json.loads(out)
        finally:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(copy + suffix):
                    os.unlink(copy + suffix)

    def side_by_side(self, server, workload, **options):
        """The workload between two baseline runs; the baseline is their mean."""
        before = self.load(server, "health")
        measured = self.load(server, workload, **options)
        after = self.load(server, "health")
        baseline = {k: (before[k] + after[k]) / 2 for k in
                    ("ok_rate", "p99_ms", "p50_ms", "server_cpu_us_per_call",
                     "driver_cpu_us_per_call")}
        return measured, baseline

    def rest_read(self, server, names):
        """The case-file read through the REST gateway, with the gateway's own CPU per call."""
        gateway = Gateway(self.build, server.address)
        try:
            before = gateway.cpu_seconds()
            result = self.load(server, "rest_casefile", target=gateway.address, names=names)
            result["gateway_cpu_us_per_call"] = (gateway.cpu_seconds() - before) * 1e6 / max(
                result["calls"], 1)
            return result
        finally:
            gateway.stop()

    def ghz_reads(self, server, names, own):
        """The empty call and the case-file read again, driven by ghz (another team's load tool,
        in Go) instead of our own driver: 2 connections, 32 calls in flight, each read a case file
        of the names in turn. A fixed number of calls (about `--seconds` at the rate our driver
        measured), not a duration: ghz ends a timed run by closing its connections under the
        calls still in flight, which it counts as UNAVAILABLE."""
        requests = os.path.join(self.work, "ghz-requests.json")
        with open(requests, "w") as f:
            json.dump([{"name": line.strip()} for line in open(names) if line.strip()], f)
        proto = os.path.join(ROOT, "api", "proto")
        third_party = os.path.join(ROOT, "api", "third_party")
        metadata = json.dumps({"authorization": "Bearer " + self.tokens["consultant"]})
        measured, baseline = own

        def run(call, proto_file, calls, extra=()):
            cpu_before = server.cpu_seconds()
            driver_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run(
                [self.args.ghz, "--insecure", "--connections", "2", "--concurrency", "32",
                 "--total", str(calls), "--import-paths", "%s,%s" % (proto, third_party),
                 "--proto", proto_file, "--call", call, "--metadata", metadata,
                 "--format", "json", *extra, server.address],
                check=True, capture_output=True, text=True).stdout
            cpu = server.cpu_seconds() - cpu_before
            driver = resource.getrusage(resource.RUSAGE_CHILDREN)
            driver_cpu = (driver.ru_utime + driver.ru_stime - driver_before.ru_utime -
                          driver_before.ru_stime)
            report = json.loads(out)
            latency = {d["percentage"]: d["latency"] / 1e6 for d in report["latencyDistribution"]}
            return {"calls": report["count"], "ok_rate": report["rps"], "p50_ms": latency[50],
                    "p99_ms": latency[99], "codes": report.get("statusCodeDistribution", {}),
                    "server_cpu_us_per_call": cpu * 1e6 / report["count"],
                    "driver_cpu_us_per_call": driver_cpu * 1e6 / report["count"]}

        seconds = self.args.seconds
        health = ("grpc.health.v1.Health/Check",
                  os.path.join(third_party, "grpc", "health", "v1", "health.proto"),
                  max(int(baseline["ok_rate"] * seconds), 1000))
        before = run(*health)
        casefile = run("inburgering.v1.TrajectoryService/GetCaseFile",
                       os.path.join(proto, "inburgering", "v1", "trajectory_service.proto"),
                       max(int(measured["ok_rate"] * seconds), 1000), ("--data-file", requests))
        after = run(*health)
        baseline = {k: (before[k] + after[k]) / 2 for k in
                    ("ok_rate", "p99_ms", "p50_ms", "server_cpu_us_per_call",
                     "driver_cpu_us_per_call")}
        baseline["codes"] = {k: before["codes"].get(k, 0) + after["codes"].get(k, 0)
                             for k in set(before["codes"]) | set(after["codes"])}
        return casefile, baseline

    def generate(self, url, clients, names=None):
        command = [os.path.join(self.build, "bench", "inburgering-bench-generate"),
                   "--database-url", url, "--clients", str(clients)]
        if names:
            command += ["--names-out", names]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    def page_tokens(self, server, keep=50):
        """Page tokens of the first and of the last `keep` pages of municipality 0303's client
        list (50 a page; the first page's token is empty). Depth is judged on like pages: 50
        different pages at either end, not the single (and so always cached) first page."""
        sys.path[:0] = [os.path.join(self.work, "gen"), os.path.join(ROOT, "clients", "python")]
        from inburgering.v1 import client_service_pb2 as cs
        from inburgering_client import Connection
        first, last = [""], []
        with Connection(server.address, token=self.tokens["consultant"], timeout=60) as c:
            request = cs.ListClientsRequest(parent="municipalities/0303", page_size=50)
            while True:
                page = c.clients.ListClients(request)
                if not page.next_page_token:
                    break
                if len(first) < keep:
                    first.append(page.next_page_token)
                last.append(page.next_page_token)
                last = last[-keep:]
                request.page_token = page.next_page_token
        paths = []
        for name, tokens in (("tokens-first.txt", first), ("tokens-last.txt", last)):
            paths.append(os.path.join(self.work, name))
            with open(paths[-1], "w") as f:
                f.write("\n".join(tokens) + "\n")
        return paths

    def bare_commits(self, seconds):
        """One-row durable commits per second on this disk (SQLite WAL, synchronous=FULL)."""
        path = os.path.join(self.work, "bare.db")
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        n, end = 0, time.monotonic() + seconds
        started = time.monotonic()
        while time.monotonic() < end:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 200,))
            db.execute("COMMIT")
            n += 1
        rate = n / (time.monotonic() - started)
        db.close()
        return rate

    def export(self, server, quarter):
        """The CBS export through the `inburgering` tool, with the server's resident memory
        sampled every 20 ms while it runs (VmHWM would still hold the peak of the load runs)."""
        out = os.path.join(self.work, "delivery.xml")
        rss_before = server.status("VmRSS")
        peak = [rss_before]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], server.status("VmRSS"))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        cpu_before = server.cpu_seconds()
        started = time.monotonic()
        try:
            result = subprocess.run(
                [os.path.join(self.build, "clients", "cpp", "inburgering"), "--server",
                 server.address, "--token", self.tokens["team_lead"], "export", "cbs",
                 "--municipality", "0303", "--quarter", quarter, "--out", out],
                check=True, capture_output=True, text=True)
        finally:
            done.set()
            sampler.join()
        seconds = time.monotonic() - started
        cpu = server.cpu_seconds() - cpu_before
        records = int(result.stderr.split("wrote ", 1)[1].split(" ", 1)[0])
        return {"records": records, "seconds": seconds, "rows_per_s": records / seconds,
                "server_cpu_s": cpu, "hwm_growth_mib": (peak[0] - rss_before) / 1024,
                "rss_before_mib": rss_before / 1024}

    def row(self, rid, what, figure, ratio, target, met):
        verdict = "reported" if met is None else "met" if met else "**missed**"
        self.rows.append((rid, what, figure, ratio, target, verdict))

    def sqlite_size(self, n):
        db = os.path.join(self.work, "bench-%d.db" % n)
        names = os.path.join(self.work, "names-%d.txt" % n)
        generated = self.generate("sqlite:" + db, n, names)
        self.notes.append("generated %d clients with trajectories on SQLite in %.1f s (%.0f/s), "
                          "database %.0f MiB" % (n, generated["seconds"],
                                                 generated["clients_per_second"],
                                                 os.path.getsize(db) / 2**20))
        server = Server(self.build, "sqlite:" + db, self.keys)
        try:
            results = {"n": n, "serving_s": server.serving_after,
                       "idle_rss_mib": server.status("VmRSS") / 1024}
            results["casefile"] = self.side_by_side(server, "casefile", names=names)
            if n == min(int(s) for s in self.args.sizes.split(",")):
                results["rest_casefile"] = self.rest_read(server, names)
                if self.args.ghz:
                    results["ghz"] = self.ghz_reads(server, names, results["casefile"])
            results["list"] = self.side_by_side(server, "list")
            first_pages, last_pages = self.page_tokens(server)
            results["list_first_pages"] = self.side_by_side(server, "list_deep",
                                                            tokens=first_pages)
            results["list_deep"] = self.side_by_side(server, "list_deep", tokens=last_pages)
            year = datetime.date.today().year - 1
            results["indicators"] = self.load(server, "indicators", role="team_lead",
                                              year=year, inflight=1, channels=1)
            results["export"] = self.export(server, self.previous_quarter())
            results["rss_after_mib"] = server.status("VmRSS") / 1024
        finally:
            server.stop()
        if n == min(int(s) for s in self.args.sizes.split(",")):
            # The floor under R1, R7 and R2: SQLite's own work for the same reads and journals,
            # at the batches the server's group commit made of them, and with all 32 reads in
            # flight in each commit (the most a group commit can gather from this load).
            results["floor"] = {
                workload: [self.floor(db, workload, results[workload][0]["journals_per_commit"]),
                           self.floor(db, workload, 32)]
                for workload in ("casefile", "list")}
        return results

    @staticmethod
    def previous_quarter():
        today = datetime.date.today()
        q = (today.month - 1) // 3
        return "%dQ%d" % (today.year, q) if q else "%dQ4" % (today.year - 1)

    def write_workload(self):
        db = os.path.join(self.work, "writes.db")
        self.generate("sqlite:" + db, 1000)
        server = Server(self.build, "sqlite:" + db, self.keys)
        try:
            measured, baseline = self.side_by_side(server, "write", bsn_base=60000000)
        finally:
            server.stop()
        bare = self.bare_commits(self.args.seconds)
        return measured, baseline, bare

    def clone(self, url, copies):
        """Multiplies the generated data in SQL: each copy has new ids and BSNs and the same facts
        (generating 1 M clients statement by statement takes over half an hour on PostgreSQL)."""
        def columns(table):
            out = subprocess.run(
                ["psql", "-At", url, "-c", "SELECT column_name FROM information_schema.columns "
                 "WHERE table_name = '%s' ORDER BY ordinal_position" % table],
                check=True, capture_output=True, text=True).stdout
            return out.split()

        suffix = "|| 'z' || k"
        changed = {
            "clients": {"id": "id " + suffix,
                        "bsn": "lpad(((bsn::bigint + k * 100000000) % 1000000000)::text, 9, '0')"},
            "client_assignments": {"client_id": "client_id " + suffix},
            "trajectories": {"id": "id " + suffix, "client_id": "client_id " + suffix},
        }
        statements = []
        for table in ("clients", "client_assignments", "trajectories"):
            cols = columns(table)
            select = ", ".join(changed[table].get(c, c) for c in cols)
            # INSERT ... SELECT reads the table as it was when the statement began.
            statements.append("INSERT INTO %s (%s) SELECT %s FROM %s, generate_series(1, %d) AS k"
                              % (table, ", ".join(cols), select, table, copies))
        for statement in statements:
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", statement],
                           check=True)
        # Rows written outside the server: the cohort summary the indicators read is derived anew.
        subprocess.run([os.path.join(self.build, "server", "inburgering-server"),
                        "--database-url", url, "reindex", "--summaries"],
                       check=True, capture_output=True)

    def pg_statement(self, url):
        """PostgreSQL alone serving the case file's statement (the server's text, from
        bench/floor.cc), as pgbench runs -S beside it but prepared: a random trajectory each
        time, picked through a numbered table of their keys."""
        sql = subprocess.run([os.path.join(self.build, "bench", "inburgering-bench-floor"),
                              "--sql"], check=True, capture_output=True, text=True).stdout
        where = (" WHERE t.municipality = :municipality AND t.client_id = :client_id"
                 " AND t.id = :id")
        if where not in sql:
            raise SystemExit("the case file's statement has changed: " + sql)
        sql = sql.replace(where, " JOIN bench_pick p ON p.municipality = t.municipality"
                          " AND p.client_id = t.client_id AND p.id = t.id WHERE p.n = :r")
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
                        "CREATE TABLE bench_pick AS SELECT row_number() OVER () AS n, "
                        "municipality, client_id, id FROM trajectories", "-c",
                        "ALTER TABLE bench_pick ADD PRIMARY KEY (n)", "-c",
                        "ANALYZE bench_pick"], check=True)
        count = int(subprocess.run(["psql", "-At", url, "-c", "SELECT count(*) FROM bench_pick"],
                                   check=True, capture_output=True, text=True).stdout)
        script = os.path.join(self.work, "casefile.sql")
        with open(script, "w") as f:
            f.write("\\set r random(1, %d)\n%s" % (count, sql))
        return self.pgbench(url, "-M", "prepared", "-f", script)

    def pgbench(self, url, *script):
        """pgbench's TPS for `script` (its options) with 16 clients on 2 threads."""
        out = subprocess.run(["pgbench", "-n", *script, "-c", "16", "-j", "2", "-T",
                              str(int(self.args.seconds)), url], check=True,
                             capture_output=True, text=True).stdout
        return float(next(l for l in out.splitlines() if l.startswith("tps")).split()[2])

    def postgres(self, n):
        pg = tempfile.mkdtemp(prefix="inburgering-bench-pg-")
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "test-postgres.sh"), "start", pg],
                       check=True)
        try:
            url = "postgresql://postgres@/postgres?host=%s" % pg
            names = os.path.join(self.work, "pg-names.txt")
            base = min(n, 100000)
            generated = self.generate(url, base, names)
            if n > base:
                started = time.monotonic()
                self.clone(url, n // base - 1)
                self.notes.append(
                    "PostgreSQL: %d clients generated through the domain in %.0f s, then %d "
                    "copies made in SQL in %.0f s (new ids and BSNs, the same facts): %d in all"
                    % (base, generated["seconds"], n // base - 1, time.monotonic() - started, n))
            else:
                self.notes.append("PostgreSQL: %d clients generated in %.0f s"
                                  % (n, generated["seconds"]))
            subprocess.run(["psql", "-q", url, "-c", "VACUUM ANALYZE"], check=True)
            server = Server(self.build, url, self.keys, extra=("--pool-size", "16"))
            with open(os.path.join(pg, "data", "postmaster.pid")) as f:
                self.postmaster = int(f.readline())
            try:
                casefile = self.side_by_side(server, "casefile", names=names)
                year = datetime.date.today().year - 1
                indicators = self.load(server, "indicators", role="team_lead", year=year,
                                       inflight=1, channels=1)
                indicators_rss = server.status("VmHWM") / 1024
            finally:
                self.postmaster = None
                server.stop()
            statement_tps = self.pg_statement(url)
            subprocess.run(["pgbench", "-i", "-q", "-s", "10", url], check=True,
                           capture_output=True)
            tps = self.pgbench(url, "-S")
            return {"n": n, "casefile": casefile, "pgbench_tps": tps,
                    "statement_tps": statement_tps, "indicators": indicators,
                    "indicators_hwm_mib": indicators_rss}
        finally:
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "test-postgres.sh"), "stop",
                            pg], check=True)

    def run(self):
        subprocess.run([os.path.join(self.build, "tools", "venv", "bin", "python"),
                        os.path.join(ROOT, "clients", "python", "generate.py"),
                        os.path.join(self.work, "gen")], check=True)
        sizes = [int(s) for s in self.args.sizes.split(",")]
        pg = None
        if not self.args.smoke:
            try:
                pg = self.postgres(max(sizes))
            except (subprocess.CalledProcessError, StopIteration, SystemExit) as e:
                self.notes.append("the PostgreSQL part failed, R4 and R5 are missing: %s" % e)
        sqlite_results = [self.sqlite_size(n) for n in sizes]
        write, write_baseline, bare = self.write_workload()
        self.writes = {"write": write, "baseline": write_baseline, "bare_commits_per_s": bare}
        self.evaluate(sqlite_results, (write, write_baseline, bare), pg)
        self.report(sqlite_results, pg)

    def evaluate(self, sqlite_results, writes, pg):
        small, large = sqlite_results[0], sqlite_results[-1]
        (cf, base) = small["casefile"]
        ratio = cf["ok_rate"] / base["ok_rate"]
        p99_bound = 2 * base["p99_ms"] + 1
        self.row("R1", "read one case file, SQLite, %d clients" % small["n"],
                 "%.0f/s, p99 %.2f ms (empty call %.0f/s, p99 %.2f ms)" % (
                     cf["ok_rate"], cf["p99_ms"], base["ok_rate"], base["p99_ms"]),
                 "%.0f %% of empty; p99 bound %.2f ms" % (ratio * 100, p99_bound),
                 ">= 60 %; p99 <= 2x empty + 1 ms", ratio >= 0.6 and cf["p99_ms"] <= p99_bound)
        (ls, lbase) = small["list"]
        (ll, llbase) = large["list"]
        (deep, dbase) = large["list_deep"]
        (front, fbase) = large["list_first_pages"]
        r_small = ls["ok_rate"] / lbase["ok_rate"]
        own = (ll["ok_rate"] / llbase["ok_rate"]) / r_small
        last_vs_first = (deep["ok_rate"] / dbase["ok_rate"]) / (front["ok_rate"] / fbase["ok_rate"])
        self.row("R2", "list 50 clients (keyset), %d and %d clients" % (small["n"], large["n"]),
                 "%.0f/s at %d; %.0f/s at %d (the first page each time); at %d, 50 different "
                 "pages: the last 50 %.0f/s, the first 50 %.0f/s" % (
                     ls["ok_rate"], small["n"], ll["ok_rate"], large["n"], large["n"],
                     deep["ok_rate"], front["ok_rate"]),
                 "%.0f %% of empty; %d-client figure %.0f %% of the %d one; last pages %.0f %% "
                 "of the first" % (r_small * 100, large["n"], own * 100, small["n"],
                                   last_vs_first * 100),
                 ">= 25 %; >= 80 % of own figure at 10 k; last page as fast as the first",
                 r_small >= 0.25 and own >= 0.8 and last_vs_first >= 0.8)
        floor = small.get("floor")
        if floor:
            self.floor_row("R2 floor", small["n"], "a page of 50 clients", floor["list"],
                           small["list"], [("R2", 0.25, None)])
        write, write_base, bare = writes
        r3 = write["ok_rate"] / bare
        self.row("R3", "state changes from 32 concurrent callers (CreateClient: client, audit, "
                 "processing log, event, idempotency record; each durable before its answer, "
                 "concurrent ones sharing a commit)",
                 "%.0f/s, p99 %.2f ms; serial bare one-row durable commit %.0f/s"
                 % (write["ok_rate"], write["p99_ms"], bare),
                 "%.0f %% of the bare commit" % (r3 * 100), ">= 100 %", r3 >= 1.0)
        if pg:
            (pcf, pbase) = pg["casefile"]
            model = 1 / (1 / pbase["ok_rate"] + 1 / pg["pgbench_tps"])
            r4 = pcf["ok_rate"] / model
            self.row("R4", "read one case file, PostgreSQL, %d clients, pool 16" % pg["n"],
                     "%.0f/s; empty call %.0f/s; pgbench -S %.0f TPS; CPU a read: server %.0f "
                     "us, PostgreSQL %.0f us, load driver %.0f us" % (
                         pcf["ok_rate"], pbase["ok_rate"], pg["pgbench_tps"],
                         pcf["server_cpu_us_per_call"], pcf.get("database_cpu_us_per_call", 0),
                         pcf["driver_cpu_us_per_call"]),
                     "%.0f %% of the additive model (%.0f/s)" % (r4 * 100, model),
                     ">= 70 %", r4 >= 0.7)
            statement = pg.get("statement_tps")
            if statement:
                # The model with the statement a case file really runs in place of -S: the most
                # a read could reach with no journal and no server cost beyond the empty call's.
                least = 1 / (1 / pbase["ok_rate"] + 1 / statement)
                self.row("R4 floor", "the case file's statement alone on PostgreSQL (pgbench, "
                         "16 clients, prepared; the server's text, a random trajectory each "
                         "time), %d clients" % pg["n"],
                         "%.0f TPS (pgbench -S: %.0f TPS); the additive model with it in place "
                         "of -S: %.0f/s, before any journal is written" % (
                             statement, pg["pgbench_tps"], least),
                         "R4's 70 %% of its model (%.0f/s) is %.0f %% of that" % (
                             0.7 * model, 0.7 * model / least * 100),
                         "R4: >= 70 % of the model", None)
                if 0.7 * model > least:
                    self.rows[-1] = self.rows[-1][:5] + ("below the floor: R4",)
            ind = pg["indicators"]
            lite = large["indicators"]
            worst = max(ind["p99_ms"], lite["p99_ms"])
            self.row("R5", "council indicators (from the cohort summary), PostgreSQL %d and SQLite "
                     "%d trajectories" % (pg["n"], large["n"]),
                     "PostgreSQL p50 %.1f ms, p99 %.1f ms (server peak RSS %.0f MiB); SQLite p50 "
                     "%.1f ms, p99 %.1f ms" % (ind["p50_ms"], ind["p99_ms"],
                                               pg["indicators_hwm_mib"], lite["p50_ms"],
                                               lite["p99_ms"]),
                     "worst p99 %.0f %% of the bound" % (worst / 50 * 100),
                     "p99 <= 50 ms at 1 M on both", worst <= 50)
        # quality.md: >= 50 k rows/s for the export of 1 M clients (the largest size run here);
        # memory growth within 32 MiB at every size. The smaller files also carry the tool's
        # start and connection (an empty delivery takes about 50 ms), reported as measured.
        exports = [(r["n"], r["export"]) for r in sqlite_results]
        largest = exports[-1][1]["rows_per_s"]
        growth = max(e["hwm_growth_mib"] for _, e in exports)
        self.row("R6", "CBS quarterly export, SQLite",
                 "; ".join("%d records %.0f rows/s, server CPU %.1f us a record, peak RSS "
                           "+%.1f MiB" % (e["records"], e["rows_per_s"],
                                          e["server_cpu_s"] * 1e6 / max(e["records"], 1),
                                          e["hwm_growth_mib"]) for _, e in exports),
                 "%.0f %% of 50 k rows/s at %d clients; largest memory growth %.1f MiB" % (
                     largest / 50000 * 100, exports[-1][0], growth),
                 ">= 50 k rows/s at 1 M; memory growth <= 32 MiB, same at 10 k and 1 M",
                 largest >= 50000 and growth <= 32)
        rest = small.get("rest_casefile")
        if rest:
            share = rest["ok_rate"] / cf["ok_rate"]
            self.row("REST", "read one case file through the REST gateway (HTTP/1.1 JSON, "
                     "32 keep-alive connections), SQLite, %d clients" % small["n"],
                     "%.0f/s, p99 %.2f ms; gateway CPU %.0f us and server CPU %.0f us per read "
                     "(direct gRPC %.0f/s, p99 %.2f ms)" % (
                         rest["ok_rate"], rest["p99_ms"], rest["gateway_cpu_us_per_call"],
                         rest["server_cpu_us_per_call"], cf["ok_rate"], cf["p99_ms"]),
                     "%.0f %% of the direct gRPC read" % (share * 100),
                     "none set: the gateway's cost, reported (issue 19)", None)
        ghz = small.get("ghz")
        if ghz:
            (g, gbase) = ghz
            self.row("R1, R7 (ghz)", "R1 and R7 again with ghz %s as the load driver (Go; 2 "
                     "connections x 32 in flight), SQLite, %d clients" % (
                         ghz_version(self.args.ghz), small["n"]),
                     "%.0f/s, p99 %.2f ms (empty call %.0f/s, p99 %.2f ms); server CPU %.0f us "
                     "per read, %.0f us per empty call; ghz's own CPU %.0f and %.0f us; codes %s "
                     "and %s" % (g["ok_rate"], g["p99_ms"], gbase["ok_rate"], gbase["p99_ms"],
                                 g["server_cpu_us_per_call"], gbase["server_cpu_us_per_call"],
                                 g["driver_cpu_us_per_call"], gbase["driver_cpu_us_per_call"],
                                 json.dumps(g["codes"]), json.dumps(gbase["codes"])),
                     "%.0f %% of empty; server CPU %.1fx the empty call's" % (
                         g["ok_rate"] / gbase["ok_rate"] * 100,
                         g["server_cpu_us_per_call"] / gbase["server_cpu_us_per_call"]),
                     "a cross-check of R1 and R7 with another team's tool", None)
        r7 = cf["server_cpu_us_per_call"] / base["server_cpu_us_per_call"]
        self.row("R7", "server CPU per case-file read",
                 "%.0f us per read; %.0f us per empty call (the load driver's own: %.0f and "
                 "%.0f us)" % (cf["server_cpu_us_per_call"], base["server_cpu_us_per_call"],
                              cf["driver_cpu_us_per_call"], base["driver_cpu_us_per_call"]),
                 "%.1fx the empty call" % r7, "<= 3x", r7 <= 3)
        if floor:
            self.floor_row("R1, R7 floor", small["n"], "a case file", floor["casefile"],
                           small["casefile"], [("R1", 0.6, None), ("R7", None, 3)])
        starts = ", ".join("%.0f ms at %d clients" % (r["serving_s"] * 1000, r["n"])
                           for r in sqlite_results)
        idle = max(r["idle_rss_mib"] for r in sqlite_results)
        self.row("R8", "idle memory; SERVING after start", "RSS %.1f MiB; SERVING %s" % (
            idle, starts), "%.0f %% of 32 MiB" % (idle / 32 * 100),
                 "<= 32 MiB; <= 300 ms, independent of data size",
                 idle <= 32 and all(r["serving_s"] <= 0.3 for r in sqlite_results))

    def floor_row(self, rid, n, what, floors, measured, targets):
        """What SQLite alone spends on a read (bench/floor.cc) added to the empty call's server
        CPU: the least the read can cost the server, at the batch the server's group commit made
        and with every read in flight sharing each commit. `targets` are (name, share of the
        empty call's rate, or None, times its CPU, or None); a target is below the floor when
        even the second, the smaller, misses it."""
        (m, base) = measured
        empty = base["server_cpu_us_per_call"]
        (server_batch, all_in_flight) = floors

        def least(floor):
            return empty + floor["statement_cpu_us_per_read"] + floor["journal_cpu_us_per_read"]

        # The two cores are shared with the load driver: the read's rate against the empty
        # call's can be at most their CPU per call against the read's least CPU and the driver's.
        lowest = least(all_in_flight)
        best = (empty + base["driver_cpu_us_per_call"]) / (lowest + m["driver_cpu_us_per_call"])
        below = [name for name, share, times in targets
                 if (share is not None and best < share) or
                 (times is not None and lowest / empty > times)]
        self.row(rid, "%s without the server: SQLite's own CPU on one thread (bench/floor.cc "
                 "on a copy of the %d-client database: the server's statement and journal rows, "
                 "the reads on a connection of their own)" % (what, n),
                 "at the server's batch (%d reads a durable commit; its group commit made %.1f): "
                 "statement %.1f us, journal %.1f us a read; with all %d reads "
                 "in flight in each commit: %.1f us and %.1f us; with the empty call's server CPU "
                 "(%.0f us): %.0f us and %.0f us; the server spends %.0f us"
                 % (server_batch["batch"], m.get("journals_per_commit", 0),
                    server_batch["statement_cpu_us_per_read"],
                    server_batch["journal_cpu_us_per_read"],
                    all_in_flight["batch"],
                    all_in_flight["statement_cpu_us_per_read"],
                    all_in_flight["journal_cpu_us_per_read"], empty, least(server_batch),
                    lowest, m["server_cpu_us_per_call"]),
                 "at least %.1fx the empty call's CPU (%.1fx at the server's batch); at most %.0f "
                 "%% of its rate (with the load driver's %.0f us a read)"
                 % (lowest / empty, least(server_batch) / empty, best * 100,
                    m["driver_cpu_us_per_call"]),
                 "; ".join("%s: %s" % (name, ">= %.0f %% of empty" % (share * 100)
                                       if share is not None else "<= %gx" % times)
                           for name, share, times in targets),
                 None)
        if below:
            self.rows[-1] = self.rows[-1][:5] + ("below the floor: %s" % ", ".join(below),)

    def report(self, sqlite_results, pg):
        cpu = "unknown"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 2**20
        lines = ["# Benchmark results (R1-R8)", "",
                 "Measured by `make bench` (`bench/run.py`) on %s, %s." % (
                     datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "smoke run" if self.args.smoke else "full run"),
                 "", "Machine: %d cores (%s), %.0f GiB memory, %s %s; client, server and "
                 "database share the cores." % (os.cpu_count(), cpu, mem, platform.system(),
                                                platform.release()),
                 "", "Every workload runs for %s s with 2 channels x 16 calls in flight, between "
                 "two runs of the empty call (grpc.health.v1.Health/Check) on the same server; "
                 "ratios are against their mean. Calls carry an RS256 bearer token (verified "
                 "once, then cached), so authentication, authorization and the processing log "
                 "are in the measured path. Targets: `../shared/spec/quality.md`." %
                 self.args.seconds, "",
                 "| id | workload | measured | ratio | target | verdict |",
                 "|---|---|---|---|---|---|"]
        for row in self.rows:
            lines.append("| %s |" % " | ".join(row))
        lines += ["", "## Notes", ""] + ["- " + n for n in self.notes]
        lines += ["", "## Reproduce", "", "```", "make bench                      # "
                  "BENCH_SIZES=10000,100000,1000000 BENCH_SECONDS=5 by default",
                  "python3 bench/run.py --build build --sizes 10000,100000 --seconds 5 "
                  "--out bench/results.md", "```", "",
                  "Raw figures (JSON) of this run:", "", "```json",
                  json.dumps({"sqlite": sqlite_results, "postgresql": pg,
                              "writes": self.writes}, indent=1,
                             default=str), "```", ""]
        with open(self.args.out, "w") as f:
            f.write("\n".join(lines))
        print("\n".join(lines[:12 + len(self.rows)]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results.md"))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--ghz", default="",
                        help="ghz's binary: R1 and R7 measured again with it (make bench)")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.seconds = "2000", 1
    work = tempfile.mkdtemp(prefix="inburgering-bench-")
    try:
        Bench(args, work).run()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
