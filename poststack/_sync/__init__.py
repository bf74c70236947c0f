# Generated from poststack/_async/__init__.py by scripts/unasync.py; do not edit by hand.
"""The client and resource layer: written by hand here, generated into ``poststack/_sync``."""

from ._client import PostStack
from .emails import Emails

__all__ = ["Emails", "PostStack"]
