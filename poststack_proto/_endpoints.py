"""API operations declared as data, and the pure function that turns a call into a `Request`.

Rules of this module:

* Each operation of the API is one `Endpoint`: method, path template, how the answer is
  read, and whether the server deduplicates it by ``Idempotency-Key``. Nothing else in
  the SDK knows a path or a method.
* Path parameters are percent-encoded as whole segments: no id can add a ``/``, a ``?``
  or a ``#`` and so reach another route. An id that is empty, ``.`` or ``..``, or holds
  such a segment (``a/../b``, ``%2e%2e``), is refused with `ValueError` before anything is
  sent: some client, proxy or server on the way would normalise it away.
* Headers given for one call (``extra_headers``) are checked where they enter
  (`check_headers`): a name that is no HTTP token, or a value HTTP cannot carry, is a
  `ValueError` before anything is sent.
* An endpoint is typed by what it takes and what it answers (``Endpoint[P, R]``); the core
  never looks at ``P`` or ``R``, the public layer binds them (``poststack/_ops.py``) so a
  call's result type flows from the declaration to the caller without a cast.
* A call's payload goes to the query (GET, DELETE) or the body (other methods) unless the
  endpoint says otherwise (``payload=``); a ``None`` payload sends neither.
* Query parameters whose value is ``None`` are dropped; booleans are ``true``/``false``.
* JSON bodies are compact UTF-8. A body that is not JSON-serialisable raises `TypeError`
  naming where in the payload the bad value sits, before any request exists.
* Every POST carries an ``Idempotency-Key``. It is fixed when the request is built, so
  every retry of the call repeats it.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Generic, Literal, cast
from urllib.parse import quote, unquote, urlencode

# A TypeVar with a default (PEP 696). typing has it from 3.13; before, typing_extensions,
# whose import costs a cold start ~10 ms, so it is not loaded where it is not needed.
if sys.version_info >= (3, 13):
    from typing import TypeVar
else:  # pragma: no cover - depends on the interpreter
    from typing_extensions import TypeVar

from ._http import Request, check_headers
from ._options import ClientOptions, has_control_characters

__all__ = [
    "NO_BODY",
    "Endpoint",
    "PayloadPlace",
    "ResponseKind",
    "build_request",
    "encode_json",
]

ResponseKind = Literal["json", "text", "bytes"]
PayloadPlace = Literal["query", "body"]

# What a call of the endpoint takes and what it answers. Phantom: no field holds them, and
# the core never reads them; they exist for the type checker only. Defaults keep a bare
# ``Endpoint`` meaning "untyped".
P = TypeVar("P", default=Any)
R = TypeVar("R", default=Any)

_PARAM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class _NoBody:
    """Sentinel: the call sends no body (distinct from a JSON ``null``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Final = _NoBody()


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[P, R]):
    """One operation of the PostStack API, taking a ``P`` and answering an ``R``.

    Args:
        name: ``"<resource>.<method>"`` as users call it, used in error messages.
        method: the HTTP method.
        path: a template such as ``"/emails/{id}/cancel"``.
        deduplicated: the server recognises ``Idempotency-Key`` here, so a repeated
            POST cannot create a second resource (only the send endpoints).
        response: how a successful body is read: JSON, text or bytes.
        payload: where a call's payload goes; by default the query for GET and DELETE,
            the body for every other method.
    """

    name: str
    method: str
    path: str
    deduplicated: bool = False
    response: ResponseKind = "json"
    payload: PayloadPlace | None = None
    path_params: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _segments: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = tuple(_PARAM.findall(self.path))
        if self.payload is None:
            place = "query" if self.method in ("GET", "DELETE") else "body"
            object.__setattr__(self, "payload", place)
        object.__setattr__(self, "path_params", names)
        # Literal text and parameter slots alternate: lit, param, lit, param, ..., lit.
        object.__setattr__(self, "_segments", tuple(_PARAM.split(self.path)))

    @property
    def retry_safe(self) -> bool:
        """Whether an attempt that may have reached the server can be repeated.

        Everything but POST is idempotent by meaning; a POST is safe only where the
        server deduplicates it.
        """
        return self.method != "POST" or self.deduplicated

    def render_path(self, params: Mapping[str, object]) -> str:
        """The path with every parameter encoded; `ValueError`/`TypeError` if one is bad."""
        segments = self._segments
        if len(segments) == 1:
            return segments[0]
        out = [segments[0]]
        for i in range(1, len(segments), 2):
            name = segments[i]
            out.append(_encode_path_param(self.name, name, params.get(name)))
            out.append(segments[i + 1])
        return "".join(out)


