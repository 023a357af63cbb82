"""A thin helper over the generated gRPC classes of the inburgering service.

    from inburgering_client import Connection
    from inburgering.v1 import client_service_pb2 as cs

    with Connection("inburgering.example.nl:443", token=jwt, tls=True) as api:
        client = api.clients.GetClient(cs.GetClientRequest(name="municipalities/0303/clients/c1"))

What it adds to the generated stubs, and nothing else:
  * credentials on every call (a bearer token, or x-dev-* metadata for a development server);
  * a default deadline (10 s) and an `x-request-id` per call;
  * `request_id` filled in on creates and steps that have one, so that a retry is safe;
  * retries, only for calls that are idempotent (reads, and requests carrying a `request_id`):
    three attempts, on UNAVAILABLE with backoff, and on a replica's RESOURCE_EXHAUSTED after the
    delay its `google.rpc.RetryInfo` names (the server's delay is kept on UNAVAILABLE too);
  * `ApiError` with the server's reason (`google.rpc.ErrorInfo`) and field violations
    (`google.rpc.BadRequest`) instead of a bare grpc.RpcError;
  * `pages()` and `items()` to walk a List call's pages.
"""

import datetime
import random
import time
import uuid

import grpc
from google.rpc import error_details_pb2
from google.type import date_pb2
from grpc_status import rpc_status

from inburgering.v1 import (client_service_pb2_grpc, duo_service_pb2_grpc,
                            enforcement_service_pb2_grpc, event_service_pb2_grpc,
                            privacy_service_pb2_grpc, provider_service_pb2_grpc,
                            reporting_service_pb2_grpc, trajectory_service_pb2_grpc)

__all__ = ["ApiError", "Connection", "MAX_RETRY_DELAY", "date", "pages", "items"]

DEFAULT_TIMEOUT = 10.0
ATTEMPTS = 3
MAX_RETRY_DELAY = 30.0  # seconds: the longest a server's RetryInfo may hold a retry back


class ApiError(Exception):
    """A refused call: the gRPC code, the message, the reason and the fields it names."""

    def __init__(self, error):
        self.code = error.code()
        self.message = error.details() or ""
        self.reason = ""
        self.field_violations = {}
        self.retry_delay = None  # seconds, when the server said when to try again (RetryInfo)
        status = rpc_status.from_call(error)
        for detail in status.details if status else []:
            info = error_details_pb2.ErrorInfo()
            bad = error_details_pb2.BadRequest()
            retry = error_details_pb2.RetryInfo()
            if detail.Unpack(info):
                self.reason = info.reason
            elif detail.Unpack(bad):
                for v in bad.field_violations:
                    self.field_violations[v.field] = v.description
            elif detail.Unpack(retry):
                self.retry_delay = retry.retry_delay.ToTimedelta().total_seconds()
        super().__init__("%s %s: %s" % (self.code.name, self.reason, self.message))


def date(d: datetime.date) -> date_pb2.Date:
    """A google.type.Date (every date in the API) from a datetime.date."""
    return date_pb2.Date(year=d.year, month=d.month, day=d.day)


def _has_field(message, name):
    return name in message.DESCRIPTOR.fields_by_name


# Calls that are safe to replay by design: a provider's reports are idempotent by their record ids.
_REPLAYABLE = ("BatchSubmitProviderReports",)


def _idempotent(method, request):
    return (method.startswith(("Get", "List", "Find")) or method in _REPLAYABLE
            or _has_field(request, "request_id"))


def _retry_after(error, backoff):
    """The pause (seconds) before retrying a call refused with `error` (an ApiError), or None when
    it is not worth retrying as it is. UNAVAILABLE (the connection, or the server's database) waits
    `backoff`, or the server's RetryInfo delay when it sends one; RESOURCE_EXHAUSTED is retried only
    with a RetryInfo (a replica shed the call before doing any of it): without one it is a limit of
    gRPC's own, such as a message too large, which a retry would only repeat. The pause is that
    delay and up to a fifth more, drawn at random (the callers a replica shed together come back
    spread out), and at most MAX_RETRY_DELAY."""
    if error.code == grpc.StatusCode.UNAVAILABLE:
        delay = backoff if error.retry_delay is None else error.retry_delay
    elif error.code == grpc.StatusCode.RESOURCE_EXHAUSTED and error.retry_delay is not None:
        delay = error.retry_delay
    else:
        return None
    delay = min(max(delay, 0.0), MAX_RETRY_DELAY)
    return min(delay * (1 + random.uniform(0, 0.2)), MAX_RETRY_DELAY)


