"""Names a package exports but imports only when first used (PEP 562), in one place.

Rules of this module:

* A package lists ``name -> module`` once and gets its ``__getattr__`` and ``__dir__``
  from `lazy_exports`; `import_attribute` is the one function that imports such a name.
  Static checkers never see this: packages import the same names under ``TYPE_CHECKING``.
* A loaded name is stored in the package's namespace, so later lookups are plain reads.
* Importing a module is the only effect; nothing here opens a socket or reads a clock.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["import_attribute", "lazy_exports"]


def import_attribute(module: str, package: str, name: str) -> Any:
    """``name`` from ``module`` (relative to ``package`` when it starts with a dot)."""
    return getattr(importlib.import_module(module, package), name)


def lazy_exports(
    package: str,
    where: Mapping[str, str],
    *,
    on_import_error: Callable[[str, ImportError], Exception | None] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for the names in ``where``.

    Args:
        package: the package's ``__name__``.
        where: each lazily exported name and the module (relative or absolute) defining it.
        on_import_error: turns a failed import into the error to raise instead (naming a
            missing optional library, say), chained to the original; ``None`` from it lets
            the original pass as it is (a module of ours that is broken, say).

    Returns:
        ``(__getattr__, __dir__)``, to assign at the package's top level.
    """

    def get(name: str) -> Any:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        try:
            value = import_attribute(module, package, name)
        except ImportError as exc:
            instead = None if on_import_error is None else on_import_error(name, exc)
            if instead is None:
                raise
            raise instead from exc
        vars(sys.modules[package])[name] = value  # later lookups skip this function
        return value

    def listing() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return get, listing
