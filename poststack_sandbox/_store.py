"""Persistent state of the sandbox: one SQLite database, in memory unless a file is given.

Each resource kind is a table of JSON documents keyed by an integer ``id`` (the API's internal id)
and an optional unique ``key`` (a public id, an email address, an idempotency key…). Documents are
stored in the exact camelCase shape the API returns, so reads need no mapping.

Thread safety: the server's event loop and the in-process ``Sandbox`` methods (called from test
threads) share one connection, so every operation holds one re-entrant lock. ``transaction()``
lets a caller make check-then-insert sequences atomic (idempotency, uniqueness checks).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any, cast

__all__ = ["KINDS", "Document", "Store"]

Document = dict[str, Any]

# Every table the sandbox keeps. A fixed list, so table names never come from user input.
KINDS = (
    "emails",
    "idempotency",
    "webhooks",
    "deliveries",
    "domains",
    "api_keys",
    "contacts",
    "templates",
    "suppressions",
    "segments",
    "broadcasts",
    "topics",
    "subscriptions",
    "contact_properties",
    "inbound",
    "mailboxes",
    "aliases",
    "workflows",
    "runs",
    "signup_forms",
    "channels",
    "channel_deliveries",
)


class Store:
    """JSON documents in SQLite tables, one per kind in :data:`KINDS`."""

    def __init__(self, path: str | None = None) -> None:
        # check_same_thread=False: access is serialised by self._lock instead.
        self._conn = sqlite3.connect(
            path or ":memory:", check_same_thread=False, isolation_level=None
        )
        self._lock = threading.RLock()
        self._depth = 0
        with self.transaction():
            for kind in KINDS:
                self._conn.execute(
                    f"CREATE TABLE IF NOT EXISTS {kind} ("
                    "id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, doc TEXT NOT NULL)"
                )
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS counters "
                "(name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
            )

    @contextmanager
    def transaction(self) -> Generator[None]:
        """Hold the lock and run the block in one SQLite transaction (nestable)."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._conn.execute("COMMIT")

    @staticmethod
    def _check(kind: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        return kind

    def insert(self, kind: str, doc: Document, key: str | None = None) -> Document:
        """Store ``doc`` under a fresh id; the id is written into ``doc["id"]`` and returned doc."""
        table = self._check(kind)
        with self.transaction():
            cursor = self._conn.execute(
                f"INSERT INTO {table} (key, doc) VALUES (?, '{{}}')",  # noqa: S608
                (key,),
            )
            row_id = cursor.lastrowid
            assert row_id is not None
            doc["id"] = row_id
            self._conn.execute(
                f"UPDATE {table} SET doc = ? WHERE id = ?",  # noqa: S608
                (json.dumps(doc), row_id),
            )
        return doc

    def get(self, kind: str, row_id: int) -> Document | None:
        table = self._check(kind)
        with self._lock:
            row = self._conn.execute(
                f"SELECT doc FROM {table} WHERE id = ?",  # noqa: S608
                (row_id,),
            ).fetchone()
        return None if row is None else _load(row[0])

    def get_by_key(self, kind: str, key: str) -> Document | None:
        table = self._check(kind)
        with self._lock:
            row = self._conn.execute(
                f"SELECT doc FROM {table} WHERE key = ?",  # noqa: S608
                (key,),
            ).fetchone()
        return None if row is None else _load(row[0])

    def update(self, kind: str, doc: Document, key: str | None = None) -> None:
        """Replace the stored document ``doc["id"]`` (and its key, when given)."""
        table = self._check(kind)
        with self.transaction():
            if key is None:
                self._conn.execute(
                    f"UPDATE {table} SET doc = ? WHERE id = ?",  # noqa: S608
                    (json.dumps(doc), doc["id"]),
                )
            else:
                self._conn.execute(
                    f"UPDATE {table} SET doc = ?, key = ? WHERE id = ?",  # noqa: S608
                    (json.dumps(doc), key, doc["id"]),
                )

    def delete(self, kind: str, row_id: int) -> bool:
        table = self._check(kind)
        with self.transaction():
            cursor = self._conn.execute(
                f"DELETE FROM {table} WHERE id = ?",  # noqa: S608
                (row_id,),
            )
        return cursor.rowcount > 0

    def all(self, kind: str) -> list[Document]:
        """Every document of a kind, oldest first."""
        table = self._check(kind)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT doc FROM {table} ORDER BY id"  # noqa: S608
            ).fetchall()
        return [_load(row[0]) for row in rows]

    def count(self, kind: str) -> int:
        table = self._check(kind)
        with self._lock:
            row = self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()  # noqa: S608
        return int(row[0])

    def next_counter(self, name: str) -> int:
        """Increment and return a named counter (event ids, delivery ids…)."""
        with self.transaction():
            self._conn.execute(
                "INSERT INTO counters (name, value) VALUES (?, 1) "
                "ON CONFLICT(name) DO UPDATE SET value = value + 1",
                (name,),
            )
            row = self._conn.execute(
                "SELECT value FROM counters WHERE name = ?", (name,)
            ).fetchone()
        return int(row[0])

    def clear(self, kinds: tuple[str, ...] = KINDS) -> None:
        """Forget every document of the given kinds (and all counters when clearing all)."""
        with self.transaction():
            for kind in kinds:
                table = self._check(kind)
                self._conn.execute(f"DELETE FROM {table}")  # noqa: S608
                self._conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            if kinds == KINDS:
                self._conn.execute("DELETE FROM counters")

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _load(text: str) -> Document:
    value: object = json.loads(text)
    assert isinstance(value, dict)
    return cast("Document", value)
