"""The whole-attempt deadline of the blocking transports (requests, h11 over ``socket``).

A socket's own timeout bounds each operation, not the attempt: a server dripping a byte
at a time never trips it, and setting it before every read costs system calls on every
send (CPython polls before each operation on a socket that has one). `Watchdog` ends what
outlives its attempt instead: at the deadline it shuts the socket down (this process's
own connection, and dead to us by then), which ends a blocked read or write at once. One
daemon thread per process, started by the first attempt that needs it and gone after 30
idle seconds; it wakes only for deadlines, never per send.

    entry = watchdog.arm(deadline_at, sock)    # time.monotonic() based
    try:
        ...  # write, read
    finally:
        fired = watchdog.disarm(entry)          # True: the socket was shut down; never reuse it
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import math
import socket
import ssl
import threading
import time
from typing import Any

from ._pools import fork_lock, generation

__all__ = ["Watchdog", "watchdog"]

_sequence = itertools.count()


class Watchdog:
    """Shuts sockets down at their attempts' deadlines (see the module docstring)."""

    def __init__(self) -> None:
        # A plain lock under the condition: `arm` and `disarm` take it directly (in C),
        # which costs a send less than ``with condition:`` (two Python-level calls).
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        # [deadline, sequence number (never compares sockets), socket or None once ended, fired]
        self._heap: list[list[Any]] = []
        self._running = False
        self._wakes_at = math.inf  # when the thread wakes next by itself
        self._generation = generation()

    def arm(self, at: float, sock: socket.socket) -> list[Any]:
        """Watch ``sock`` until `disarm`; at ``at`` (``time.monotonic()``) it is shut down."""
        entry: list[Any] = [at, next(_sequence), sock, False]
        if self._generation != generation():
            self._after_fork()
        with self._lock:
            heap = self._heap
            while heap and heap[0][2] is None:  # ended attempts: dropped here, not by a wake-up
                heapq.heappop(heap)
            heapq.heappush(heap, entry)
            if not self._running:
                self._running = True
                self._wakes_at = math.inf
                threading.Thread(target=self._run, name="poststack-watchdog", daemon=True).start()
            elif at < self._wakes_at:
                # Wake the thread only when it must wake sooner than it will by itself: a
                # deadline is most often later than one already waited for, and a wake-up
                # per send would be a thread switch per send.
                self._cond.notify()
        return entry

    def disarm(self, entry: list[Any]) -> bool:
        """End the watch; whether the deadline came first (then the socket is shut down,
        or being shut down: it must not be reused)."""
        with self._lock:
            entry[2] = None
            fired: bool = entry[3]
        return fired

    def _after_fork(self) -> None:
        # Forked: the thread is the parent's, and so may be the condition's lock (held by
        # that thread or a sending one at the fork, it would stay held for ever here).
        with fork_lock():
            if self._generation != generation():
                self._lock = threading.Lock()
                self._cond = threading.Condition(self._lock)
                self._heap, self._running, self._wakes_at = [], False, math.inf
                self._generation = generation()

    def _run(self) -> None:
        with self._cond:
            while True:
                heap = self._heap
                while heap and heap[0][2] is None:
                    heapq.heappop(heap)
                if not heap:
                    self._wakes_at = math.inf
                    self._cond.wait(30.0)
                    if not self._heap:
                        self._running = False
                        return
                    continue
                self._wakes_at = heap[0][0]
                wait = self._wakes_at - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                entry = heapq.heappop(heap)
                sock: socket.socket = entry[2]
                entry[2], entry[3] = None, True
                # Under the lock: once `disarm` has seen the entry fired, the socket is
                # shut down, so the attempt that owned it never pools it half-closed.
                with contextlib.suppress(OSError):
                    if isinstance(sock, ssl.SSLSocket):
                        # The descriptor itself: SSLSocket.shutdown() would also drop its
                        # TLS object under the thread that is reading through it.
                        socket.socket.shutdown(sock, socket.SHUT_RDWR)
                    else:
                        sock.shutdown(socket.SHUT_RDWR)


watchdog = Watchdog()
