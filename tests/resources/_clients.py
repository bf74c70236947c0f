"""Reading a client class's resources (they are made lazily, so annotations alone do not
name their classes at run time)."""

from __future__ import annotations

from typing import Any

from poststack._base import LazyResource


def resource_classes(client_type: type[Any]) -> dict[str, type[Any]]:
    """Each resource attribute of a client class and its resource class."""
    found: dict[str, type[Any]] = {}
    for name, value in vars(client_type).items():
        if isinstance(value, LazyResource):
            # isinstance cannot know the resource type: say it is any.
            lazy: LazyResource[Any] = value  # pyright: ignore[reportUnknownVariableType]
            found[name] = lazy.resource_class
    return found
