"""Running a sandbox: :class:`AsyncSandbox` on the caller's event loop, :class:`Sandbox` on a
private loop in a background thread (for synchronous tests and examples).

Both bind one listening socket (127.0.0.1 and a free port by default) through a site that counts
accepted TCP connections, so tests can prove connection reuse. State-changing methods of
``Sandbox`` run on the server's loop (``run_coroutine_threadsafe``), so the store, the timers and
the webhook dispatcher are only ever touched from that loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from ._app import build_app
from ._auth import Permission
from ._control import clear_emails, simulate_event
from ._emails import email_detail
from ._inbound import inject
from ._state import (
    DEFAULT_DELIVERY_DELAY,
    DEFAULT_TIME_SCALE,
    SandboxState,
    Settings,
)

__all__ = ["AsyncSandbox", "Sandbox"]

T = TypeVar("T")
_UNSET: Any = object()


class _CountingSite(web.BaseSite):
    """A TCP site on a pre-bound socket that reports every accepted connection."""

    def __init__(
        self, runner: web.BaseRunner, sock: socket.socket, on_connection: Callable[[], None]
    ) -> None:
        super().__init__(runner)
        self._sock = sock
        self._on_connection = on_connection
        host, port = sock.getsockname()[:2]
        self._name = f"http://{host}:{port}"

    @property
    def name(self) -> str:
        return self._name

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None

        def protocol() -> asyncio.Protocol:
            self._on_connection()
            return server()

        self._server = await asyncio.get_running_loop().create_server(protocol, sock=self._sock)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


class AsyncSandbox:
    """A PostStack API emulator served on the running event loop.

    ``async with AsyncSandbox() as sb:`` starts it on ``sb.url``; options as for :class:`Sandbox`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | None = None,
        keys: Mapping[str, Permission] | Iterable[str] | None = None,
        rate_limit_per_second: float | None = None,
        monthly_quota: int | None = None,
        delivery_delay: float = DEFAULT_DELIVERY_DELAY,
        domains: Iterable[str] = (),
        time_scale: float = DEFAULT_TIME_SCALE,
    ) -> None:
        self._host, self._port = host, port
        self.state = SandboxState(
            db=db,
            keys=keys,
            rate_limit_per_second=rate_limit_per_second,
            monthly_quota=monthly_quota,
            delivery_delay=delivery_delay,
            domains=domains,
            time_scale=time_scale,
        )
        self._runner: web.AppRunner | None = None
        self._sock: socket.socket | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` of the running sandbox (no trailing slash)."""
        if self._url is None:
            raise RuntimeError("the sandbox is not running")
        return self._url

    @property
    def api_key(self) -> str:
        """A key the sandbox accepts: a fresh ``sk_test_…`` key, or with ``keys=`` the first
        ``full_access`` one (the first key when none has full access)."""
        return self.state.api_key

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("the sandbox is already running")
        sock = _bind(self._host, self._port)
        runner = web.AppRunner(
            build_app(self.state), access_log=None, shutdown_timeout=1.0, handle_signals=False
        )
        try:
            await runner.setup()
            site = _CountingSite(runner, sock, self.state.count_connection)
            await site.start()
        except BaseException:
            await runner.cleanup()
            sock.close()
            raise
        host, port = sock.getsockname()[:2]
        self._url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        self._runner, self._sock = runner, sock

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        sock, self._sock = self._sock, None
        if runner is not None:
            if sock is not None:
                # Stop accepting first, then let connections already accepted finish attaching:
                # on Python 3.11, one accepted in the same loop turn as the listener closes
                # fails to attach and its socket leaks.
                with contextlib.suppress(NotImplementedError, ValueError, OSError):
                    asyncio.get_running_loop().remove_reader(sock)
                for _ in range(3):
                    await asyncio.sleep(0)
            await runner.cleanup()
        self._url = None

    def close(self) -> None:
        """Release the database (after :meth:`stop`)."""
        self.state.store.close()

    async def __aenter__(self) -> AsyncSandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
        self.close()

    # The control operations; on this loop they are plain calls.

    def add_fault(self, method: str, path: str, outcomes: Sequence[Mapping[str, Any]]) -> int:
        """Script outcomes for ``METHOD path`` (see ``docs/sandbox.md``); returns the fault id."""
        return self.state.faults.add(method, path, outcomes)

    def clear_faults(self) -> None:
        self.state.faults.clear()

    def faults(self) -> list[dict[str, Any]]:
        return self.state.faults.snapshot()

    def emails(self) -> list[dict[str, Any]]:
        """Every stored email, oldest first, in the API's ``GET /emails/:id`` shape."""
        return [email_detail(doc) for doc in self.state.store.all("emails")]

    def clear_emails(self) -> None:
        clear_emails(self.state)

    def reset(self) -> None:
        """Forget all stored resources, faults, idempotency keys and counters."""
        self.state.reset()

    def stats(self) -> dict[str, int]:
        """``{"connections": accepted TCP connections, "requests": API requests}``."""
        return self.state.stats()

    def configure(
        self,
        *,
        rate_limit_per_second: float | None = _UNSET,
        monthly_quota: int | None = _UNSET,
        delivery_delay: float = _UNSET,
        time_scale: float = _UNSET,
    ) -> Settings:
        """Change limits at run time; omitted options keep their value."""
        changes = {
            "rate_limit_per_second": rate_limit_per_second,
            "monthly_quota": monthly_quota,
            "delivery_delay": delivery_delay,
            "time_scale": time_scale,
        }
        return self.state.configure(**{k: v for k, v in changes.items() if v is not _UNSET})

    def simulate_event(
        self,
        email_id: str,
        event_type: str,
        *,
        metadata: dict[str, Any] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Append an event (``opened``, ``clicked``, ``bounced``…) to email ``em_…`` and fire
        its webhooks; ``fields`` are event columns such as ``geoCountry="DE"``."""
        return simulate_event(self.state, email_id, event_type, metadata, fields)

    def add_domain(self, name: str) -> dict[str, Any]:
        """Pre-register ``name`` as a verified sending domain (kept across ``reset()``)."""
        return self.state.register_domain(name)

    def inject_inbound(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Store a received message as an inbound email and fire ``email.inbound`` webhooks.

        Raises:
            ValueError: a malformed message (nothing is stored).
        """
        return inject(self.state, dict(message))

    async def drain_webhooks(self) -> None:
        """Wait until every webhook delivery started so far has finished."""
        if self.state.webhooks is not None:
            await self.state.webhooks.drain()


class Sandbox:
    """A PostStack API emulator in a background thread, for synchronous code.

    ``with Sandbox() as sb:`` serves on a free loopback port; ``sb.url`` and ``sb.api_key`` are
    ready inside the block, and leaving it stops the server and joins the thread.

    Args:
        host: interface to bind (loopback by default; the sandbox has no real security).
        port: TCP port, 0 for a free one.
        db: SQLite file to keep state in; in memory when ``None``.
        keys: accept only these keys — a list (full access each) or ``{key: permission}`` with
            permission ``"full_access"`` or ``"sending_access"``. Default: any well-formed key.
        rate_limit_per_second: requests per second per key before 429 ``rate_limit_exceeded``.
        monthly_quota: emails accepted before 429 ``monthly_limit_exceeded``.
        delivery_delay: seconds between the simulated queued → sent → delivered steps (the send
            is answered before ``sent``); ``0`` delivers before the send is answered.
        domains: sending domains to pre-register as verified (kept across ``reset()``); a send
            from any other domain is refused with 422 "Domain not verified", as on the service.
        time_scale: factor applied to the service's long waits: webhook retry backoff (1 min,
            5 min, 30 min, …) and workflow ``wait`` nodes; the default 0.001 makes the first
            retry come after 60 ms and a one-hour wait last 3.6 s.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | None = None,
        keys: Mapping[str, Permission] | Iterable[str] | None = None,
        rate_limit_per_second: float | None = None,
        monthly_quota: int | None = None,
        delivery_delay: float = DEFAULT_DELIVERY_DELAY,
        domains: Iterable[str] = (),
        time_scale: float = DEFAULT_TIME_SCALE,
    ) -> None:
        self._inner = AsyncSandbox(
            host=host,
            port=port,
            db=db,
            keys=keys,
            rate_limit_per_second=rate_limit_per_second,
            monthly_quota=monthly_quota,
            delivery_delay=delivery_delay,
            domains=domains,
            time_scale=time_scale,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self._inner.url

    @property
    def api_key(self) -> str:
        return self._inner.api_key

    def start(self) -> Sandbox:
        if self._thread is not None:
            raise RuntimeError("the sandbox is already running")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=self._serve, args=(loop,), name="poststack-sandbox", daemon=True
        )
        self._loop, self._thread = loop, thread
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._inner.start(), loop).result(timeout=30)
        except BaseException:
            self._halt()
            self._inner.close()
            raise
        return self

    @staticmethod
    def _serve(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    def _halt(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
        self._loop = self._thread = None

    def stop(self) -> None:
        """Stop serving, join the thread, release the database. Idempotent."""
        if self._loop is not None:
            try:
                asyncio.run_coroutine_threadsafe(self._inner.stop(), self._loop).result(timeout=30)
            finally:
                self._halt()
                self._inner.close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _on_loop(self, call: Callable[[], T]) -> T:
        """Run ``call`` on the server's loop (or directly when not running) and return its value."""
        loop = self._loop
        if loop is None:
            return call()

        async def run() -> T:
            return call()

        return asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=30)

    def add_fault(self, method: str, path: str, outcomes: Sequence[Mapping[str, Any]]) -> int:
        """Script outcomes for ``METHOD path``, consumed one per matching request, in order.

        Raises:
            ValueError: a malformed outcome (nothing is registered).
        """
        return self._inner.add_fault(method, path, outcomes)

    def clear_faults(self) -> None:
        self._inner.clear_faults()

    def faults(self) -> list[dict[str, Any]]:
        """Pending faults with their remaining outcomes."""
        return self._inner.faults()

    def emails(self) -> list[dict[str, Any]]:
        """Every stored email, oldest first, in the API's ``GET /emails/:id`` shape."""
        return self._on_loop(self._inner.emails)

    def clear_emails(self) -> None:
        self._on_loop(self._inner.clear_emails)

    def reset(self) -> None:
        """Forget all stored resources, faults, idempotency keys and counters (not settings)."""
        self._on_loop(self._inner.reset)

    def stats(self) -> dict[str, int]:
        """``{"connections": accepted TCP connections, "requests": API requests}``."""
        return self._inner.stats()

    def configure(
        self,
        *,
        rate_limit_per_second: float | None = _UNSET,
        monthly_quota: int | None = _UNSET,
        delivery_delay: float = _UNSET,
        time_scale: float = _UNSET,
    ) -> Settings:
        """Change limits at run time; omitted options keep their value."""
        return self._on_loop(
            lambda: self._inner.configure(
                rate_limit_per_second=rate_limit_per_second,
                monthly_quota=monthly_quota,
                delivery_delay=delivery_delay,
                time_scale=time_scale,
            )
        )

    def add_domain(self, name: str) -> dict[str, Any]:
        """Pre-register ``name`` as a verified sending domain (kept across ``reset()``)."""
        return self._on_loop(lambda: self._inner.add_domain(name))

    def inject_inbound(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Store a received message as an inbound email and fire ``email.inbound`` webhooks.

        ``message``: ``from``, ``to`` and optional ``cc``, ``subject``, ``html``, ``text``,
        ``headers``, ``message_id``, ``attachments`` (``{"filename", "content"`` (base64)``,
        "content_type"}``). Returns the stored inbound email (``GET /inbound/:id`` shape).

        Raises:
            ValueError: a malformed message (nothing is stored).
        """
        return self._on_loop(lambda: self._inner.inject_inbound(message))

    def simulate_event(
        self,
        email_id: str,
        event_type: str,
        *,
        metadata: dict[str, Any] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Append an event (``opened``, ``bounced``…) to email ``em_…`` and fire its webhooks."""
        return self._on_loop(
            lambda: self._inner.simulate_event(email_id, event_type, metadata=metadata, **fields)
        )

    def drain_webhooks(self, timeout: float = 10.0) -> None:
        """Block until every webhook delivery started so far has finished."""
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._inner.drain_webhooks(), self._loop).result(
                timeout
            )
