"""What the sync and async clients share that is not generated: defaults, environment,
transport choice, and the resource base classes.

`poststack/_async/` is the one hand-written copy of the client and resource layers;
`poststack/_sync/` is generated from it by ``scripts/unasync.py`` (CI fails on drift).
Names here come in ``async_``/``sync_`` pairs so the generator can swap them.
"""

from __future__ import annotations

import inspect
import os
import random
import sys
import time
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Generic, TypeVar, overload

from poststack_proto import (
    DEFAULT_BASE_URL,
    AsyncTransport,
    CallConfig,
    ClientOptions,
    RetryPolicy,
    Transport,
    check_max_retries,
    import_attribute,
)
from poststack_proto._options import NO_TIMEOUT
from poststack_transports import make_async_transport, make_sync_transport

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "NOT_GIVEN",
    "LazyResource",
    "NotGiven",
    "TRANSPORT_HOOKS",
    "async_keeper_of",
    "async_sleep_of",
    "make_call_config",
    "resolve_async_transport",
    "resolve_sync_transport",
    "sync_keeper_of",
    "retry_policy_of",
    "sync_sleep_of",
]

# poststack.testing's outbox puts a factory here (called with "sync" or "async") so that
# clients made without transport= record instead of sending. Empty outside tests.
TRANSPORT_HOOKS: list[Callable[[str], Any]] = []

API_KEY_ENV = "POSTSTACK_API_KEY"
BASE_URL_ENV = "POSTSTACK_BASE_URL"


