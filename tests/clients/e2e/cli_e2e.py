"""The shared client scenario (clients/README.md) with the `inburgering` command-line tool against
the real server (tests/clients/run_with_server.py sets INBURGERING_TARGET).

usage: cli_e2e.py INBURGERING_BINARY"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import unittest

TOOL = None


def today():
    d = datetime.datetime.now(datetime.timezone.utc).date()
    return {"year": d.year, "month": d.month, "day": d.day}


def run(*args, stdin=None, roles="consultant"):
    return subprocess.run([TOOL, "--server", os.environ["INBURGERING_TARGET"], "--dev-roles", roles,
                           "--dev-municipalities", "0303", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


def ok(*args, **kwargs):
    result = run(*args, **kwargs)
    if result.returncode != 0:
        raise AssertionError("%s failed: %s" % (" ".join(args), result.stderr))
    return result.stdout


class CliScenarioTest(unittest.TestCase):
    def test_scenario(self):
        consultant = json.loads(ok("consultant", "create", "--display-name", "CLI e2e",
                                   roles="team_lead"))
        names = []
        for i, bsn in enumerate(["111222333", "123456782", "999999990"]):
            client = {"bsn": bsn, "given_names": "Amal", "family_name": "Cli %d" % i,
                      "birth_date": {"year": 1990, "month": 1, "day": 1},
                      "target_group": "TARGET_GROUP_ASYLUM_STATUS_HOLDER",
                      "regime": "REGIME_WI2021", "source": "REGISTRATION_SOURCE_COA_LINK",
                      "obligation_notice_date": today(), "consultant": consultant["name"]}
            # The BSN travels on standard input, never on the command line.
            created = json.loads(ok("client", "create", "--json", "-", stdin=json.dumps(client)))
            self.assertTrue(created["name"].startswith("municipalities/0303/clients/"))
            names.append(created["name"])

        invalid = run("client", "create", "--json", "-", stdin=json.dumps(
            {"bsn": "123456789", "given_names": "X", "family_name": "Y"}))
        self.assertEqual(invalid.returncode, 1)
        self.assertIn("INVALID_ARGUMENT", invalid.stderr)
        self.assertIn("client.bsn", invalid.stderr)
        self.assertNotIn("123456789", invalid.stderr)

        trajectory = json.loads(ok("trajectory", "create", names[0]))["name"]
        plan = json.dumps({"plan": {"decision_date": today(), "route": "LEARNING_ROUTE_B1",
                                    "target_level": "LANGUAGE_LEVEL_B1",
                                    "ontzorgen_reference": "PW-E2E-1"}})
        refused = run("step", "EstablishPlan", trajectory, "--json", plan)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("PLAN_BEFORE_INTAKE", refused.stderr)
        self.assertIn("FAILED_PRECONDITION", refused.stderr)

        ok("step", "RecordIntake", trajectory, "--json", json.dumps(
            {"intake": {"date": today(), "education_and_work_history": True,
                        "personal_circumstances": True}}))
        ok("step", "RecordLearnabilityTest", trajectory, "--json", json.dumps(
            {"learnability_test": {"date": today(), "score": 60}}))
        file = json.loads(ok("step", "EstablishPlan", trajectory, "--json", plan))
        self.assertEqual(len(file["plans"]), 1)

        read = json.loads(ok("casefile", "show", trajectory))
        self.assertEqual(read["plans"][0]["route"], "LEARNING_ROUTE_B1")
        self.assertEqual(read["plans"][0]["decision_date"], today())

        listed = [json.loads(line) for line in ok("client", "list", "--page-size", "2").splitlines()]
        self.assertEqual(sorted(c["name"] for c in listed), sorted(names))

        unknown = run("step", "MakeCoffee", trajectory)
        self.assertNotEqual(unknown.returncode, 0)

        # The processing log for a central Logboek: OTLP JSON lines, resumable by token.
        folder = tempfile.TemporaryDirectory(prefix="cli-e2e-")
        self.addCleanup(folder.cleanup)
        out = os.path.join(folder.name, "processing.jsonl")
        exported = run("export", "processing", "--out", out, roles="admin")
        self.assertEqual(exported.returncode, 0, exported.stderr)
        token = exported.stderr.split("resume token: ")[1].strip()
        with open(out) as f:
            spans = [span for line in f for rs in json.loads(line)["resourceSpans"]
                     for ss in rs["scopeSpans"] for span in ss["spans"]]
        self.assertGreaterEqual(len(spans), 6)
        self.assertTrue(all(len(s["spanId"]) == 16 and len(s["traceId"]) == 32 for s in spans))
        self.assertIn("CreateClient", {s["name"] for s in spans})
        ok("casefile", "show", trajectory)
        again = run("export", "processing", "--out", out, "--resume-token", token, roles="admin")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("wrote 1 processing records", again.stderr)
        os.remove(out)
        self.assertEqual(run("export", "processing", "--out", out).returncode, 1)  # consultant


if __name__ == "__main__":
    TOOL = sys.argv.pop(1)
    unittest.main(verbosity=2)
