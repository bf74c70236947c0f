"""`Watchdog`, the whole-attempt deadline of the blocking transports, on real sockets:
it shuts a socket down at its deadline (ending a blocked read at once), says so to the
attempt that owned it, and leaves alone what was disarmed in time."""

from __future__ import annotations

import socket
import threading
import time

from poststack_transports._watchdog import Watchdog


def test_a_blocked_read_ends_at_the_deadline_and_disarm_says_so() -> None:
    watchdog = Watchdog()
    ours, theirs = socket.socketpair()
    with ours, theirs:
        started = time.monotonic()
        entry = watchdog.arm(started + 0.2, ours)
        assert ours.recv(1) == b""  # the peer never writes: only the watchdog ends this
        assert time.monotonic() - started >= 0.2
        assert watchdog.disarm(entry) is True


def test_a_socket_disarmed_in_time_is_left_alone() -> None:
    watchdog = Watchdog()
    ours, theirs = socket.socketpair()
    with ours, theirs:
        entry = watchdog.arm(time.monotonic() + 0.1, ours)
        assert watchdog.disarm(entry) is False
        time.sleep(0.3)  # past the deadline that no longer applies
        theirs.sendall(b"still open")
        assert ours.recv(64) == b"still open"


def test_a_sooner_deadline_wakes_the_thread_that_waits_for_a_later_one() -> None:
    watchdog = Watchdog()
    late, late_peer = socket.socketpair()
    soon, soon_peer = socket.socketpair()
    with late, late_peer, soon, soon_peer:
        late_entry = watchdog.arm(time.monotonic() + 60, late)
        started = time.monotonic()
        soon_entry = watchdog.arm(started + 0.2, soon)
        ended = threading.Event()

        def read() -> None:
            soon.recv(1)
            ended.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert ended.wait(5), "the sooner deadline was not kept"
        reader.join(5)
        assert watchdog.disarm(soon_entry) is True
        assert watchdog.disarm(late_entry) is False
