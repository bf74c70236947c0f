"""Check a JSON value against a TypedDict annotation, recursively, at run time.

Only what the SDK's types use is understood: TypedDicts, ``list``, ``dict``, unions,
``Literal``, ``Any`` and the JSON scalars. Keys a TypedDict does not declare are allowed
(the API may add fields); declared keys must be present unless ``NotRequired`` and hold a
value of the declared type.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Literal, Union, cast, get_args, get_origin, get_type_hints

from typing_extensions import NotRequired, Required, is_typeddict


def _unwrap(hint: Any) -> tuple[Any, bool | None]:
    """The type inside Required/NotRequired, and True/False/None for required/not/unsaid."""
    origin = get_origin(hint)
    if origin is Required:
        return get_args(hint)[0], True
    if origin is NotRequired:
        return get_args(hint)[0], False
    return hint, None


def mismatches(value: Any, hint: Any, where: str = "result") -> list[str]:
    """Every place where ``value`` does not fit ``hint``; empty when it does."""
    if hint is Any or hint is object:
        return []
    if hint is type(None) or hint is None:
        return [] if value is None else [f"{where}: expected None, got {value!r}"]
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [mismatches(value, option, where) for option in get_args(hint)]
        if any(not found for found in options):
            return []
        return [f"{where}: {value!r} fits none of {hint}"]
    if origin is Literal:
        return [] if value in get_args(hint) else [f"{where}: {value!r} not in {hint}"]
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: expected an object for {hint.__name__}, got {value!r}"]
        found: list[str] = []
        for key, declared in get_type_hints(hint, include_extras=True).items():
            inner, required = _unwrap(declared)
            if required is None:
                required = bool(hint.__total__)
            if key not in value:
                if required:
                    found.append(f"{where}: {hint.__name__} lacks {key!r}")
                continue
            found.extend(mismatches(value[key], inner, f"{where}[{key!r}]"))
        return found
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {value!r}"]
        (item,) = get_args(hint)
        values: list[Any] = value  # pyright: ignore[reportUnknownVariableType]  # a list of anything
        return [m for i, v in enumerate(values) for m in mismatches(v, item, f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        _, item = get_args(hint)
        pairs = cast("dict[str, Any]", value)
        return [m for k, v in pairs.items() for m in mismatches(v, item, f"{where}[{k!r}]")]
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected a number, got {value!r}"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected an int, got {value!r}"]
    if hint in (str, bool, bytes):
        ok = isinstance(value, hint)
        return [] if ok else [f"{where}: expected {hint.__name__}, got {value!r}"]
    raise TypeError(f"{where}: cannot check against {hint!r}")


def checked(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a resource method and assert its result fits the method's return annotation."""
    result = method(*args, **kwargs)
    hint = get_type_hints(method)["return"]
    problems = mismatches(result, hint)
    assert not problems, "\n".join(problems)
    return result
