"""The client and resource layer: written by hand here, generated into ``poststack/_sync``."""

from ._client import AsyncPostStack
from .emails import AsyncEmails

__all__ = ["AsyncEmails", "AsyncPostStack"]
