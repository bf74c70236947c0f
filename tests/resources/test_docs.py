"""docs/resources.md lists every public method of every resource, and only real ones."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from poststack import PostStack

from ._clients import resource_classes

DOC = Path(__file__).resolve().parents[2] / "docs" / "resources.md"


def _documented() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    resource = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### .*`ps\.([a-z_]+)`", line)
        if heading:
            resource = heading[1]
            continue
        row = re.match(r"\| `([a-z_]+)\(", line)
        if row and resource:
            found.add((resource, row[1]))
    return found


def _public() -> set[tuple[str, str]]:
    methods: set[tuple[str, str]] = set()
    for resource, cls in resource_classes(PostStack).items():
        # The generated class and its hand-written base (``_handwritten/``) together.
        own = {name for klass in cls.__mro__[:-2] for name in vars(klass)}
        methods.update((resource, name) for name in own if not name.startswith("_"))
    return methods


def test_every_method_is_documented_once_per_resource() -> None:
    assert _documented() == _public()


def _documented_results() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    resource = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### .*`ps\.([a-z_]+)`", line)
        if heading:
            resource = heading[1]
            continue
        row = re.match(r"\| `([a-z_]+)\(.*\| `([^`]+)` \|\s*$", line)
        if row and resource:
            found[(resource, row[1])] = row[2]
    return found


def test_every_documented_result_type_is_the_methods_annotation() -> None:
    documented = _documented_results()
    wrong: list[str] = []
    for resource, cls in resource_classes(PostStack).items():
        for name in dir(cls):
            if (resource, name) not in documented:
                continue
            annotation = inspect.signature(getattr(cls, name)).return_annotation
            if documented[resource, name] != annotation:
                wrong.append(f"{resource}.{name}: {documented[resource, name]} != {annotation}")
    assert len(documented) > 150
    assert wrong == []
