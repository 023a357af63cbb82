"""clients/README.md, run as written: the shell block marked `readme-test` is executed with bash
(errexit, pipefail) against a fresh server (tests/clients/run_with_server.py sets
INBURGERING_TARGET), in a scratch folder that holds the repository's `clients` and `build` as
the README's commands expect them from the repository's root. Every command must succeed, and
the files they write must be there.

usage: readme_e2e.py REPOSITORY BUILD_DIR"""

import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = BUILD = None


def readme_block():
    text = open(os.path.join(ROOT, "clients", "README.md")).read()
    marker = text.index("<!-- readme-test: the tool.")
    match = re.compile(r"```sh\n(.*?)```", re.S).search(text, marker)
    return match.group(1)


class ReadmeTest(unittest.TestCase):
    def test_the_tools_commands_run_as_written(self):
        block = readme_block()
        self.assertIn("inburgering", block)
        with tempfile.TemporaryDirectory() as work:
            os.symlink(os.path.join(ROOT, "clients"), os.path.join(work, "clients"))
            os.symlink(BUILD, os.path.join(work, "build"))
            env = dict(os.environ, INBURGERING_SERVER=os.environ["INBURGERING_TARGET"])
            run = subprocess.run(["bash", "-euo", "pipefail", "-x", "-c", block], cwd=work, env=env,
                                 capture_output=True, text=True, timeout=120)
            self.assertEqual(run.returncode, 0, run.stderr[-4000:])
            for written in ["report.html", "delivery.xml", "processing.jsonl"]:
                path = os.path.join(work, written)
                self.assertTrue(os.path.getsize(path) > 0, written)
            self.assertIn("Dronten (0303)", open(os.path.join(work, "report.html")).read())
            self.assertIn("--server TEXT=127.0.0.1:50051", run.stdout)  # --help shows defaults
            # The school's first report: the first lesson and a week's attendance, recorded.
            self.assertEqual(run.stdout.count("PROVIDER_REPORT_OUTCOME_RECORDED"), 2)

    def test_a_missing_file_is_named_at_once(self):
        tool = os.path.join(BUILD, "clients", "cpp", "inburgering")
        for args in (["--ca", "/nonexistent/ca.pem", "client", "show", "x"],
                     ["--dev-roles", "consultant", "client", "create", "--json",
                      "@/nonexistent/client.json"]):
            run = subprocess.run([tool, "--server", os.environ["INBURGERING_TARGET"], *args],
                                 capture_output=True, text=True, timeout=30)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn("/nonexistent/", run.stderr)


if __name__ == "__main__":
    ROOT, BUILD = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main(verbosity=2)
