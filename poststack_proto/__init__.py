"""poststack_proto: the sans-IO core of the PostStack SDK.

This package builds requests, reads answers, maps errors and decides retries. It imports
no HTTP library, opens no socket, never sleeps, and reads no clock and no randomness it
was not handed: a test proves it. Transports (`poststack_transports`) move the bytes;
the clients (`poststack`) wire the two together.
"""

from __future__ import annotations

from ._bulk import (
    MAX_BATCH_SIZE,
    BulkBatch,
    BulkPlan,
    BulkSendOutcome,
    BulkSendResult,
    SharedPause,
    batch_idempotency_key,
    message_idempotency_key,
)
from ._call import (
    AsyncTransport,
    CallConfig,
    CallFlow,
    Send,
    Sleep,
    Transport,
    call_flow,
    run_async,
    run_sync,
)
from ._catalog import ENDPOINTS, endpoint
from ._endpoints import NO_BODY, Endpoint, PayloadPlace, ResponseKind, build_request, encode_json
from ._errors import (
    ConnectError,
    ConnectTimeout,
    PostStackError,
    ReadTimeout,
    RemoteProtocolError,
    ResponseTooLarge,
    TLSError,
    TransportError,
    WriteError,
)
from ._http import Headers, Request, Response, find_header
from ._lazy import import_attribute, lazy_exports
from ._options import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    ClientOptions,
    check_max_retries,
    is_loopback_host,
)
from ._pagination import Pages
from ._responses import error_from_response, error_from_transport, parse_success
from ._retry import QUOTA_CODES, RetryPolicy, parse_retry_after
from ._version import __version__
from ._webhooks import (
    SIGNATURE_HEADER,
    WebhookVerificationError,
    construct_event,
    sign_payload,
    verify_signature,
)

__all__ = [
    # values
    "Headers",
    "Request",
    "Response",
    "find_header",
    # options
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "ClientOptions",
    "check_max_retries",
    "is_loopback_host",
    # endpoints
    "ENDPOINTS",
    "NO_BODY",
    "Endpoint",
    "PayloadPlace",
    "ResponseKind",
    "build_request",
    "encode_json",
    "endpoint",
    # lazy exports
    "import_attribute",
    "lazy_exports",
    # answers and errors
    "ConnectError",
    "ConnectTimeout",
    "PostStackError",
    "ReadTimeout",
    "RemoteProtocolError",
    "ResponseTooLarge",
    "TLSError",
    "TransportError",
    "WriteError",
    "error_from_response",
    "error_from_transport",
    "parse_success",
    # retries and calls
    "QUOTA_CODES",
    "AsyncTransport",
    "CallConfig",
    "CallFlow",
    "RetryPolicy",
    "Send",
    "Sleep",
    "Transport",
    "call_flow",
    "parse_retry_after",
    "run_async",
    "run_sync",
    # pagination
    "Pages",
    # bulk sends
    "MAX_BATCH_SIZE",
    "BulkBatch",
    "BulkPlan",
    "BulkSendOutcome",
    "BulkSendResult",
    "SharedPause",
    "batch_idempotency_key",
    "message_idempotency_key",
    # webhooks
    "SIGNATURE_HEADER",
    "WebhookVerificationError",
    "construct_event",
    "sign_payload",
    "verify_signature",
    "__version__",
]
