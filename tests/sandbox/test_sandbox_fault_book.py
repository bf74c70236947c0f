"""Property test of the fault book against a plain model: outcomes are consumed in order, from
the oldest matching fault, and exhausted faults disappear."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from poststack_sandbox._faults import FaultBook

METHODS = st.sampled_from(["GET", "post", "*"])
PATHS = st.sampled_from(["/emails", "/emails/batch"])
ADD = st.tuples(
    st.just("add"), METHODS, PATHS, st.lists(st.integers(400, 599), min_size=1, max_size=3)
)
TAKE = st.tuples(st.just("take"), st.sampled_from(["GET", "POST"]), PATHS)


@given(st.lists(st.one_of(ADD, TAKE), max_size=40))
def test_fault_book_matches_model(operations: list[tuple[Any, ...]]) -> None:
    book = FaultBook()
    model: list[tuple[int, str, str, list[int]]] = []
    for operation in operations:
        if operation[0] == "add":
            _, method, path, statuses = operation
            fault_id = book.add(method, path, [{"status": s} for s in statuses])
            model.append((fault_id, method.upper(), path, list(statuses)))
        else:
            _, method, path = operation
            expected = None
            for entry in model:
                if entry[1] in ("*", method) and entry[2] == path:
                    expected = {"status": entry[3].pop(0)}
                    if not entry[3]:
                        model.remove(entry)
                    break
            assert book.take(method, path) == expected
        assert book.snapshot() == [
            {"id": i, "method": m, "path": p, "outcomes": [{"status": s} for s in rest]}
            for i, m, p, rest in model
        ]
