/**
 * The TypeScript client of the inburgering service, for Node.js back-ends (the citizen portal's
 * among them). The service classes are generated from api/ by protoc-gen-es; this module adds:
 *
 *  - `connect()`: one transport (gRPC over HTTP/2) with the caller's credentials on every call,
 *    a default deadline (10 s), an `x-request-id` per call, `requestId` filled in on creates and
 *    steps, and retries (`retryAfterMs()`: UNAVAILABLE, and a replica's RESOURCE_EXHAUSTED after
 *    the delay its RetryInfo names) only where that is safe (reads, and requests carrying a
 *    `requestId`, which the server answers once);
 *  - token handling: a fixed token or a provider called per call (to refresh), and
 *    `tokenExpiresWithin()` to decide when;
 *  - `describeError()`: the code, the server's reason and the fields it names;
 *  - `pages()` and `items()` to walk List calls;
 *  - `citizenView()`: what a portal does for a signed-in citizen.
 */
import { randomUUID } from "node:crypto";

import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import { DateSchema } from "./gen/google/type/date_pb.js";
import { ClientService } from "./gen/inburgering/v1/client_service_pb.js";
import type { Client as ClientRecord } from "./gen/inburgering/v1/client_pb.js";
import { DuoService } from "./gen/inburgering/v1/duo_service_pb.js";
import { EnforcementService } from "./gen/inburgering/v1/enforcement_service_pb.js";
import { EventService } from "./gen/inburgering/v1/event_service_pb.js";
import { PrivacyService, type ProcessingRecord } from "./gen/inburgering/v1/privacy_service_pb.js";
import { ProviderService } from "./gen/inburgering/v1/provider_service_pb.js";
import { ReportingService } from "./gen/inburgering/v1/reporting_service_pb.js";
import type { CaseFile } from "./gen/inburgering/v1/trajectory_pb.js";
import { TrajectoryService } from "./gen/inburgering/v1/trajectory_service_pb.js";

export * from "./gen/inburgering/v1/client_pb.js";
export * from "./gen/inburgering/v1/client_service_pb.js";
export * from "./gen/inburgering/v1/consultant_pb.js";
export * from "./gen/inburgering/v1/duo_service_pb.js";
export * from "./gen/inburgering/v1/enforcement_pb.js";
export * from "./gen/inburgering/v1/enforcement_service_pb.js";
export * from "./gen/inburgering/v1/error_reason_pb.js";
export * from "./gen/inburgering/v1/event_service_pb.js";
export * from "./gen/inburgering/v1/privacy_service_pb.js";
export * from "./gen/inburgering/v1/provider_service_pb.js";
export * from "./gen/inburgering/v1/reporting_service_pb.js";
export * from "./gen/inburgering/v1/trajectory_pb.js";
export * from "./gen/inburgering/v1/trajectory_service_pb.js";
export { Code, ConnectError } from "@connectrpc/connect";

/** A bearer token, or a function giving the current one (called before every call). */
export type TokenSource = string | (() => string | Promise<string>);

export interface ConnectOptions {
  /** `http://host:port` (plaintext, inside a cluster) or `https://host:port`. */
  baseUrl: string;
  /** The caller's bearer token (JWT), sent as `authorization: Bearer ...`. */
  token?: TokenSource;
  /** Development servers (`--dev-auth`) only: the caller they trust instead of a token. */
  dev?: { roles: string; municipalities?: string; subject?: string; bsn?: string; provider?: string };
  /** Deadline of each attempt in milliseconds; 10 000 unless set. */
  timeoutMs?: number;
  /** Attempts of a call that is safe to retry; 3 unless set. */
  attempts?: number;
}

/** A client per service, all over one transport. */
export interface Inburgering {
  clients: Client<typeof ClientService>;
  trajectories: Client<typeof TrajectoryService>;
  enforcement: Client<typeof EnforcementService>;
  duo: Client<typeof DuoService>;
  reporting: Client<typeof ReportingService>;
  privacy: Client<typeof PrivacyService>;
  providers: Client<typeof ProviderService>;
  events: Client<typeof EventService>;
}

