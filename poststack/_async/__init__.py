"""The client and resource layer: written by hand here, generated into ``poststack/_sync``.

Resource modules are imported by the client on first use (see `poststack._base.LazyResource`).
"""

from ._client import AsyncPostStack

__all__ = ["AsyncPostStack"]