_SEGMENT_SEPARATORS = re.compile(r"[/\\]")


def _has_dot_segment(text: str) -> bool:
    """Whether ``text``, or its percent-decoded form, holds a ``.`` or ``..`` segment.

    Such a segment is collapsed by URL normalisation (RFC 3986 §5.2.4) somewhere between
    here and the route (a client library, a proxy, a server that decodes ``%2F`` or
    treats ``\\`` as ``/``), and the call would reach another resource.
    """
    if text in {".", ".."}:
        return True
    if "/" not in text and "\\" not in text and "%" not in text:
        return False  # one segment, and not a dot segment: the common case, kept cheap
    forms = (text, unquote(text)) if "%" in text else (text,)
    return any(
        segment in {".", ".."} for form in forms for segment in _SEGMENT_SEPARATORS.split(form)
    )


def _encode_path_param(endpoint: str, name: str, value: object) -> str:
    """One path parameter as exactly one percent-encoded path segment.

    Raises:
        ValueError: the id is empty, is (or holds a segment that is) ``.``/``..``, or is
            not encodable text. The message never repeats the id (ids can be addresses).
        TypeError: the id is neither ``str`` nor ``int``.
    """
    if value is None:
        raise ValueError(f"{endpoint}: {name} is required, got None")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{endpoint}: {name} must be a str or int, got {type(value).__name__}")
    text = str(value)
    if not text.strip():
        raise ValueError(f"{endpoint}: {name} must not be empty")
    if ("." in text or "%" in text) and _has_dot_segment(text):
        raise ValueError(
            f"{endpoint}: {name} must not be '.' or '..' or contain such a path segment: "
            "URL normalisation would send the call to another route"
        )
    try:
        return quote(text, safe="")
    except UnicodeEncodeError:  # a lone surrogate: no URL can carry it
        raise ValueError(f"{endpoint}: {name} is not valid Unicode text") from None


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _unencodable(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _c_encoder() -> Callable[[object], str] | None:
    """``_ENCODER.encode`` without its per-call cost: ``JSONEncoder.iterencode`` makes a
    new C encoder on every call (about 40% of encoding a send's body). This one is made
    once, with no ``markers`` (a dict shared by threads would be unsafe): a payload that
    contains itself then ends in `RecursionError`, which `encode_json` reports. ``None``
    where the C accelerator is missing (the pure-Python encoder is used then)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return None
    encoder = make(
        None, _unencodable, json.encoder.encode_basestring, None, ":", ",", False, False, False
    )

    def encode(body: object) -> str:
        return "".join(encoder(body, 0))

    return encode


_ENCODE: Callable[[object], str] = _c_encoder() or _ENCODER.encode


def encode_json(endpoint: str, body: object) -> bytes:
    """Compact UTF-8 JSON, or `TypeError`/`ValueError` naming the offending place."""
    try:
        return _ENCODE(body).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        where, what = _find_unencodable(body, "payload", set())
        if what == "?" and isinstance(exc, RecursionError):
            raise ValueError(
                f"{endpoint}: the payload is nested too deeply to send as JSON"
            ) from None
        kind = ValueError if isinstance(exc, RecursionError) else type(exc)
        raise kind(f"{endpoint}: {where} is not JSON-serialisable ({what})") from None


def _find_unencodable(value: object, where: str, open_: set[int]) -> tuple[str, str]:
    """Walk a payload to the first value json cannot encode; say where and why.
    ``open_`` holds the ids of the containers being walked: one met again inside itself
    is a cycle. Nesting too deep to walk ends the walk with nothing found."""
    if value is None or isinstance(value, (str, bool, int)):
        return where, "?"
    if isinstance(value, float):
        if math.isfinite(value):
            return where, "?"
        return where, f"{value!r} is not allowed in JSON"
    ident = id(value)
    # What json walks into: dicts, lists and tuples (and their subclasses). Any other
    # Mapping is a value it cannot encode, reported below.
    if isinstance(value, (dict, list, tuple)):
        if ident in open_:
            return where, "it contains itself"
        if len(open_) > _MAX_WALK:
            return where, "?"
        open_.add(ident)
        try:
            if isinstance(value, dict):
                mapping: dict[Any, Any] = value  # pyright: ignore[reportUnknownVariableType]
                for key, item in mapping.items():
                    if not isinstance(key, (str, int, float, bool)) and key is not None:
                        return f"{where}[{key!r}]", f"key of type {type(key).__name__}"
                    found = _find_unencodable(item, f"{where}[{key!r}]", open_)
                    if found[1] != "?":
                        return found
            else:
                sequence: list[Any] | tuple[Any, ...] = value  # pyright: ignore[reportUnknownVariableType]
                for index, item in enumerate(sequence):
                    found = _find_unencodable(item, f"{where}[{index}]", open_)
                    if found[1] != "?":
                        return found
        finally:
            open_.discard(ident)
        return where, "?"
    hint = ""
    kind = type(value).__name__
    if isinstance(value, (bytes, bytearray)):
        hint = "; attachments take base64 text: base64.b64encode(data).decode()"
    elif hasattr(value, "isoformat"):
        hint = "; pass an ISO-8601 string, e.g. value.isoformat()"
    elif isinstance(value, Mapping):
        hint = "; pass a dict, e.g. dict(value)"
    return where, f"a {kind} value{hint}"


# How deep `_find_unencodable` walks: well inside the interpreter's recursion limit.
_MAX_WALK = 200


def _encode_query(endpoint: str, query: Mapping[str, object]) -> str:
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        elif isinstance(value, (str, int, float)):
            pairs.append((key, str(value)))
        else:
            raise TypeError(
                f"{endpoint}: query parameter {key!r} must be a str, int, float or bool, "
                f"got {type(value).__name__}"
            )
    return urlencode(pairs)


def build_request(
    options: ClientOptions,
    endpoint: Endpoint[Any, Any],
    *,
    path_params: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    body: object = NO_BODY,
    idempotency_key: str | None = None,
    new_idempotency_key: Callable[[], str] | None = None,
    timeout: float | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Request:
    """Build the one `Request` that every attempt of a call sends.

    Args:
        options: the client's validated options.
        endpoint: the operation.
        path_params: values for the template's ``{name}`` slots.
        query: query parameters; ``None`` values are dropped.
        body: the JSON body, or `NO_BODY`.
        idempotency_key: the caller's own key for a POST. Must agree with the payload's
            ``idempotency_key`` field when both are given.
        new_idempotency_key: makes a key when the caller gave none (a UUID4 factory in
            production, a counter in tests). Required for POST.
        timeout: seconds for each attempt; the client's ``timeout`` when ``None``.
        extra_headers: headers for this call only.

    Raises:
        TypeError, ValueError: a parameter or the body is invalid. Nothing was sent.
    """
    path = endpoint.render_path(path_params or {})
    url = options.base_url + path
    if query:
        encoded = _encode_query(endpoint.name, query)
        if encoded:
            url = f"{url}?{encoded}"
    headers = options.base_headers
    payload = b""
    if body is not NO_BODY:
        payload = encode_json(endpoint.name, body)
    if endpoint.method == "POST":
        key = _choose_idempotency_key(endpoint.name, body, idempotency_key, new_idempotency_key)
        headers = (*headers, ("Idempotency-Key", key))
    elif idempotency_key is not None:
        raise ValueError(f"{endpoint.name}: idempotency_key applies only to POST calls")
    if extra_headers:
        headers = (*headers, *check_headers("extra_headers", extra_headers))
    return Request(
        endpoint.method,
        url,
        headers,
        payload,
        options.timeout if timeout is None else timeout,
    )


def _choose_idempotency_key(
    endpoint: str,
    body: object,
    given: str | None,
    factory: Callable[[], str] | None,
) -> str:
    in_payload: object = None
    if type(body) is dict or isinstance(body, Mapping):  # the exact-type test is the fast path
        in_payload = cast("Mapping[str, object]", body).get("idempotency_key")
    if in_payload is not None and not isinstance(in_payload, str):
        raise TypeError(
            f"{endpoint}: payload['idempotency_key'] must be a str, got {type(in_payload).__name__}"
        )
    if in_payload is not None and (not in_payload.strip() or has_control_characters(in_payload)):
        raise ValueError(f"{endpoint}: payload['idempotency_key'] must be non-empty printable text")
    if given is not None:
        if not isinstance(given, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"{endpoint}: idempotency_key must be a str, got {type(given).__name__}"
            )
        if not given.strip() or has_control_characters(given):
            raise ValueError(f"{endpoint}: idempotency_key must be non-empty printable text")
        if in_payload is not None and in_payload != given:
            raise ValueError(
                f"{endpoint}: idempotency_key={given!r} differs from "
                f"payload['idempotency_key']={in_payload!r}; give one key"
            )
        return given
    if in_payload:
        # The server dedupes by either; sending the same value in both keeps them one key.
        return in_payload
    if factory is None:
        raise ValueError(f"{endpoint}: a POST needs an idempotency key factory")
    return factory()
