"""`AsyncH11Transport` under trio: trio's streams, the same h11 parsing, the same rules.

Imported only when an `AsyncH11Transport` is first used inside ``trio.run()``. Rules as in
`_h11`: one timeout for the whole attempt, capped bodies, 1xx skipped, a connection goes
back to the pool only after a complete answer with nothing after it, an idle connection
that became readable is discarded before reuse. Pools belong to one trio run (keyed
weakly by its `TrioToken`) and one process; each run closes its own pool as it ends (trio
finalises the async generator that holds it), and a forked child never touches its
parent's.
"""

from __future__ import annotations

import ssl
import weakref
from collections.abc import AsyncGenerator
from typing import cast

import h11
import trio

from poststack_proto import ReadTimeout, Request, Response

from . import _tls
from ._h11 import CONNECT as _CONNECT
from ._h11 import READ as _READ
from ._h11 import WRITE as _WRITE
from ._h11 import Origin as _Origin
from ._h11 import head as _head
from ._h11 import neutral as _neutral
from ._h11 import readable as _readable
from ._h11 import response_parser as _response
from ._h11 import split as _split
from ._pools import generation

__all__ = ["TrioH11"]

_Pool = dict[str, list[trio.abc.Stream]]
_FAILURES = (OSError, trio.BrokenResourceError, trio.ClosedResourceError, h11.ProtocolError)


def _socket_of(stream: trio.abc.Stream) -> trio.socket.SocketType | None:
    while isinstance(stream, trio.SSLStream):
        stream = cast("trio.abc.Stream", stream.transport_stream)
    return stream.socket if isinstance(stream, trio.SocketStream) else None


def _unwrap(exc: BaseException) -> BaseException:
    # trio wraps the OSError / SSLError of a broken stream in BrokenResourceError.
    if isinstance(exc, trio.BrokenResourceError) and exc.__cause__ is not None:
        return exc.__cause__
    return exc


class _RunPool:
    __slots__ = ("closer", "idle")

    def __init__(self) -> None:
        self.idle: _Pool = {}
        self.closer: AsyncGenerator[None, None] | None = None


class TrioH11:
    """The trio half of `AsyncH11Transport` (same options, same pool rules)."""

    def __init__(self, verify: _tls.Verify, max_connections: int, cap: int) -> None:
        self._verify = verify
        self._context: ssl.SSLContext | None = None
        self._origins: dict[str, _Origin] = {}
        self._max_idle = max_connections
        self._cap = cap
        self._pools: weakref.WeakKeyDictionary[trio.lowlevel.TrioToken, _RunPool] = (
            weakref.WeakKeyDictionary()
        )
        self._generation = generation()

    async def _pool(self) -> _RunPool:
        if self._generation != generation():  # forked: the parent's, kept untouched
            _inherited.append(self._pools)
            self._pools, self._generation = weakref.WeakKeyDictionary(), generation()
        token = trio.lowlevel.current_trio_token()
        pool = self._pools.get(token)
        if pool is None:
            pool = self._pools[token] = _RunPool()
            pool.closer = _close_at_run_end(pool)
            await pool.closer.__anext__()  # trio finalises it as the run ends
        return pool

    async def _checkout(self, pool: _RunPool, origin: str) -> trio.abc.Stream | None:
        idle = pool.idle.get(origin)
        while idle:
            stream = idle.pop()
            sock = _socket_of(stream)
            if sock is not None and not _readable(sock.fileno()):
                return stream
            await trio.aclose_forcefully(stream)  # hung up while idle, or sent junk
        return None

    async def _connect(self, parsed: _Origin) -> trio.abc.Stream:
        host, port, _, tls = parsed
        stream: trio.abc.Stream = await trio.open_tcp_stream(host, port)
        if tls:
            if self._context is None:
                self._context = _tls.context(self._verify)
            secured = trio.SSLStream(stream, self._context, server_hostname=host)
            await secured.do_handshake()
            stream = secured
        return stream

    async def send(self, request: Request) -> Response:
        pool = await self._pool()
        origin, parsed, target = _split(request.url, self._origins)
        phase = _CONNECT
        stream: trio.abc.Stream | None = None
        try:
            with trio.fail_after(request.timeout):  # the whole attempt
                stream = await self._checkout(pool, origin) or await self._connect(parsed)
                phase = _WRITE
                await stream.send_all(_head(request, target, parsed[2]) + request.body)
                phase = _READ
                parser = _response(request.method, self._cap)
                next(parser)
                while True:
                    parser.send(bytes(await stream.receive_some(65536)))
        except StopIteration as done:
            result: tuple[Response, bool] = done.value
            response, reusable = result
        except trio.TooSlowError as exc:
            if stream is not None:
                await trio.aclose_forcefully(stream)
            if phase == _CONNECT:
                raise _neutral(TimeoutError("connecting timed out"), _CONNECT) from exc
            raise ReadTimeout("the attempt's timeout ran out before its answer was whole") from exc
        except (
            OSError,
            trio.BrokenResourceError,
            trio.ClosedResourceError,
            h11.ProtocolError,
        ) as exc:
            if stream is not None:
                await trio.aclose_forcefully(stream)
            raise _neutral(_unwrap(exc), phase) from exc
        except BaseException:
            if stream is not None:
                await trio.aclose_forcefully(stream)  # cancelled or failed: never pool it
            raise
        assert stream is not None  # the answer came over it
        idle = pool.idle.setdefault(origin, [])
        if reusable and len(idle) < self._max_idle:
            idle.append(stream)
        else:
            await trio.aclose_forcefully(stream)
        return response

    async def aclose(self) -> None:
        if self._generation != generation():
            return  # the parent's pools: never touched here
        try:
            token = trio.lowlevel.current_trio_token()
        except RuntimeError:  # pragma: no cover - not inside trio.run
            return
        pool = self._pools.pop(token, None)
        if pool is not None and pool.closer is not None:
            await pool.closer.aclose()


_inherited: list[object] = []


async def _close_at_run_end(pool: _RunPool) -> AsyncGenerator[None, None]:
    made_in = generation()
    try:
        yield
    finally:
        idle, pool.idle = pool.idle, {}
        if made_in == generation():
            for streams in idle.values():
                for stream in streams:
                    await trio.aclose_forcefully(stream)
