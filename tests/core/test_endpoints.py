from __future__ import annotations

import datetime
import json
from collections import UserDict
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import ENDPOINTS, NO_BODY, ClientOptions, Endpoint, build_request, endpoint

from .conftest import API_KEY, counter_keys

GET = Endpoint("things.get", "GET", "/things/{id}")
NESTED = Endpoint("things.child", "DELETE", "/things/{id}/children/{child_id}")


@pytest.fixture
def options() -> ClientOptions:
    return ClientOptions(api_key=API_KEY, base_url="https://proxy.example/ps/")


def test_every_email_operation_is_declared() -> None:
    assert {
        name: (e.method, e.path, e.deduplicated)
        for name, e in ENDPOINTS.items()
        if name.startswith("emails.")
    } == {
        "emails.send": ("POST", "/emails", True),
        "emails.batch": ("POST", "/emails/batch", True),
        "emails.get": ("GET", "/emails/{id}", False),
        "emails.list": ("GET", "/emails", False),
        "emails.reschedule": ("PATCH", "/emails/{id}", False),
        "emails.cancel": ("POST", "/emails/{id}/cancel", False),
        "emails.get_events": ("GET", "/emails/{id}/events", False),
        "emails.get_insights": ("GET", "/emails/{id}/insights", False),
        "emails.preview": ("POST", "/emails/preview", False),
        "emails.spam_preview": ("POST", "/emails/spam-preview", False),
    }


def test_unknown_operation_is_named() -> None:
    with pytest.raises(KeyError, match=r"emails\.sned"):
        endpoint("emails.sned")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("emails.send", True),
        ("emails.batch", True),
        ("emails.get", True),
        ("emails.reschedule", True),
        ("emails.cancel", False),
        ("emails.preview", False),
    ],
)
def test_retry_safety_follows_method_and_deduplication(name: str, safe: bool) -> None:
    assert endpoint(name).retry_safe is safe


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("em_123", "/things/em_123"),
        ("a/b", "/things/a%2Fb"),
        ("..a", "/things/..a"),
        ("a..", "/things/a.."),
        ("x.y", "/things/x.y"),
        ("...", "/things/..."),
        ("100%", "/things/100%25"),
        ("%41", "/things/%2541"),
        (" ", None),
        ("a?b=c#d", "/things/a%3Fb%3Dc%23d"),
        ("user+tag@example.com", "/things/user%2Btag%40example.com"),
        ("ünï cødé", "/things/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9"),
        (42, "/things/42"),
    ],
)
def test_path_params_cannot_escape_their_segment(
    options: ClientOptions, value: object, path: str | None
) -> None:
    if path is None:
        with pytest.raises(ValueError, match="must not be empty"):
            build_request(options, GET, path_params={"id": value})
        return
    request = build_request(options, GET, path_params={"id": value})
    assert request.url == "https://proxy.example/ps" + path


@pytest.mark.parametrize(
    "value",
    [
        ".",
        "..",
        "../api-keys",
        "a/..",
        "a/./b",
        "..\\x",
        "%2e%2e",
        "%2E",
        "a%2F..%2Fb",
        ".%2e",
    ],
)
def test_dot_segment_ids_are_refused_before_anything_is_sent(
    options: ClientOptions, value: str
) -> None:
    with pytest.raises(ValueError, match=r"must not be '\.' or '\.\.'") as caught:
        build_request(options, NESTED, path_params={"id": "seg_1", "child_id": value})
    if len(value) > 2:  # the id itself is never repeated (ids can be addresses)
        assert value not in str(caught.value)


def test_an_id_no_url_can_carry_is_a_value_error(options: ClientOptions) -> None:
    with pytest.raises(ValueError, match="not valid Unicode"):
        build_request(options, GET, path_params={"id": "a\ud800"})