function credentials(options: ConnectOptions): Interceptor {
  return (next) => async (req) => {
    if (options.token !== undefined) {
      const token = typeof options.token === "function" ? await options.token() : options.token;
      req.header.set("authorization", `Bearer ${token}`);
    }
    if (options.dev) {
      req.header.set("x-dev-roles", options.dev.roles);
      req.header.set("x-dev-municipalities", options.dev.municipalities ?? "*");
      req.header.set("x-dev-subject", options.dev.subject ?? "typescript-client");
      if (options.dev.bsn) req.header.set("x-dev-bsn", options.dev.bsn);
      if (options.dev.provider) req.header.set("x-dev-provider", options.dev.provider);
    }
    req.header.set("x-request-id", randomUUID().replaceAll("-", ""));
    return next(req);
  };
}

/** The longest a server's RetryInfo may hold a retry back, in milliseconds. */
export const maxRetryDelayMs = 30_000;

/**
 * The pause in milliseconds before retrying a call refused with `error`, or undefined when it is
 * not worth retrying as it is. UNAVAILABLE (the connection, or the server's database) waits
 * `backoffMs`, or the delay of the server's google.rpc.RetryInfo when it sends one;
 * RESOURCE_EXHAUSTED is retried only with a RetryInfo (a replica shed the call before doing any of
 * it): without one it is a limit of gRPC's own, such as a message too large. The pause is that
 * delay and up to a fifth more, drawn at random (the callers a replica shed together come back
 * spread out), and at most `maxRetryDelayMs`.
 */
export function retryAfterMs(error: unknown, backoffMs: number): number | undefined {
  const e = ConnectError.from(error);
  const delay = e.findDetails(RetryInfoSchema)[0]?.retryDelay;
  const serverMs = delay ? Number(delay.seconds) * 1000 + delay.nanos / 1e6 : undefined;
  const spread = (ms: number) => {
    const held = Math.min(Math.max(ms, 0), maxRetryDelayMs);
    return Math.min(held * (1 + Math.random() * 0.2), maxRetryDelayMs);
  };
  if (e.code === Code.Unavailable) return spread(serverMs ?? backoffMs);
  if (e.code === Code.ResourceExhausted && serverMs !== undefined) return spread(serverMs);
  return undefined;
}

/** Fills `requestId` and retries, as `retryAfterMs` says, where a replay is safe. */
function safeRetries(attempts: number): Interceptor {
  return (next) => async (req) => {
    if (req.stream) return next(req);
    const message = req.message as unknown as Record<string, unknown>;
    const replayable = "requestId" in message;
    if (replayable && !message.requestId) message.requestId = randomUUID().replaceAll("-", "");
    // A provider's reports are idempotent by their record ids: a replay is safe.
    const idempotent =
      replayable || /^(Get|List|Find)/.test(req.method.name) ||
      req.method.name === "BatchSubmitProviderReports";
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(req);
      } catch (error) {
        const pause =
          idempotent && attempt < attempts ? retryAfterMs(error, 100 * 2 ** (attempt - 1)) : undefined;
        if (pause === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  };
}

/** Connects to the service: one HTTP/2 connection, shared by every service client. */
export function connect(options: ConnectOptions): Inburgering {
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    defaultTimeoutMs: options.timeoutMs ?? 10_000,
    interceptors: [credentials(options), safeRetries(options.attempts ?? 3)],
  });
  return {
    clients: createClient(ClientService, transport),
    trajectories: createClient(TrajectoryService, transport),
    enforcement: createClient(EnforcementService, transport),
    duo: createClient(DuoService, transport),
    reporting: createClient(ReportingService, transport),
    privacy: createClient(PrivacyService, transport),
    providers: createClient(ProviderService, transport),
    events: createClient(EventService, transport),
  };
}

/** A refused call, as the service explains it. */
export interface ErrorDescription {
  code: Code;
  /** The gRPC code's name, e.g. "FailedPrecondition". */
  codeName: string;
  message: string;
  /** An ErrorReason name such as "PLAN_BEFORE_INTAKE", or "" when none was sent. */
  reason: string;
  /** Field path -> what is wrong with it (google.rpc.BadRequest). */
  fieldViolations: Record<string, string>;
}

