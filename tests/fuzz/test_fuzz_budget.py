"""The suite keeps its promise: at least 50,000 generated cases per interpreter (so over
100,000 per CI run on two interpreters), each property with its own settled count."""

from __future__ import annotations

import importlib
import pkgutil

import tests.fuzz

from .conftest import SCALE


def test_the_fuzz_suite_generates_at_least_50000_cases() -> None:
    counts: dict[str, int] = {}
    for module_info in pkgutil.iter_modules(tests.fuzz.__path__):
        if not module_info.name.startswith("test_fuzz_"):
            continue
        module = importlib.import_module(f"tests.fuzz.{module_info.name}")
        for name, test in vars(module).items():
            configured = getattr(test, "_hypothesis_internal_use_settings", None)
            if name.startswith("test_") and configured is not None:
                counts[f"{module_info.name}.{name}"] = configured.max_examples
    assert len(counts) >= 20  # every property was found, none silently dropped
    assert all(count >= 1 for count in counts.values())
    assert sum(counts.values()) >= 50_000 * min(SCALE, 1.0), counts
