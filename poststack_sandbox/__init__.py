"""A local emulator of the PostStack email API, with scripted faults.

``Sandbox`` runs it in a background thread for synchronous code and tests; ``AsyncSandbox`` on
the running event loop. ``poststack sandbox`` runs it from the command line. See
``docs/sandbox.md``.
"""

from __future__ import annotations

from ._auth import Permission
from ._server import AsyncSandbox, Sandbox
from ._state import Settings

__all__ = ["Sandbox", "AsyncSandbox", "Permission", "Settings"]
