"""One API call as a state machine, and the two drivers that run it.

Rules of this module:

* A call is a generator (in the manner of httpx's ``Auth.auth_flow``). It yields actions,
  `Send` (write this request, send me back its `Response` or the `TransportError`) and
  `Sleep` (wait this long, send me back ``None``), and it ends by returning the result or
  raising `PostStackError`. Every retry decision of the SDK is made here and in
  `RetryPolicy`; no other retry loop exists.
* The request, and so its ``Idempotency-Key``, is built once, before the first action, by
  `CallConfig.flow`. A bad argument fails there, before anything is sent.
* The drivers are a few lines each: `run_sync` sleeps through the function it is given,
  `run_async` through the transport's own ``sleep`` (so any event loop, trio included,
  works). Neither reads a clock or draws a random number.
* Logging is one helper, `_log`: the operation, method and path *template*, status,
  attempt, wait and request id go to ``logging.getLogger("poststack")``. Never the key, a
  body, a query string or a path parameter (those can hold addresses). This module does
  not import `logging` (a cold start would pay ~6 ms for it): until something has, nothing
  can have configured it, and its default level drops our DEBUG and INFO records anyway.
* A call is typed end to end: `CallConfig.call` takes an ``Endpoint[P, R]`` and a ``P``,
  and the flow, and so the driver, returns an ``R``.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from ._endpoints import NO_BODY, Endpoint, build_request
from ._errors import TransportError
from ._http import Request, Response, _slot_setter  # pyright: ignore[reportPrivateUsage]
from ._options import DEFAULT_MAX_RETRIES, ClientOptions, check_max_retries, check_timeout
from ._responses import error_code, error_from_response, error_from_transport, parse_success
from ._retry import RetryPolicy, parse_retry_after

__all__ = [
    "AsyncTransport",
    "CallConfig",
    "CallFlow",
    "Send",
    "Sleep",
    "Transport",
    "call_flow",
    "run_async",
    "run_sync",
]

if TYPE_CHECKING:
    import logging

_DEBUG, _INFO = 10, 20  # logging.DEBUG and logging.INFO
_loggers: list[logging.Logger] = []  # the "poststack" logger, once `logging` is loaded


@dataclass(frozen=True, slots=True)
class Send:
    """Action: send ``request`` (this is attempt number ``attempt``, from 1)."""

    request: Request
    attempt: int

    def __init__(self, request: Request, attempt: int) -> None:
        # One per attempt: set through the slots' setters, as `Request.__init__` does.
        _send_request(self, request)
        _send_attempt(self, attempt)


_send_request = _slot_setter(Send, "request")
_send_attempt = _slot_setter(Send, "attempt")


@dataclass(frozen=True, slots=True)
class Sleep:
    """Action: wait ``seconds`` before the next attempt."""

    seconds: float


P = TypeVar("P")
R = TypeVar("R")

Action: TypeAlias = "Send | Sleep"
Outcome: TypeAlias = "Response | TransportError | None"
#: A call in progress, ending in an ``R``.
CallFlow: TypeAlias = Generator[Action, Outcome, R]


class Transport(Protocol):
    """What the sync driver needs: send one request, and release connections at the end."""

    def send(self, request: Request) -> Response: ...

    def close(self) -> None: ...


class AsyncTransport(Protocol):
    """What the async driver needs; ``sleep`` is the event loop's own."""

    async def send(self, request: Request) -> Response: ...

    async def sleep(self, seconds: float) -> None: ...

    async def aclose(self) -> None: ...


class _UnmappedTransportFailure(TransportError):
    """A transport raised something outside the core's vocabulary (an adapter bug).

    It still reaches the user as a `PostStackError` (code ``"transport_error"``), and is not
    retried: nothing is known about how far the request got.
    """

    retryable = False
    code = "transport_error"


