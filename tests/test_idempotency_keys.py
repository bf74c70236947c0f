"""The keys a client makes for ``Idempotency-Key``: random UUID4s, never one key twice,
whether across threads or across a ``fork()`` (they are made 64 at a time, so a child
must not inherit the ones its parent has not used yet)."""

from __future__ import annotations

import os
import threading
import uuid

import pytest

from poststack._base import _IdempotencyKeys  # pyright: ignore[reportPrivateUsage]


def test_keys_are_random_uuid4_strings() -> None:
    keys = _IdempotencyKeys()
    made = [keys() for _ in range(3 * _IdempotencyKeys.BATCH + 5)]
    assert len(set(made)) == len(made)
    for key in made:
        parsed = uuid.UUID(key)
        assert str(parsed) == key
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_a_key_is_its_random_bytes_as_a_uuid4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the version and variant bits of the random bytes change, as ``uuid.UUID``
    sets them: every other bit reaches the key, in order."""
    pattern = bytes(range(256)) * 4

    def urandom(size: int) -> bytes:
        return pattern[:size]

    monkeypatch.setattr(os, "urandom", urandom)
    keys = _IdempotencyKeys()
    made = [keys() for _ in range(_IdempotencyKeys.BATCH)]
    expected = [
        str(uuid.UUID(bytes=pattern[at : at + 16], version=4))
        for at in range(0, 16 * _IdempotencyKeys.BATCH, 16)
    ]
    assert made == expected


def test_threads_never_share_a_key() -> None:
    keys = _IdempotencyKeys()
    taken: list[list[str]] = [[] for _ in range(8)]
    start = threading.Barrier(len(taken))

    def take(mine: list[str]) -> None:
        start.wait()
        mine.extend(keys() for _ in range(2000))

    threads = [threading.Thread(target=take, args=(mine,)) for mine in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [key for mine in taken for key in mine]
    assert len(everything) == 8 * 2000
    assert len(set(everything)) == len(everything)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_forked_child_never_sends_its_parents_keys() -> None:
    keys = _IdempotencyKeys()
    keys()  # the parent now holds 63 keys made and not yet used
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.write(writing, "\n".join(keys() for _ in range(100)).encode())
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        child = set(pipe.read().decode().split("\n"))
    os.waitpid(pid, 0)
    parent = {keys() for _ in range(100)}
    assert len(child) == 100
    assert not child & parent