def test_several_path_params(options: ClientOptions) -> None:
    request = build_request(options, NESTED, path_params={"id": "a b", "child_id": 7})
    assert request.url == "https://proxy.example/ps/things/a%20b/children/7"
    assert request.method == "DELETE"


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("", ValueError, "things.get: id must not be empty"),
        ("  ", ValueError, "things.get: id must not be empty"),
        (None, ValueError, "things.get: id is required"),
        (True, TypeError, "things.get: id must be a str or int"),
        (1.5, TypeError, "things.get: id must be a str or int"),
    ],
)
def test_bad_path_params(
    options: ClientOptions, value: object, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        build_request(options, GET, path_params={"id": value})


def test_query_drops_none_and_spells_booleans(options: ClientOptions) -> None:
    request = build_request(
        options,
        endpoint("emails.list"),
        query={"page": 2, "status": None, "to": "a+b@x.com", "unsubscribed": False, "flag": True},
    )
    assert request.url == (
        "https://proxy.example/ps/emails?page=2&to=a%2Bb%40x.com&unsubscribed=false&flag=true"
    )


def test_query_of_only_none_adds_no_question_mark(options: ClientOptions) -> None:
    request = build_request(options, endpoint("emails.list"), query={"status": None})
    assert request.url == "https://proxy.example/ps/emails"


def test_query_rejects_nested_values(options: ClientOptions) -> None:
    with pytest.raises(TypeError, match=r"emails\.list: query parameter 'tag' must be"):
        build_request(options, endpoint("emails.list"), query={"tag": ["a", "b"]})


def test_json_body_is_compact_utf8(options: ClientOptions) -> None:
    request = build_request(
        options,
        endpoint("emails.send"),
        body={"from": "Zoë <z@x.com>", "to": ["a@b.c"], "subject": "Grüße ✉"},
        new_idempotency_key=counter_keys(),
    )
    assert request.body == '{"from":"Zoë <z@x.com>","to":["a@b.c"],"subject":"Grüße ✉"}'.encode()
    assert json.loads(request.body)["subject"] == "Grüße ✉"


def test_no_body_sends_empty_bytes(options: ClientOptions) -> None:
    request = build_request(options, GET, path_params={"id": "x"}, body=NO_BODY)
    assert request.body == b""


@pytest.mark.parametrize(
    ("payload", "where", "what"),
    [
        ({"attachments": [{"content": b"raw"}]}, "payload['attachments'][0]['content']", "bytes"),
        ({"scheduled_at": datetime.datetime(2026, 1, 1)}, "payload['scheduled_at']", "isoformat"),
        ({"variables": {"n": Decimal("1.5")}}, "payload['variables']['n']", "Decimal"),
        ({"tags": {"a", "b"}}, "payload['tags']", "set"),
        ({"score": float("nan")}, "payload['score']", "nan"),
        ({("a", 1): 2}, "payload[('a', 1)]", "key of type tuple"),
        ({"headers": MappingProxyType({"a": "b"})}, "payload['headers']", "dict(value)"),
        ({"variables": {"v": UserDict(n=1)}}, "payload['variables']['v']", "UserDict"),
    ],
)
def test_unserialisable_payload_names_the_place(
    options: ClientOptions, payload: dict[object, object], where: str, what: str
) -> None:
    with pytest.raises((TypeError, ValueError)) as caught:
        build_request(
            options, endpoint("emails.send"), body=payload, new_idempotency_key=counter_keys()
        )
    message = str(caught.value)
    assert message.startswith("emails.send: ")
    assert where in message
    assert what in message


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), _JSON, max_size=6))
def test_bodies_are_compact_utf8_json(payload: dict[str, object]) -> None:
    request = build_request(
        ClientOptions(api_key=API_KEY),
        endpoint("emails.send"),
        body=payload,
        new_idempotency_key=counter_keys(),
    )
    expected = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    assert request.body == expected.encode("utf-8")
    assert json.loads(request.body) == json.loads(expected)


def test_a_payload_that_contains_itself_is_named_not_a_recursion_error(
    options: ClientOptions,
) -> None:
    inner: dict[str, object] = {"name": "x"}
    payload: dict[str, object] = {"tags": [inner]}
    inner["parent"] = payload
    where = r"^emails\.send: payload\['tags'\]\[0\]\['parent'\] "
    with pytest.raises(ValueError, match=where) as caught:
        build_request(
            options, endpoint("emails.send"), body=payload, new_idempotency_key=counter_keys()
        )
    assert "contains itself" in str(caught.value)


