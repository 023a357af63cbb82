"""The REST face (gateway/) against the real binaries: the clients' shared scenario over HTTP/JSON
(register, a refused BSN as problem+json naming client.bsn, intake, plan, case file, paging),
the headers of the NL API Design Rules, CORS for the configured origin only, and the OpenAPI
document. tests/clients/run_with_server.py starts the server and the gateway and sets
INBURGERING_REST (the gateway's base URL) and INBURGERING_PAGE_ORIGIN (the allowed origin)."""

import datetime
import json
import os
import re
import subprocess
import unittest
import urllib.error
import urllib.request

BASE = os.environ["INBURGERING_REST"] + "/api/v1"
ORIGIN = os.environ["INBURGERING_PAGE_ORIGIN"]
PARENT = "municipalities/0303"
BSNS = ["111222333", "123456782", "999999990"]  # each passes the eleven-test
LEAD = {"x-dev-roles": "team_lead", "x-dev-municipalities": "0303"}
CONSULTANT = {"x-dev-roles": "consultant", "x-dev-municipalities": "0303"}


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers = status, headers
        self.body = json.loads(body) if body else None


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method,
                                     headers=dict(headers or {}))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


class RestScenarioTest(unittest.TestCase):
    def setUp(self):
        self.today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    def ok(self, answer):
        self.assertEqual(answer.status, 200, answer.body)
        self.assertEqual(answer.headers["API-Version"], "1.0.0")
        self.assertEqual(answer.headers["Content-Type"], "application/json")
        return answer.body

    def register(self, bsn, family_name, consultant):
        return call("POST", "/%s/clients" % PARENT, {
            "bsn": bsn, "givenNames": "Amal", "familyName": family_name,
            "birthDate": "1990-01-01", "targetGroup": "TARGET_GROUP_ASYLUM_STATUS_HOLDER",
            "regime": "REGIME_WI2021", "source": "REGISTRATION_SOURCE_COA_LINK",
            "obligationNoticeDate": self.today, "consultant": consultant}, CONSULTANT)

    def test_scenario(self):
        consultant = self.ok(call("POST", "/%s/consultants" % PARENT,
                                  {"displayName": "REST e2e"}, LEAD))
        self.assertTrue(consultant["name"].startswith(PARENT + "/consultants/"))

        # PATCH with the update mask taken from the body (AIP-134).
        renamed = self.ok(call("PATCH", "/" + consultant["name"],
                               {"displayName": "REST e2e renamed", "etag": consultant["etag"]},
                               LEAD))
        self.assertEqual(renamed["displayName"], "REST e2e renamed")
        self.assertNotEqual(renamed["etag"], consultant["etag"])
        # ... or from ?updateMask= in JSON names: only the named field changes.
        masked = self.ok(call("PATCH", "/%s?updateMask=caseCapacity" % consultant["name"],
                              {"displayName": "ignored", "caseCapacity": 40,
                               "etag": renamed["etag"]}, LEAD))
        self.assertEqual((masked["displayName"], masked["caseCapacity"]),
                         ("REST e2e renamed", 40))

        clients = [self.ok(self.register(bsn, "Rest %d" % i, consultant["name"]))
                   for i, bsn in enumerate(BSNS)]
        self.assertTrue(clients[0]["name"].startswith(PARENT + "/clients/"))
        self.assertNotIn(BSNS[0], clients[0]["name"])

        # A refused BSN: problem+json (RFC 9457) naming the field, Dutch for the portal.
        refused = self.register("123456789", "Invalid", consultant["name"])
        self.assertEqual(refused.status, 400)
        self.assertEqual(refused.headers["Content-Type"], "application/problem+json")
        self.assertEqual(refused.headers["API-Version"], "1.0.0")
        self.assertEqual(refused.headers["Content-Language"], "nl-NL")
        problem = refused.body
        self.assertEqual(problem["status"], 400)
        self.assertEqual(problem["code"], "INVALID_ARGUMENT")
        self.assertEqual(problem["reason"], "INVALID_REQUEST")
        self.assertEqual(problem["type"], "urn:inburgering:problem:INVALID_REQUEST")
        self.assertIn("niet goed ingevuld", problem["title"])
        self.assertEqual(problem["instance"], "/api/v1/%s/clients" % PARENT)
        self.assertIn("client.bsn", [p["name"] for p in problem["invalidParams"]])
        self.assertNotIn("123456789", json.dumps(problem))

        # The BSN travels in a body, never in a URL (access logs, browser history).
        found = self.ok(call("POST", "/%s/clients:findByBsn" % PARENT, {"bsn": BSNS[1]},
                             CONSULTANT))
        self.assertEqual(found["name"], clients[1]["name"])

        trajectory = self.ok(call("POST", "/%s/trajectories" % clients[0]["name"], {},
                                  CONSULTANT))
        plan = {"decisionDate": self.today, "route": "LEARNING_ROUTE_B1",
                "targetLevel": "LANGUAGE_LEVEL_B1", "ontzorgenReference": "PW-REST-1"}
        path = "/" + trajectory["name"]

        # A refusal with its reason, in English when the caller asks for it.
        early = call("POST", path + ":establishPlan",
                     {"etag": trajectory["etag"], "plan": plan},
                     dict(CONSULTANT, **{"Accept-Language": "en-GB,en;q=0.9"}))
        self.assertEqual(early.status, 400)
        self.assertEqual(early.body["code"], "FAILED_PRECONDITION")
        self.assertEqual(early.body["reason"], "PLAN_BEFORE_INTAKE")
        self.assertEqual(early.headers["Content-Language"], "en-US")
        self.assertIn("broad intake", early.body["title"])

        file = self.ok(call("POST", path + ":recordIntake", {
            "etag": trajectory["etag"], "intake": {
                "date": self.today, "educationAndWorkHistory": True,
                "personalCircumstances": True}}, CONSULTANT))
        file = self.ok(call("POST", path + ":recordLearnabilityTest", {
            "etag": file["trajectory"]["etag"],
            "learnabilityTest": {"date": self.today, "score": 60}}, CONSULTANT))
        file = self.ok(call("POST", path + ":establishPlan",
                            {"etag": file["trajectory"]["etag"], "plan": plan}, CONSULTANT))
        self.assertEqual(len(file["plans"]), 1)

        # A stale etag: 409 with its reason.
        stale = call("POST", path + ":recordProgressReview", {
            "etag": trajectory["etag"], "progressReview": {"date": self.today}}, CONSULTANT)
        self.assertEqual((stale.status, stale.body["reason"]), (409, "STALE_ETAG"))

        # The case file read back, with the caller's request id echoed.
        read = call("GET", path + "/caseFile", headers=dict(CONSULTANT, **{
            "x-request-id": "rest-e2e-1"}))
        self.assertEqual(self.ok(read)["plans"][0]["route"], "LEARNING_ROUTE_B1")
        self.assertEqual(read.body["plans"][0]["decisionDate"], self.today)
        self.assertEqual(read.body["trajectory"]["etag"], file["trajectory"]["etag"])
        self.assertEqual(read.headers["X-Request-Id"], "rest-e2e-1")

        # Paging: pageSize and pageToken, two at a time.
        sizes, names, token = [], [], None
        while True:
            query = "?pageSize=2" + ("&pageToken=" + token if token else "")
            page = self.ok(call("GET", "/%s/clients%s" % (PARENT, query), headers=CONSULTANT))
            sizes.append(len(page["clients"]))
            names += [c["name"] for c in page["clients"]]
            token = page.get("nextPageToken")
            if not token:
                break
        self.assertEqual(sizes, [2, 1])
        self.assertEqual(sorted(names), sorted(c["name"] for c in clients))

    def test_no_credentials_is_401_and_another_municipality_is_404(self):
        anonymous = call("GET", "/%s/clients" % PARENT,
                         headers={"x-dev-roles": "nonsense"})
        self.assertEqual(anonymous.status, 401)
        self.assertEqual(anonymous.headers["Content-Type"], "application/problem+json")
        other = call("GET", "/municipalities/0034/clients/abc", headers=CONSULTANT)
        self.assertEqual((other.status, other.body["reason"]), (404, "RESOURCE_NOT_FOUND"))
        self.assertIn("Wij kunnen niet vinden", other.body["title"])

    def test_unknown_paths_and_methods_are_problems(self):
        missing = call("GET", "/no/such/thing", headers=LEAD)
        self.assertEqual(missing.status, 404)
        self.assertEqual(missing.headers["Content-Type"], "application/problem+json")
        self.assertEqual(missing.headers["API-Version"], "1.0.0")
        wrong = call("DELETE", "/%s/consultants" % PARENT, headers=LEAD)
        self.assertIn(wrong.status, (404, 405))
        self.assertEqual(wrong.headers["Content-Type"], "application/problem+json")
        malformed = call("POST", "/%s/consultants" % PARENT, {"displayName": 7}, LEAD)
        self.assertEqual(malformed.status, 400)
        self.assertEqual(malformed.body["code"], "INVALID_ARGUMENT")
        # An unknown field (a typo) is refused, not dropped.
        typo = call("POST", "/%s/consultants" % PARENT, {"displayNam": "Anna"}, LEAD)
        self.assertEqual(typo.status, 400)
        self.assertIn("displayNam", typo.body["detail"])

    def test_the_event_stream_is_newline_delimited_json(self):
        self.assertEqual(call("POST", "/%s/consultants" % PARENT, {"displayName": "Stream"},
                              LEAD).status, 200)
        created = call("POST", "/%s/clients" % PARENT, {
            "bsn": "234567004", "givenNames": "S", "familyName": "Stream",
            "birthDate": "1991-02-03", "targetGroup": "TARGET_GROUP_FAMILY_MIGRANT",
            "regime": "REGIME_WI2021", "source": "REGISTRATION_SOURCE_DUO_NOTICE"}, CONSULTANT)
        self.assertEqual(created.status, 200, created.body)
        request = urllib.request.Request(BASE + "/events:watch?municipalities=0303",
                                         headers=LEAD)
        with urllib.request.urlopen(request, timeout=30) as stream:
            first = json.loads(stream.readline())
        self.assertIn("cursor", first["result"])
        self.assertTrue(first["result"]["type"].startswith("EVENT_TYPE_"))