class NotGiven:
    """Sentinel for "argument not given", where ``None`` would mean something."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


class _IdempotencyKeys:
    """Fresh random UUID4 strings for ``Idempotency-Key``, as ``str(uuid.uuid4())`` makes,
    64 from each ``os.urandom`` read: a key is made for every POST, and one read for 64
    takes a system call off almost every send.

    Keys made and not yet used are dropped in a forked child, which would otherwise send
    the same keys as its parent (gunicorn ``--preload``, Celery prefork). Threads take
    keys with ``deque.popleft()``, which never hands one key to two callers.
    """

    __slots__ = ("_ready",)
    BATCH = 64

    def __init__(self) -> None:
        self._ready: deque[str] = deque()
        if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork()
            os.register_at_fork(after_in_child=self._ready.clear)

    def __call__(self) -> str:
        try:
            return self._ready.popleft()
        except IndexError:
            pass
        raw = bytearray(os.urandom(16 * self.BATCH))
        raw[6::16] = raw[6::16].translate(_VERSION_4)
        raw[8::16] = raw[8::16].translate(_RFC_4122_VARIANT)
        h = raw.hex()
        keys = [
            f"{h[at : at + 8]}-{h[at + 8 : at + 12]}-{h[at + 12 : at + 16]}-"
            f"{h[at + 16 : at + 20]}-{h[at + 20 : at + 32]}"
            for at in range(0, len(h), 32)
        ]
        self._ready.extend(keys[1:])
        return keys[0]


# Byte 6 of a UUID4 carries the version (0100 in its high nibble), byte 8 the variant
# (10 in its two high bits): a table for each, applied to every key's byte at once.
_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_RFC_4122_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


_new_idempotency_key = _IdempotencyKeys()


def make_call_config(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
    allow_insecure_http: bool,
    retry_policy: RetryPolicy | None = None,
) -> CallConfig:
    """Validated options for a new client, with the environment as fallback."""
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV) or None
    if api_key is None:
        raise ValueError(
            f"No PostStack API key: pass api_key='sk_live_...' or set the {API_KEY_ENV} "
            "environment variable"
        )
    if base_url is None:
        base_url = os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    options = ClientOptions(
        api_key=api_key,
        base_url=base_url,
        timeout=NO_TIMEOUT if timeout is None else timeout,  # None: no timeout, as officially
        default_headers=tuple((default_headers or {}).items()),
        allow_insecure_http=allow_insecure_http,
    )
    return CallConfig(
        options,
        random=random.random,
        new_idempotency_key=_new_idempotency_key,
        now=time.time,
        policy=retry_policy_of(retry_policy or RetryPolicy(), max_retries),
    )


def retry_policy_of(policy: RetryPolicy, max_retries: int) -> RetryPolicy:
    """``policy``'s timings with the client's ``max_retries`` (its own argument decides)."""
    max_retries = check_max_retries(max_retries)
    if policy.max_retries == max_retries:
        return policy
    return replace(policy, max_retries=max_retries)


def resolve_sync_transport(transport: Transport | str | None) -> tuple[Transport, bool]:
    """The transport to use and whether the client owns (so closes) it."""
    if transport is None and TRANSPORT_HOOKS:
        return TRANSPORT_HOOKS[-1]("sync"), False
    if transport is None:
        return make_sync_transport("httpx"), True
    if isinstance(transport, str):
        return make_sync_transport(transport), True
    if not callable(getattr(transport, "send", None)):
        raise TypeError(
            "transport must be a name or an object with send(request); "
            f"got {type(transport).__name__}"
        )
    return transport, False


def resolve_async_transport(
    transport: AsyncTransport | str | None,
) -> tuple[AsyncTransport, bool]:
    """The async transport to use and whether the client owns (so closes) it."""
    if transport is None and TRANSPORT_HOOKS:
        return TRANSPORT_HOOKS[-1]("async"), False
    if transport is None:
        return make_async_transport("httpx"), True
    if isinstance(transport, str):
        return make_async_transport(transport), True
    if not callable(getattr(transport, "send", None)):
        raise TypeError(
            f"transport must be a name or an object with async send(request); "
            f"got {type(transport).__name__}"
        )
    return transport, False


def sync_sleep_of(transport: Transport) -> Any:
    """Blocking clients sleep with `time.sleep` (looked up at each wait, so a test's patch of
    ``time.sleep`` works on clients built earlier), unless the transport brings its own blocking
    ``sleep`` (test transports do, so scripted retries cost no real time)."""
    own = getattr(transport, "sleep", None)
    return own if callable(own) and not inspect.iscoroutinefunction(own) else _blocking_sleep


def async_sleep_of(transport: AsyncTransport) -> Any:
    """Our transports sleep on the running event loop; another transport through its own
    ``sleep`` (a test double's may return at once)."""
    if type(transport).__module__.startswith("poststack_transports."):
        return _event_loop_sleep
    return transport.sleep


# Both sleeps look the function up at each retry, not when the client is built, so a
# test's ``monkeypatch.setattr(time, "sleep", ...)`` (or ``asyncio.sleep``, ``trio.sleep``)
# makes retries instant, or records them, for clients made before the patch too.
def _blocking_sleep(seconds: float) -> None:
    time.sleep(seconds)


async def _event_loop_sleep(seconds: float) -> None:
    # Whichever library runs this coroutine is already imported: no import here.
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and _in_asyncio(asyncio):
        await asyncio.sleep(seconds)
        return
    trio = sys.modules.get("trio")
    if trio is None:
        raise RuntimeError("no asyncio or trio event loop is running")
    await trio.sleep(seconds)


def _in_asyncio(asyncio: Any) -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class _Keeper:
    """Held by every call object of a client and its copies; when the last is gone, the
    transport the client made itself is closed (`weakref.finalize`)."""

    __slots__ = ("__weakref__",)


def sync_keeper_of(transport: Transport) -> object:
    """A keeper that closes ``transport`` once no client, copy or resource can use it.

    A client dropped without ``close()`` so frees its sockets at once (nothing refers back
    to a client, so it needs no cyclic garbage collection to go).
    """
    keeper = _Keeper()
    # Not at exit: an atexit handler of the user's may still send, and the process is
    # ending anyway.
    weakref.finalize(keeper, transport.close).atexit = False
    return keeper


def async_keeper_of(transport: AsyncTransport) -> object:
    """No keeper: an async pool cannot be closed from a finalizer, which may run on another
    thread or after its loop. Once nothing refers to the transport its per-loop pools are
    dropped, and each is closed by its own loop (see `poststack_transports._loop`)."""
    return None


R = TypeVar("R")


class LazyResource(Generic[R]):
    """A client's resource (``ps.domains``...), made, and its module imported, on first use.

    A program that sends email and never lists domains never loads the domains layer or
    its types: ``import`` stays cheap. The resource is then stored on the client, so
    later lookups are a plain attribute read.

    Args:
        module: the resource's module, relative to the client's package (``".domains"``).
        class_name: the resource class in it.
    """

    __slots__ = ("_attribute", "_class_name", "_module", "_package")

    def __init__(self, module: str, class_name: str) -> None:
        self._module = module
        self._class_name = class_name
        self._attribute = ""
        self._package = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._attribute = name
        self._package = owner.__module__.rpartition(".")[0]

    @property
    def resource_class(self) -> type[R]:
        """The resource's class (importing its module)."""
        resource_class: type[R] = import_attribute(self._module, self._package, self._class_name)
        return resource_class

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> LazyResource[R]: ...

    @overload
    def __get__(self, instance: object, owner: type[Any]) -> R: ...

    def __get__(self, instance: Any, owner: type[Any]) -> LazyResource[R] | R:
        if instance is None:
            return self
        make: Any = self.resource_class
        resource: R = make(instance._call)
        instance.__dict__[self._attribute] = resource
        return resource