export function describeError(error: unknown): ErrorDescription {
  const e = ConnectError.from(error);
  const fieldViolations: Record<string, string> = {};
  for (const bad of e.findDetails(BadRequestSchema)) {
    for (const v of bad.fieldViolations) fieldViolations[v.field] = v.description;
  }
  return {
    code: e.code,
    codeName: Code[e.code],
    message: e.rawMessage,
    reason: e.findDetails(ErrorInfoSchema)[0]?.reason ?? "",
    fieldViolations,
  };
}

/** Whether a JWT expires within `seconds` (or has no readable `exp`): time to fetch a new one. */
export function tokenExpiresWithin(token: string, seconds: number, now = Date.now()): boolean {
  const payload = token.split(".")[1];
  if (!payload) return true;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: number };
    return typeof claims.exp !== "number" || claims.exp * 1000 - now <= seconds * 1000;
  } catch {
    return true;
  }
}

/** A google.type.Date (every date in the API) from a JavaScript Date, in UTC. */
export function protoDate(date: globalThis.Date): MessageInitShape<typeof DateSchema> {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  };
}

interface PageRequest {
  pageToken?: string;
}
interface PageResponse {
  nextPageToken: string;
}

/** Each page of a List call: `for await (const page of pages((r) => api.clients.listClients(r), {...}))`. */
export async function* pages<Req extends PageRequest, Res extends PageResponse>(
  list: (request: Req) => Promise<Res>,
  request: Req,
): AsyncGenerator<Res> {
  let next: Req = { ...request };
  for (;;) {
    const page = await list(next);
    yield page;
    if (!page.nextPageToken) return;
    next = { ...next, pageToken: page.nextPageToken };
  }
}

/** Each item of every page: `items((r) => api.clients.listClients(r), {...}, (p) => p.clients)`. */
export async function* items<Req extends PageRequest, Res extends PageResponse, Item>(
  list: (request: Req) => Promise<Res>,
  request: Req,
  of: (page: Res) => Item[],
): AsyncGenerator<Item> {
  for await (const page of pages(list, request)) yield* of(page);
}

/** What a portal shows a signed-in citizen: their record and case files, in the citizen view. */
export interface CitizenView {
  /** The citizen's own client record in a municipality, or undefined when there is none. */
  ownRecord(municipality: string): Promise<ClientRecord | undefined>;
  /** The case files of the citizen's trajectories, oldest first (no health details, no notes). */
  caseFiles(client: ClientRecord): Promise<CaseFile[]>;
  /**
   * Which processings of the citizen's data happened (AVG art. 15, the Logboek
   * Dataverwerkingen records), newest first: when, which operation, under which processing
   * activity of the municipality's register, with what status. Never who (the audit trail
   * keeps that, for the privacy officer).
   */
  processingRecords(client: ClientRecord): Promise<ProcessingRecord[]>;
}

/**
 * The citizen view over a connection made with the citizen's token (DigiD-backed, `sub` = BSN).
 * `bsn` is the BSN the token asserts; it travels in request bodies only.
 */
export function citizenView(api: Inburgering, bsn: string): CitizenView {
  return {
    async ownRecord(municipality) {
      try {
        return await api.clients.findClientByBsn({ parent: `municipalities/${municipality}`, bsn });
      } catch (error) {
        if (ConnectError.from(error).code === Code.NotFound) return undefined;
        throw error;
      }
    },
    async caseFiles(client) {
      const files: CaseFile[] = [];
      const list = (r: { parent: string; pageToken?: string }) => api.trajectories.listTrajectories(r);
      for await (const trajectory of items(list, { parent: client.name }, (p) => p.trajectories)) {
        files.push(await api.trajectories.getCaseFile({ name: trajectory.name }));
      }
      return files;
    },
    async processingRecords(client) {
      const parent = client.name.split("/").slice(0, 2).join("/");
      const list = (r: { parent: string; client: string; pageToken?: string }) =>
        api.privacy.listProcessingRecords(r);
      const records: ProcessingRecord[] = [];
      for await (const record of items(list, { parent, client: client.name }, (p) => p.records)) {
        records.push(record);
      }
      return records;
    },
  };
}
