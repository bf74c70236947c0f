"""The generated layer is the spec's: in sync on disk, and a spec that lies is refused."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    sys.path.insert(0, str(ROOT))
    try:
        from scripts import generate as module
    finally:
        sys.path.remove(str(ROOT))
    return module


def _with_method(spec: Any, name: str, **changes: Any) -> Any:
    """A copy of the spec module whose method bound to endpoint ``name`` has ``changes``."""
    copy: Any = ModuleType("api_spec_copy")
    copy.__dict__.update(vars(spec))
    resources: list[Any] = []
    for resource in spec.RESOURCES:
        methods: list[Any] = [
            dataclasses.replace(m, **changes)
            if isinstance(m, spec.Method) and m.endpoint == name
            else m
            for m in resource.methods
        ]
        resources.append(dataclasses.replace(resource, methods=methods))
    copy.RESOURCES = tuple(resources)
    return copy


def test_every_generated_file_is_up_to_date(generate: Any) -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in generate.expected_files().items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run: python scripts/generate.py"


def test_the_spec_binds_every_catalog_endpoint_once(generate: Any) -> None:
    spec = generate.load_spec()
    generate.check_spec(spec)  # the real spec passes
    copy = _with_method(spec, "emails.cancel", endpoint="emails.send")
    with pytest.raises(SystemExit, match=r"'emails.send' bound twice"):
        generate.check_spec(copy)


def test_a_built_payload_must_match_its_declared_shape(generate: Any) -> None:
    spec = generate.load_spec()
    typo = _with_method(spec, "emails.reschedule", payload="{'scheduledAt': scheduled_at}")
    with pytest.raises(SystemExit, match=r"builds \['scheduledAt'\] but its shape declares"):
        generate.check_spec(typo)


def test_a_path_parameter_must_be_an_argument(generate: Any) -> None:
    spec = generate.load_spec()
    missing = _with_method(spec, "emails.get", args="email_id: str")
    with pytest.raises(SystemExit, match=r"emails.get lacks \['id'\]"):
        generate.check_spec(missing)
