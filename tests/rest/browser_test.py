"""A browser calls the REST face: headless Chromium (Debian's) loads a page from the allowed origin
that calls the gateway with fetch (a CORS preflight first, for the custom headers), reads a list,
a refusal as problem+json, and the API-Version header; the same page from another origin is
blocked by the browser. tests/clients/run_with_server.py starts the server and the gateway and
sets INBURGERING_REST and INBURGERING_PAGE_PORT (the port of the one allowed origin)."""

import html
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import unittest

REST = os.environ["INBURGERING_REST"]
ALLOWED_PORT = int(os.environ["INBURGERING_PAGE_PORT"])

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>portal</title></head><body>
<pre id="result">pending</pre>
<script>
const base = %(base)s;
const dev = {"x-dev-roles": "consultant", "x-dev-municipalities": "0303"};
async function run() {
  const out = {};
  try {
    const list = await fetch(base + "/api/v1/municipalities/0303/clients?pageSize=5",
                             {headers: {...dev, "x-request-id": "browser-1"}});
    out.status = list.status;
    out.version = list.headers.get("API-Version");
    out.requestId = list.headers.get("X-Request-Id");
    out.body = await list.json();
    const refused = await fetch(base + "/api/v1/municipalities/0303/clients", {
      method: "POST", body: JSON.stringify({bsn: "123456789"}),
      headers: {...dev, "Content-Type": "application/json", "Accept-Language": "nl"}});
    out.problemStatus = refused.status;
    out.problemType = refused.headers.get("Content-Type");
    out.language = refused.headers.get("Content-Language");
    const problem = await refused.json();
    out.invalid = problem.invalidParams.map(p => p.name);
    out.title = problem.title;
  } catch (e) {
    out.error = String(e);
  }
  document.getElementById("result").textContent = JSON.stringify(out);
}
run();
</script></body></html>
"""


def serve_page(port):
    body = (PAGE % {"base": json.dumps(REST)}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_in_chromium(url):
    """The page's result after its script ran, as the browser saw it."""
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=15000",
             "--dump-dom", url],
            capture_output=True, text=True, timeout=120).stdout
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    if not match or match.group(1) == "pending":
        raise AssertionError("the page's script did not finish:\n" + dom[:2000])
    return json.loads(html.unescape(match.group(1)))


def page_result(port):
    """Serves the page on `port` (its origin), opens it in Chromium, returns what it found."""
    server = serve_page(port)
    try:
        return open_in_chromium("http://127.0.0.1:%d/" % port)
    finally:
        server.shutdown()
        server.server_close()


class BrowserTest(unittest.TestCase):
    def test_a_page_on_the_allowed_origin_calls_the_api_with_fetch(self):
        result = page_result(ALLOWED_PORT)
        self.assertNotIn("error", result)
        self.assertEqual(result["status"], 200)
        self.assertEqual(result["version"], "1.0.0")
        self.assertEqual(result["requestId"], "browser-1")
        self.assertEqual(result["problemStatus"], 400)
        self.assertEqual(result["problemType"], "application/problem+json")
        self.assertEqual(result["language"], "nl-NL")
        self.assertIn("client.bsn", result["invalid"])
        self.assertIn("niet goed ingevuld", result["title"])

    def test_the_same_page_on_another_origin_is_blocked_by_the_browser(self):
        result = page_result(free_port())
        self.assertIn("TypeError", result.get("error", ""))
        self.assertNotIn("status", result)


if __name__ == "__main__":
    unittest.main()
