"""``poststack._errors``: where the official package defined its error class.

`PostStackError` is the SDK's one error class; `APIError` is the official alias of it.
"""

from __future__ import annotations

from poststack_proto import PostStackError

#: The official package's alias, kept for drop-in use.
APIError = PostStackError

__all__ = ["APIError", "PostStackError"]