def call_flow(
    request: Request,
    endpoint: Endpoint[Any, R],
    *,
    policy: RetryPolicy,
    random: Callable[[], float],
    now: Callable[[], float] | None = None,
) -> CallFlow[R]:
    """The state machine of one call of ``endpoint``, sending ``request`` on every attempt.

    Returns (as the generator's value) the parsed result of the first 2xx answer.

    Raises:
        PostStackError: the final answer was an error, or no answer came, once the
            policy allows no more retries. A network failure's `TransportError` is its
            ``__cause__``.
    """
    retry_safe = endpoint.retry_safe
    kind = endpoint.response
    retry = 0
    while True:
        outcome = yield Send(request, retry + 1)
        if isinstance(outcome, Response):
            status = outcome.status
            if 200 <= status < 300:
                _log(endpoint, _DEBUG, retry + 1, outcome)
                result: R = parse_success(kind, outcome)
                return result
            retry_after = parse_retry_after(outcome.header("retry-after"), now)
            wait = policy.after_status(
                retry=retry,
                status=status,
                code=error_code(outcome) if status == 429 else None,
                retry_after=retry_after,
                retry_safe=retry_safe,
                random=random,
            )
            if wait is None:
                _log(endpoint, _DEBUG, retry + 1, outcome)
                raise error_from_response(outcome, now)
            _log(
                endpoint,
                _INFO,
                retry + 1,
                outcome,
                wait=wait,
                attempts=policy.max_retries + 1,
            )
        elif isinstance(outcome, TransportError):
            wait = policy.after_transport_error(
                retry=retry, error=outcome, retry_safe=retry_safe, random=random
            )
            if wait is None:
                raise error_from_transport(outcome, request) from outcome
            _log(
                endpoint,
                _INFO,
                retry + 1,
                outcome,
                wait=wait,
                attempts=policy.max_retries + 1,
            )
        else:
            raise TypeError(
                f"a Send action takes a Response or a TransportError, got {type(outcome).__name__}"
            )
        sent_back = yield Sleep(wait)
        if sent_back is not None:
            raise TypeError(f"a Sleep action takes None, got {type(sent_back).__name__}")
        retry += 1


def _log(
    endpoint: Endpoint[Any, Any],
    level: int,
    attempt: int,
    outcome: Response | TransportError,
    *,
    wait: float | None = None,
    attempts: int = 0,
) -> None:
    """Log one attempt's outcome, and the retry that follows when ``wait`` is given.

    Only the operation, method, path template, status (or failure kind), request id and
    timing are written: nothing a user sent, so no key, address or body can reach a log.
    """
    if not _loggers:
        if "logging" not in sys.modules:  # so nothing configured it: DEBUG and INFO go nowhere
            return
        import logging  # noqa: PLC0415 - loaded already, by whoever wants the records

        _loggers.append(logging.getLogger("poststack"))
    logger = _loggers[0]
    if not logger.isEnabledFor(level):
        return
    args: tuple[object, ...]
    if isinstance(outcome, Response):
        what, args = "answered %d (request id %s", (outcome.status, outcome.request_id)
    else:
        what, args = "failed (%s", (type(outcome).__name__,)
    where = (endpoint.name, endpoint.method, endpoint.path)
    if wait is None:
        logger.log(level, "%s %s %s " + what + ", attempt %d)", *where, *args, attempt)
    else:
        logger.log(
            level,
            "%s %s %s " + what + "); retrying in %.3fs (attempt %d of %d)",
            *where,
            *args,
            wait,
            attempt + 1,
            attempts,
        )


def run_sync(
    flow: CallFlow[R],
    send: Callable[[Request], Response],
    sleep: Callable[[float], None],
) -> R:
    """Drive ``flow`` to its end with a blocking ``send`` and ``sleep``.

    An interruption (``KeyboardInterrupt`` in a sleep) passes straight through: the flow
    is closed and nothing is retried.
    """
    action = next(flow)
    try:
        while True:
            outcome: Outcome
            if isinstance(action, Send):
                try:
                    outcome = send(action.request)
                except TransportError as exc:
                    outcome = exc
                except Exception as exc:
                    outcome = _unmapped(exc)
            else:
                sleep(action.seconds)
                outcome = None
            try:
                action = flow.send(outcome)
            except StopIteration as stop:
                result: R = stop.value
                return result
    finally:
        flow.close()


