// The shared client scenario (clients/README.md) in TypeScript against the real server that
// tests/clients/run_with_server.py started (INBURGERING_TARGET): register clients, see refusals
// with their reasons, establish a plan, read the case file, page through a list; and the citizen
// view a portal shows.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  citizenView,
  Code,
  ConnectError,
  connect,
  describeError,
  items,
  LanguageLevel,
  LearningRoute,
  OfferComponent,
  pages,
  ProviderReportOutcome,
  QualityMark,
  maxRetryDelayMs,
  protoDate,
  Regime,
  RegistrationSource,
  retryAfterMs,
  TargetGroup,
  tokenExpiresWithin,
} from "../src/index.js";
import { RetryInfoSchema } from "../src/gen/google/rpc/error_details_pb.js";

const target = process.env.INBURGERING_TARGET;
const baseUrl = `http://${target}`;
const parent = "municipalities/0303";
const today = protoDate(new Date());

test("register, refuse, plan, read, page, citizen view", async () => {
  assert.ok(target, "run me with run_with_server.py");
  const lead = connect({ baseUrl, dev: { roles: "team_lead", municipalities: "0303" } });
  const api = connect({ baseUrl, dev: { roles: "consultant", municipalities: "0303" } });
  const consultant = await lead.clients.createConsultant({
    parent,
    consultant: { displayName: "TypeScript e2e" },
  });

  const register = (bsn: string, familyName: string) =>
    api.clients.createClient({
      parent,
      client: {
        bsn,
        givenNames: "Amal",
        familyName,
        birthDate: { year: 1990, month: 1, day: 1 },
        targetGroup: TargetGroup.ASYLUM_STATUS_HOLDER,
        regime: Regime.WI2021,
        source: RegistrationSource.COA_LINK,
        obligationNoticeDate: today,
        consultant: consultant.name,
      },
    });
  const bsns = ["111222333", "123456782", "999999990"]; // each passes the eleven-test
  const names: string[] = [];
  for (const [i, bsn] of bsns.entries()) {
    const client = await register(bsn, `Ts ${i}`);
    assert.match(client.name, /^municipalities\/0303\/clients\//);
    assert.ok(!client.name.includes(bsn));
    names.push(client.name);
  }

  // Bad input: INVALID_ARGUMENT naming the field.
  const invalid = await register("123456789", "Invalid").then(
    () => assert.fail("an invalid BSN was accepted"),
    describeError,
  );
  assert.equal(invalid.code, Code.InvalidArgument);
  assert.ok("client.bsn" in invalid.fieldViolations, JSON.stringify(invalid));

  const trajectory = await api.trajectories.createTrajectory({ parent: names[0] });
  const plan = {
    decisionDate: today,
    route: LearningRoute.B1,
    targetLevel: LanguageLevel.B1,
    ontzorgenReference: "PW-E2E-1",
  };

  // A refusal with its reason: no plan before the broad intake.
  const refused = await api.trajectories
    .establishPlan({ name: trajectory.name, etag: trajectory.etag, plan })
    .then(() => assert.fail("a plan before the intake was accepted"), describeError);
  assert.equal(refused.code, Code.FailedPrecondition);
  assert.equal(refused.reason, "PLAN_BEFORE_INTAKE");

  // Intake, learnability test, plan: each step answers the whole case file.
  let file = await api.trajectories.recordIntake({
    name: trajectory.name,
    etag: trajectory.etag,
    intake: { date: today, educationAndWorkHistory: true, personalCircumstances: true },
  });
  file = await api.trajectories.recordLearnabilityTest({
    name: trajectory.name,
    etag: file.trajectory!.etag,
    learnabilityTest: { date: today, score: 60 },
  });
  file = await api.trajectories.establishPlan({
    name: trajectory.name,
    etag: file.trajectory!.etag,
    plan,
  });
  assert.equal(file.plans.length, 1);

  // A step of the law in depth: an objection against the plan, with its Awb clock.
  file = await api.trajectories.lodgePlanObjection({
    name: trajectory.name,
    etag: file.trajectory!.etag,
    objection: { planVersion: 1, filedDate: today },
  });
  assert.equal(file.planObjections.length, 1);

  // The providers' side: a registered school, the client enrolled there; the school's own
  // token sees its student and reports the first lesson; sent twice, recorded once.
  const school = await lead.providers.createProvider({
    parent,
    providerId: "ts-school",
    provider: {
      displayName: "Taalschool TypeScript",
      qualityMark: QualityMark.BLIK_OP_WERK,
      components: [OfferComponent.LANGUAGE],
    },
  });
  file = await api.trajectories.recordEnrollment({
    name: trajectory.name,
    etag: file.trajectory!.etag,
    enrollment: { registeredProvider: school.name, plannedHours: 600 },
  });
  const provider = connect({
    baseUrl,
    dev: { roles: "provider", municipalities: "0303", provider: "ts-school" },
  });
  const seen = await provider.providers.listProviderEnrollments({ parent: school.name });
  assert.equal(seen.enrollments.length, 1);
  const report = {
    recordId: "start-1",
    enrollmentId: seen.enrollments[0].enrollmentId,
    report: { case: "lessonsStarted" as const, value: { date: today } },
  };
  for (const outcome of [ProviderReportOutcome.RECORDED, ProviderReportOutcome.REPLAYED]) {
    const answer = await provider.providers.batchSubmitProviderReports({
      parent: school.name,
      reports: [report],
    });
    assert.equal(answer.results[0].outcome, outcome);
  }
  file = await api.trajectories.getCaseFile({ name: trajectory.name });
  assert.equal(file.enrollments[0].lessonsStartDate?.day, today.day);

  // Read the case file back.
  const read = await api.trajectories.getCaseFile({ name: trajectory.name });
  assert.equal(read.plans[0].route, LearningRoute.B1);
  assert.deepEqual(
    { ...read.plans[0].decisionDate, $typeName: undefined },
    { ...today, $typeName: undefined },
  );
  assert.equal(read.trajectory!.etag, file.trajectory!.etag);

  // Page through the clients two at a time.
  const list = (r: { parent: string; pageSize: number; pageToken?: string }) =>
    api.clients.listClients(r);
  const sizes: number[] = [];
  for await (const page of pages(list, { parent, pageSize: 2 })) sizes.push(page.clients.length);
  assert.deepEqual(sizes, [2, 1]);
  const listed: string[] = [];
  for await (const c of items(list, { parent, pageSize: 2 }, (p) => p.clients)) listed.push(c.name);
  assert.deepEqual(listed.sort(), [...names].sort());

  // The citizen view: the portal, signed in as the first client, finds their record and file.
  const portal = connect({ baseUrl, dev: { roles: "citizen", municipalities: "", bsn: bsns[0] } });
  const citizen = citizenView(portal, bsns[0]);
  const own = await citizen.ownRecord("0303");
  assert.equal(own?.name, names[0]);
  const files = await citizen.caseFiles(own!);
  assert.equal(files.length, 1);
  assert.equal(files[0].plans.length, 1);
  assert.equal(await citizenView(portal, bsns[1]).ownRecord("0303"), undefined);
  // Their inzage: the processings of their data, newest first, LDV 1.0 spans without the user.
  const processed = await citizen.processingRecords(own!);
  assert.ok(processed.length >= 5, `${processed.length} records`);
  assert.ok(processed.some((r) => r.activity === "CreateClient"));
  assert.ok(processed.every((r) => /^[0-9a-f]{16}$/.test(r.spanId) && r.processingActivityId !== ""));
  // A citizen may not list the municipality's clients.
  const denied = await portal.clients
    .listClients({ parent })
    .then(() => assert.fail("a citizen listed clients"), describeError);
  assert.equal(denied.code, Code.PermissionDenied);
});

test("retryAfterMs keeps the server's RetryInfo delay and retries a shed call only with one", () => {
  const refused = (code: Code, seconds?: number) =>
    new ConnectError("refused", code, undefined,
      seconds === undefined ? [] : [{
        desc: RetryInfoSchema,
        value: { retryDelay: { seconds: BigInt(Math.floor(seconds)), nanos: (seconds % 1) * 1e9 } },
      }]);
  // The pause is `atLeast` and up to a fifth more.
  const spread = (pause: number | undefined, atLeast: number) => {
    assert.ok(pause !== undefined && pause >= atLeast && pause <= atLeast * 1.2, `${pause}`);
    return pause as number;
  };
  const pauses = new Set<number>();
  for (let i = 0; i < 20; i++) pauses.add(spread(retryAfterMs(refused(Code.ResourceExhausted, 1.5), 100), 1500));
  assert.ok(pauses.size > 10, "callers shed together come back spread out");
  assert.equal(retryAfterMs(refused(Code.ResourceExhausted), 100), undefined); // gRPC's own limit
  spread(retryAfterMs(refused(Code.Unavailable, 1), 100), 1000);
  spread(retryAfterMs(refused(Code.Unavailable), 200), 200);
  assert.equal(retryAfterMs(refused(Code.ResourceExhausted, 3600), 100), maxRetryDelayMs);
  assert.equal(retryAfterMs(refused(Code.NotFound, 1), 100), undefined);
});

test("tokenExpiresWithin reads exp", () => {
  const jwt = (claims: object) =>
    `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
  const now = Date.UTC(2026, 0, 1);
  assert.equal(tokenExpiresWithin(jwt({ exp: now / 1000 + 600 }), 60, now), false);
  assert.equal(tokenExpiresWithin(jwt({ exp: now / 1000 + 30 }), 60, now), true);
  assert.equal(tokenExpiresWithin(jwt({}), 60, now), true);
  assert.equal(tokenExpiresWithin("not a token", 60, now), true);
});
