"""`AsyncH11Transport`: asyncio streams + h11, and under ``trio.run()`` trio's streams
(``_h11_trio.py``), with the rules of ``_h11.py``, whose request writer and answer parser it
shares. A module of its own so that the blocking `H11Transport` never imports asyncio.
"""

from __future__ import annotations

import asyncio
import ssl
import sys
from typing import TYPE_CHECKING, Any, cast

import h11

from poststack_proto import Request, Response

from . import _limits, _tls
from ._deadlines import PerLoopDeadlines, taken_back
from ._h11 import CONNECT as _CONNECT
from ._h11 import READ as _READ
from ._h11 import WRITE as _WRITE
from ._h11 import Origin as _Origin
from ._h11 import head as _head
from ._h11 import neutral as _neutral
from ._h11 import readable as _readable
from ._h11 import response_parser as _response
from ._h11 import split as _split
from ._pools import PerLoop

if TYPE_CHECKING:
    from ._h11_trio import TrioH11

__all__ = ["AsyncH11Transport"]

_Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]
_Pool = dict[str, list[_Stream]]


class AsyncH11Transport:
    """Async transport over asyncio streams + h11; under ``trio.run()``, over trio's
    streams (`_h11_trio`), with the same rules.

    Args:
        verify: as for `H11Transport`.
        max_connections: idle connections kept for reuse.
        max_response_bytes: as for `H11Transport`.
    """

    def __init__(
        self,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_response_bytes: int = _limits.MAX_RESPONSE_BYTES,
    ) -> None:
        self._verify = _tls.check(verify)
        self._context: ssl.SSLContext | None = None
        self._origins: dict[str, _Origin] = {}
        # Streams belong to the loop that opened them: one pool per loop (see PerLoop).
        self._pools: PerLoop[_Pool] = PerLoop(dict, _close_pool)
        self._max_idle = max_connections
        self._cap = _limits.check_cap(max_response_bytes)
        self._trio: TrioH11 | None = None  # made on the first send under trio
        self._deadlines = PerLoopDeadlines()

    def _on_trio(self) -> TrioH11:
        if self._trio is None:
            from ._h11_trio import TrioH11  # noqa: PLC0415 - trio is imported only if used

            self._trio = TrioH11(self._verify, self._max_idle, self._cap)
        return self._trio

    @staticmethod
    def _checkout(pool: _Pool, origin: str) -> _Stream | None:
        idle = pool.get(origin)
        while idle:
            reader, writer = stream = idle.pop()
            # The loop may not have run since the server hung up: ask the socket as well.
            # Bytes the loop has already read sit in the reader's buffer (no public API).
            sock = writer.get_extra_info("socket")
            if not (
                reader.at_eof()
                or writer.is_closing()
                or getattr(reader, "_buffer", None)
                or _readable(sock.fileno())
            ):
                return stream
            writer.close()  # the server hung up while it idled (or sent junk): replace it
        return None

    async def _connect(self, parsed: _Origin) -> _Stream:
        host, port, _, tls = parsed
        context = None
        if tls:
            if self._context is None:
                self._context = _tls.context(self._verify)
            context = self._context
        try:
            reader, writer = await asyncio.open_connection(
                host, port, ssl=context, server_hostname=host if tls else None
            )
        except (OSError, h11.ProtocolError) as exc:
            raise _neutral(exc, _CONNECT) from exc
        return reader, writer

    async def send(self, request: Request) -> Response:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no asyncio loop: trio
            return await self._on_trio().send(request)
        pool = self._pools.get()
        if pool is None:
            pool = await self._pools.renew()
        deadlines = self._deadlines.of(loop)
        task = cast("asyncio.Task[Any]", asyncio.current_task())
        cancelling = 0
        if sys.version_info >= (3, 11):
            cancelling = task.cancelling()
        # One deadline bounds the whole attempt, connecting included (see _deadlines).
        entry = deadlines.arm(loop, request.timeout, task)
        phase = _CONNECT
        origin, parsed, target = _split(request.url, self._origins)
        try:
            stream = self._checkout(pool, origin) or await self._connect(parsed)
            phase = _READ
            try:
                response, reusable = await _exchange(stream, request, target, parsed[2], self._cap)
            except BaseException:
                # Failed, timed out or cancelled mid-flight: never pool it, and close it now.
                # close() would first wait for a TLS close_notify from a server that may
                # be the reason we gave up (asyncio waits up to 30 s, past a short-lived
                # loop's end, and the socket is then left for the garbage collector).
                stream[1].transport.abort()
                raise
        except asyncio.CancelledError as exc:
            if entry[3] and taken_back(task, cancelling):  # the deadline's, not from outside
                raise _neutral(TimeoutError(), phase) from exc
            raise
        finally:
            if entry[2] is not None:
                deadlines.disarm(entry)
        if entry[3]:  # fired as the answer completed: nothing was left to cancel
            taken_back(task, cancelling)
        if reusable and len(idle := pool.setdefault(origin, [])) < self._max_idle:
            idle.append(stream)
        else:
            stream[1].close()
        return response

    async def sleep(self, seconds: float) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            import trio  # noqa: PLC0415 - only under trio

            await trio.sleep(seconds)
        else:
            await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        """Close this loop's idle connections (see `PerLoop.aclose`); the transport stays
        usable."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            if self._trio is not None:
                await self._trio.aclose()
            return
        await self._pools.aclose()


async def _close_pool(pool: _Pool) -> None:
    idle = list(pool.values())
    pool.clear()
    for streams in idle:
        for _, writer in streams:
            writer.close()


async def _exchange(
    stream: _Stream, request: Request, target: str, host: str, cap: int
) -> tuple[Response, bool]:
    reader, writer = stream
    phase = _WRITE
    try:
        writer.write(_head(request, target, host) + request.body)
        await writer.drain()
        phase = _READ
        parser = _response(request.method, cap)
        next(parser)
        while True:
            parser.send(await reader.read(65536))
    except StopIteration as done:
        result: tuple[Response, bool] = done.value
        return result
    except (OSError, h11.ProtocolError) as exc:
        raise _neutral(exc, phase) from exc
