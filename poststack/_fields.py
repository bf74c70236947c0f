"""Run-time notice of payload keys the SDK does not know: a warning, never an error.

A typo in an optional field (``"tag"`` for ``"tags"``, ``"replyTo"`` for ``"reply_to"``) is
valid JSON the API may ignore, so without a type checker it would go out silently. The SDK
cannot refuse unknown keys either: the API adds fields, and a user on an older SDK must be
able to send them. So an unknown key is sent as given and reported with an
`UnknownFieldWarning` (a `PostStackWarning`, a `UserWarning`) that names the key and the
closest known field.

Rules of this module:

* `unknown_fields` is pure: a payload and the TypedDict that describes it in, findings out.
  It looks inside nested TypedDicts and lists of them (``emails[2].tag`` in a batch,
  ``attachments[0].file_name``), and never inside free-form dicts (``headers``,
  ``variables``), whose keys are the user's own.
* `warn_unknown_fields` only turns findings into `warnings.warn` calls pointing at the
  caller's line. The standard ``warnings`` machinery then shows each (key, call site) once
  and honours every filter: ``warnings.filterwarnings("ignore", category=UnknownFieldWarning)``,
  ``-W ignore::poststack.UnknownFieldWarning``, or ``error`` to make a test suite strict.
* The message names keys, never values: a value can be an address or a secret.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard, Union

from .types._compat import is_typeddict

__all__ = ["PostStackWarning", "UnknownField", "UnknownFieldWarning", "unknown_fields"]


class PostStackWarning(UserWarning):
    """Base class of the warnings the SDK emits."""


class UnknownFieldWarning(PostStackWarning):
    """A payload carried a key the SDK does not know; it was sent anyway."""


@dataclass(frozen=True, slots=True)
class UnknownField:
    """One unknown key: where it is (``tag``, ``emails[2].tag``) and the closest known field."""

    path: str
    suggestion: str | None

    def message(self, type_name: str) -> str:
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        return (
            f"{self.path!r} is not a field of {type_name}{hint} It was sent as given (the API "
            "may know it); silence this with the warnings module (UnknownFieldWarning)."
        )


@dataclass(frozen=True, slots=True)
class _Schema:
    known: frozenset[str]
    # key -> (is a list of, schema of the nested TypedDict)
    nested: Mapping[str, tuple[bool, _Schema]]
    # The known keys whose values are looked into; a payload with none of them and no
    # unknown key is done after two set operations in C (the common case, on every send).
    flat: frozenset[str] = frozenset()


def _is_mapping(value: object) -> TypeGuard[Mapping[Any, Any]]:
    return type(value) is dict or isinstance(value, Mapping)  # a dict skips the ABC check


def _normalised(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _nested_typeddict(annotation: object) -> tuple[bool, type] | None:
    """``(False, TD)`` for ``TD`` (or ``TD | None``), ``(True, TD)`` for ``list[TD]``."""
    if is_typeddict(annotation):
        return False, typing.cast("type", annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and len(args) == 1 and is_typeddict(args[0]):
        return True, args[0]
    if origin in (Union, types.UnionType):
        found = [f for f in map(_nested_typeddict, args) if f is not None]
        if len(found) == 1:
            return found[0]
    return None


@functools.cache
def _schema(typed_dict: type) -> _Schema:
    hints = typing.get_type_hints(typed_dict)
    nested: dict[str, tuple[bool, _Schema]] = {}
    for key, annotation in hints.items():
        inner = _nested_typeddict(annotation)
        if inner is not None:
            nested[key] = (inner[0], _schema(inner[1]))
    return _Schema(frozenset(hints), nested, frozenset(nested))


def _suggest(key: str, known: frozenset[str]) -> str | None:
    wanted = _normalised(key)
    for name in sorted(known):
        if _normalised(name) == wanted:  # replyTo -> reply_to, templateId -> template_id
            return name
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def _walk(payload: Mapping[Any, Any], schema: _Schema, prefix: str) -> list[UnknownField]:
    keys = payload.keys()
    if keys <= schema.known and keys.isdisjoint(schema.flat):
        return []
    found: list[UnknownField] = []
    for key, value in payload.items():
        if not isinstance(key, str):
            continue  # encoding the payload reports a non-str key as a TypeError
        if key not in schema.known:
            found.append(UnknownField(prefix + key, _suggest(key, schema.known)))
            continue
        inner = schema.nested.get(key)
        if inner is None:
            continue
        is_list, nested = inner
        if is_list and isinstance(value, list):
            for index, item in enumerate(typing.cast("list[object]", value)):
                if _is_mapping(item):
                    found += _walk(item, nested, f"{prefix}{key}[{index}].")
        elif not is_list and _is_mapping(value):
            found += _walk(value, nested, f"{prefix}{key}.")
    return found


def unknown_fields(payload: object, typed_dict: type) -> list[UnknownField]:
    """The keys of ``payload`` that ``typed_dict`` (a TypedDict) does not declare, in order.

    Anything that is not a mapping yields nothing (the request builder reports it).
    """
    if not _is_mapping(payload):
        return []
    return _walk(payload, _schema(typed_dict), "")


def warn_unknown_fields(payload: object, typed_dict: type, *, stacklevel: int = 3) -> None:
    """Warn once per unknown key and call site; the payload is sent unchanged either way.

    ``stacklevel`` 3 points at the caller of the method that calls this (a resource method
    calling it directly: ``ps.emails.send(...)`` in the user's code).
    """
    if _is_mapping(payload):  # the common case, on every send: two set operations in C
        schema = _schema(typed_dict)
        keys = payload.keys()
        if keys <= schema.known and keys.isdisjoint(schema.flat):
            return
    for field in unknown_fields(payload, typed_dict):
        warnings.warn(
            field.message(typed_dict.__name__), UnknownFieldWarning, stacklevel=stacklevel
        )
