# Generated from poststack/_async/__init__.py by scripts/unasync.py; do not edit by hand.
"""The client and resource layer: written by hand here, generated into ``poststack/_sync``.

Resource modules are imported by the client on first use (see `poststack._base.LazyResource`).
"""

from ._client import PostStack

__all__ = ["PostStack"]