def test_a_payload_nested_too_deeply_is_a_value_error(options: ClientOptions) -> None:
    deep: list[object] = []
    tip = deep
    for _ in range(50_000):
        below: list[object] = []
        tip.append(below)
        tip = below
    with pytest.raises(ValueError, match="nested too deeply"):
        build_request(
            options, endpoint("emails.send"), body={"d": deep}, new_idempotency_key=counter_keys()
        )


def test_post_gets_a_fresh_key_from_the_factory(options: ClientOptions) -> None:
    keys = counter_keys()
    first = build_request(
        options, endpoint("emails.cancel"), path_params={"id": "em_1"}, new_idempotency_key=keys
    )
    second = build_request(
        options, endpoint("emails.cancel"), path_params={"id": "em_1"}, new_idempotency_key=keys
    )
    assert first.header("idempotency-key") == "key-1"
    assert second.header("Idempotency-Key") == "key-2"


def test_non_post_has_no_key_and_refuses_one(options: ClientOptions) -> None:
    request = build_request(
        options, GET, path_params={"id": "x"}, new_idempotency_key=counter_keys()
    )
    assert request.header("idempotency-key") is None
    with pytest.raises(ValueError, match="only to POST"):
        build_request(options, GET, path_params={"id": "x"}, idempotency_key="mine")


def test_callers_key_wins_over_the_factory(options: ClientOptions) -> None:
    request = build_request(
        options,
        endpoint("emails.send"),
        body={"to": []},
        idempotency_key="order-1",
        new_idempotency_key=counter_keys(),
    )
    assert request.header("idempotency-key") == "order-1"


def test_payload_key_becomes_the_header(options: ClientOptions) -> None:
    request = build_request(
        options,
        endpoint("emails.send"),
        body={"idempotency_key": "order_123_welcome"},
        new_idempotency_key=counter_keys(),
    )
    assert request.header("idempotency-key") == "order_123_welcome"


def test_payload_and_argument_must_agree(options: ClientOptions) -> None:
    same = build_request(
        options, endpoint("emails.send"), body={"idempotency_key": "k"}, idempotency_key="k"
    )
    assert same.header("idempotency-key") == "k"
    with pytest.raises(ValueError, match="differs from payload"):
        build_request(
            options, endpoint("emails.send"), body={"idempotency_key": "a"}, idempotency_key="b"
        )


@pytest.mark.parametrize("bad", ["", "   ", "a\r\nX-Evil: 1"])
def test_unusable_keys_are_refused(options: ClientOptions, bad: str) -> None:
    with pytest.raises(ValueError, match="idempotency_key"):
        build_request(options, endpoint("emails.send"), body={}, idempotency_key=bad)
    with pytest.raises(ValueError, match="idempotency_key"):
        build_request(
            options,
            endpoint("emails.send"),
            body={"idempotency_key": bad},
            new_idempotency_key=counter_keys(),
        )


def test_payload_key_of_wrong_type(options: ClientOptions) -> None:
    with pytest.raises(TypeError, match=r"payload\['idempotency_key'\] must be a str"):
        build_request(
            options,
            endpoint("emails.send"),
            body={"idempotency_key": 5},
            new_idempotency_key=counter_keys(),
        )


def test_timeout_and_extra_headers(options: ClientOptions) -> None:
    request = build_request(
        options, GET, path_params={"id": "x"}, timeout=2.5, extra_headers={"X-Trace": "t1"}
    )
    assert request.timeout == 2.5
    assert request.headers[-1] == ("X-Trace", "t1")
    assert build_request(options, GET, path_params={"id": "x"}).timeout == 30.0


def test_request_repr_hides_headers(options: ClientOptions) -> None:
    request = build_request(options, GET, path_params={"id": "x"})
    assert API_KEY not in repr(request)
    assert repr(request) == "Request(GET https://proxy.example/ps/things/x, 0 bytes)"