async def run_async(
    flow: CallFlow[R],
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[None]],
) -> R:
    """Drive ``flow`` to its end with an awaitable ``send`` and ``sleep``.

    Cancellation passes straight through: the flow is closed and nothing is retried.
    """
    action = next(flow)
    try:
        while True:
            outcome: Outcome
            if isinstance(action, Send):
                try:
                    outcome = await send(action.request)
                except TransportError as exc:
                    outcome = exc
                except Exception as exc:
                    outcome = _unmapped(exc)
            else:
                await sleep(action.seconds)
                outcome = None
            try:
                action = flow.send(outcome)
            except StopIteration as stop:
                result: R = stop.value
                return result
    finally:
        flow.close()


def _unmapped(exc: Exception) -> TransportError:
    failure = _UnmappedTransportFailure(f"{type(exc).__name__}: {exc}")
    failure.__cause__ = exc
    return failure


_DEFAULT_POLICY = RetryPolicy(max_retries=DEFAULT_MAX_RETRIES)


@dataclass(frozen=True, slots=True)
class CallConfig:
    """Everything a client hands the core once, so each call is one method call.

    Args:
        options: the validated client options.
        random: returns floats in ``[0, 1)``; the jitter source (``random.random``).
        new_idempotency_key: makes a fresh key (``lambda: str(uuid.uuid4())``).
        now: returns the Unix time, for HTTP-date ``Retry-After`` (``time.time``).
        policy: the retry policy, and so the one place a client's ``max_retries`` lives.
    """

    options: ClientOptions
    random: Callable[[], float]
    new_idempotency_key: Callable[[], str]
    now: Callable[[], float] | None = None
    policy: RetryPolicy = _DEFAULT_POLICY

    def replace(self, **changes: Any) -> CallConfig:
        """A copy with ``changes``."""
        return replace(self, **changes)

    def call(
        self,
        endpoint: Endpoint[P, R],
        payload: P,
        *,
        path: Mapping[str, object] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        idempotency_key: str | None = None,
    ) -> CallFlow[R]:
        """The flow of one typed call: ``payload`` goes where ``endpoint`` puts it.

        A ``None`` payload sends no query and no body.
        """
        # P is opaque here: the typed handle already tied it to the endpoint.
        data: Any = payload
        query: Any = None
        body: object = NO_BODY
        if data is not None:
            if endpoint.payload == "query":
                query = data
            else:
                body = data
        # Positional, straight to the flow's making: this runs on every call.
        return self._flow(endpoint, path, query, body, timeout, max_retries, idempotency_key, None)

    def flow(
        self,
        endpoint: Endpoint[Any, R],
        *,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        body: object = NO_BODY,
        timeout: float | None = None,
        max_retries: int | None = None,
        idempotency_key: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> CallFlow[R]:
        """Build the request now (raising on bad input) and return the call's flow."""
        return self._flow(
            endpoint, path_params, query, body, timeout, max_retries, idempotency_key, extra_headers
        )

    def _flow(  # noqa: PLR0917  # positional on purpose: it is on every call's path
        self,
        endpoint: Endpoint[Any, R],
        path_params: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        body: object,
        timeout: float | None,
        max_retries: int | None,
        idempotency_key: str | None,
        extra_headers: Mapping[str, str] | None,
    ) -> CallFlow[R]:
        policy = self.policy
        if timeout is not None:
            timeout = check_timeout(timeout)
        if max_retries is not None:
            policy = replace(policy, max_retries=check_max_retries(max_retries))
        request = build_request(
            self.options,
            endpoint,
            path_params=path_params,
            query=query,
            body=body,
            idempotency_key=idempotency_key,
            new_idempotency_key=self.new_idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return call_flow(request, endpoint, policy=policy, random=self.random, now=self.now)