class _Service:
    """The generated stub's methods, each wrapped with the connection's call policy."""

    def __init__(self, connection, stub):
        self._connection = connection
        self._stub = stub

    def __getattr__(self, method):
        call = getattr(self._stub, method)
        connection = self._connection

        def invoke(request, timeout=None, metadata=()):
            return connection._invoke(method, call, request, timeout, metadata)

        return invoke


class Connection:
    """A channel to the service with the caller's credentials; one per process is enough.

    token: a bearer token (JWT) sent on every call. dev_roles/dev_municipalities/dev_subject/
    dev_bsn/dev_provider: the caller a development server (--dev-auth) trusts instead (a provider's
    token carries its registered id as claim `provider_id`). tls: True for the system's roots, or
    grpc.ChannelCredentials for your own."""

    def __init__(self, target, *, token=None, tls=None, dev_roles=None, dev_municipalities="*",
                 dev_subject="python-client", dev_bsn=None, dev_provider=None,
                 timeout=DEFAULT_TIMEOUT):
        if tls is True:
            tls = grpc.ssl_channel_credentials()
        self._channel = (grpc.secure_channel(target, tls) if tls
                         else grpc.insecure_channel(target))
        self._metadata = []
        if token:
            self._metadata.append(("authorization", "Bearer " + token))
        if dev_roles:
            self._metadata += [("x-dev-roles", dev_roles),
                               ("x-dev-municipalities", dev_municipalities),
                               ("x-dev-subject", dev_subject)]
            if dev_bsn:
                self._metadata.append(("x-dev-bsn", dev_bsn))
            if dev_provider:
                self._metadata.append(("x-dev-provider", dev_provider))
        self.timeout = timeout
        self.clients = _Service(self, client_service_pb2_grpc.ClientServiceStub(self._channel))
        self.trajectories = _Service(
            self, trajectory_service_pb2_grpc.TrajectoryServiceStub(self._channel))
        self.enforcement = _Service(
            self, enforcement_service_pb2_grpc.EnforcementServiceStub(self._channel))
        self.duo = _Service(self, duo_service_pb2_grpc.DuoServiceStub(self._channel))
        self.reporting = _Service(
            self, reporting_service_pb2_grpc.ReportingServiceStub(self._channel))
        self.privacy = _Service(self, privacy_service_pb2_grpc.PrivacyServiceStub(self._channel))
        self.providers = _Service(
            self, provider_service_pb2_grpc.ProviderServiceStub(self._channel))
        # Streams (WatchEvents) are returned as they are: iterate, and catch grpc.RpcError.
        self.events = event_service_pb2_grpc.EventServiceStub(self._channel)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._channel.close()

    def stream_metadata(self):
        """The credentials, for calls made on the raw stubs (such as WatchEvents)."""
        return list(self._metadata) + [("x-request-id", uuid.uuid4().hex)]

    def _invoke(self, method, call, request, timeout, metadata):
        if _has_field(request, "request_id") and not request.request_id:
            request.request_id = uuid.uuid4().hex
        attempts = ATTEMPTS if _idempotent(method, request) else 1
        for attempt in range(attempts):
            try:
                return call(request, timeout=timeout or self.timeout,
                            metadata=self.stream_metadata() + list(metadata))
            except grpc.RpcError as error:
                refused = ApiError(error)
                pause = _retry_after(refused, 0.1 * (2 ** attempt))
                if pause is None or attempt + 1 == attempts:
                    raise refused from None
                time.sleep(pause)
        raise AssertionError("unreachable")


def pages(list_call, request):
    """Yields each page (the List response) of a List call, following next_page_token."""
    while True:
        response = list_call(request)
        yield response
        if not response.next_page_token:
            return
        request.page_token = response.next_page_token


def items(list_call, request, field):
    """Yields each item of every page: items(api.clients.ListClients, request, "clients")."""
    for page in pages(list_call, request):
        yield from getattr(page, field)