class ReadmeTest(unittest.TestCase):
    def test_the_readmes_curl_command_works_as_written(self):
        readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")).read()
        block = re.search(r"The same over REST.*?```sh\n(.*?)```", readme, re.S).group(1)
        self.assertIn("127.0.0.1:8080/api/v1/", block)
        host = os.environ["INBURGERING_REST"][len("http://"):]
        out = subprocess.run(["bash", "-ec", block.replace("127.0.0.1:8080", host)],
                             check=True, capture_output=True, text=True).stdout
        self.assertIsInstance(json.loads(out), dict)


class CorsTest(unittest.TestCase):
    def preflight(self, origin):
        return call("OPTIONS", "/%s/consultants" % PARENT, headers={
            "Origin": origin, "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, x-request-id"})

    def test_preflight_is_allowed_for_the_configured_origin(self):
        answer = self.preflight(ORIGIN)
        self.assertEqual(answer.status, 204)
        self.assertEqual(answer.headers["Access-Control-Allow-Origin"], ORIGIN)
        self.assertIn("Authorization", answer.headers["Access-Control-Allow-Headers"])
        self.assertIn("GET", answer.headers["Access-Control-Allow-Methods"])
        self.assertIsNone(answer.headers.get("Access-Control-Allow-Credentials"))

    def test_preflight_is_refused_for_another_origin(self):
        answer = self.preflight("https://elsewhere.example")
        self.assertEqual(answer.status, 403)
        self.assertIsNone(answer.headers.get("Access-Control-Allow-Origin"))

    def test_a_simple_request_from_another_origin_gets_no_allow_header(self):
        answer = call("GET", "/%s/consultants" % PARENT,
                      headers=dict(LEAD, Origin="https://elsewhere.example"))
        self.assertEqual(answer.status, 200)
        self.assertIsNone(answer.headers.get("Access-Control-Allow-Origin"))


class OpenApiTest(unittest.TestCase):
    def test_the_document_is_published_as_json_at_the_standard_location(self):
        answer = call("GET", "/openapi.json")
        self.assertEqual(answer.status, 200)
        self.assertEqual(answer.headers["Content-Type"], "application/json")
        self.assertEqual(answer.headers["API-Version"], "1.0.0")
        doc = answer.body
        self.assertTrue(doc["openapi"].startswith("3.0."))
        self.assertEqual(doc["info"]["version"], "1.0.0")
        self.assertEqual(doc["servers"][0]["url"], "/api/v1")
        operations = [(m, p) for p, item in doc["paths"].items() for m in item]
        self.assertEqual(len(operations), 66)
        self.assertIn("/municipalities/{municipality}/clients", doc["paths"])


if __name__ == "__main__":
    unittest.main()
