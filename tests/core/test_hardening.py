"""Hostile answers and bad input, case by case: what issue #9 found, pinned down.

The Hypothesis properties in ``tests/fuzz`` check that nothing but a result or a
`PostStackError` ever comes out; these tests say *which* error, with which message.
"""

from __future__ import annotations

import json
import re
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import (
    ClientOptions,
    ConnectError,
    ConnectTimeout,
    PostStackError,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    ResponseTooLarge,
    RetryPolicy,
    TLSError,
    TransportError,
    WebhookVerificationError,
    WriteError,
    build_request,
    construct_event,
    endpoint,
    error_from_response,
    error_from_transport,
    parse_retry_after,
    parse_success,
    sign_payload,
    verify_signature,
)

from .conftest import API_KEY

DEEP = b"[" * 1000 + b"]" * 1000
DEEP_OBJECT = b'{"a":' * 1000 + b"1" + b"}" * 1000
VERY_DEEP = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
SEND = endpoint("emails.send")
GET = endpoint("emails.get")
NOW = 1_800_000_000.0


def invalid(kind: str, answer: Response) -> PostStackError:
    with pytest.raises(PostStackError) as caught:
        parse_success(kind, answer)  # type: ignore[arg-type]  # kind is a ResponseKind
    assert caught.value.code == "invalid_response"
    assert caught.value.status_code == answer.status
    assert caught.value.body == answer.body
    return caught.value


# -- success bodies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"", "an empty body"),
        (b"null", "JSON null"),
        (b"[]", "JSON list"),
        (b'[{"id": "em_1"}]', "JSON list"),
        (b'"em_1"', "JSON str"),
        (b"42", "JSON int"),
        (b"true", "JSON bool"),
    ],
)
@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_a_2xx_json_answer_that_is_not_an_object_is_an_invalid_response(
    body: bytes, said: str, status: int
) -> None:
    error = invalid("json", Response(status, (("X-Request-Id", "req_9"),), body))
    assert said in error.error
    assert "may have taken effect" in error.error
    assert error.request_id == "req_9"


@pytest.mark.parametrize("body", [DEEP, VERY_DEEP, b"[" * 100_000])
def test_json_nested_too_deep_is_an_invalid_response_not_a_recursion_error(body: bytes) -> None:
    error = invalid("json", Response(202, (), body))
    if body is not DEEP:  # 1,000 levels: too deep for 3.10's parser, a mere list on 3.13
        assert "nested too deeply" in error.error


def test_a_deep_object_is_a_result_where_the_parser_can_read_it() -> None:
    outcome: object
    try:
        outcome = parse_success("json", Response(202, (), DEEP_OBJECT))
    except PostStackError as error:  # Python 3.10-3.12: the parser's recursion limit
        outcome = error
    if isinstance(outcome, PostStackError):
        assert (outcome.code, outcome.status_code) == ("invalid_response", 202)
        assert "nested too deeply" in outcome.error
    else:  # Python 3.13's parser reads 1,000 levels
        assert isinstance(outcome, dict)
        assert list(cast("dict[str, object]", outcome)) == ["a"]


def test_an_object_is_still_a_success() -> None:
    assert parse_success("json", Response(202, (), b' {"id": "em_1"} ')) == {"id": "em_1"}


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)
_PAD = st.sampled_from(["", " ", "\n", "\t \r\n", "x", ",", "}", "{"])


@given(_VALUES, _PAD, _PAD)
def test_a_json_body_reads_as_json_loads_reads_it(value: object, before: str, after: str) -> None:
    """Whatever the body, a success is exactly what ``json.loads`` reads (when that is an
    object), and anything else is ``invalid_response``."""
    text = before + json.dumps(value) + after
    body = text.encode("utf-8")
    try:
        expected: object = json.loads(text)
    except ValueError:
        expected = None
    if isinstance(expected, dict):
        assert parse_success("json", Response(202, (), body)) == expected
    else:
        assert invalid("json", Response(202, (), body)).code == "invalid_response"


def test_text_and_bytes_endpoints_take_any_body() -> None:
    assert parse_success("text", Response(200, (), b"")) == ""
    assert parse_success("text", Response(200, (), b"\xff")) == "\ufffd"
    assert parse_success("bytes", Response(200, (), DEEP)) == DEEP


# -- error answers ----------------------------------------------------------------------


@pytest.mark.parametrize("body", [VERY_DEEP[:60_000], b'{"error": ' + b"[" * 30_000 + b"}"])
def test_a_deeply_nested_error_body_falls_back_to_the_reason_phrase(body: bytes) -> None:
    error = error_from_response(Response(500, (), body))
    assert error.error.startswith("Internal Server Error: {")
    assert error.code is None
    assert error.body == body


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (0, "0, which is not an HTTP status"),
        (-1, "-1, which is not an HTTP status"),
        (99, "99, which is not an HTTP status"),
        (100, "100, which is an interim (1xx) status"),
        (103, "103, which is an interim (1xx) status"),
        (600, "600, which is not an HTTP status"),
        (10**12, "which is not an HTTP status"),
    ],
)
def test_a_status_that_is_no_final_answer_is_an_invalid_response(status: int, said: str) -> None:
    error = error_from_response(Response(status, (), b'{"error": "x", "code": "y"}'))
    assert error.code == "invalid_response"
    assert said in error.error


@pytest.mark.parametrize("status", [0, 99, 600, 999, 10**9])
def test_a_status_that_is_no_http_status_is_never_retried(status: int) -> None:
    wait = RetryPolicy().after_status(
        retry=0, status=status, code=None, retry_after=None, retry_safe=True, random=lambda: 0.5
    )
    assert wait is None


def test_a_text_body_cut_inside_a_character_is_still_text() -> None:
    body = "é".encode() * 2000  # 4000 bytes; the message's cut falls on a byte boundary
    error = error_from_response(Response(502, (), body[1:]))  # starts mid-character
    assert "non-text body" in error.error
    error = error_from_response(Response(502, (), b"x" + body))  # the cut splits an "é"
    assert error.error.startswith("Bad Gateway: xééé")


@pytest.mark.parametrize(
    "quoted",
    [
        f"Authorization: Bearer {API_KEY}",
        f"bearer {API_KEY}",
        f"key={API_KEY}",
        "sk_live_abcDEF123",
    ],
)
def test_a_garbled_answer_quoting_a_key_never_puts_it_in_the_message(quoted: str) -> None:
    for answer in (
        Response(500, (), f"upstream said: {quoted}".encode()),
        Response(400, (), f'{{"error": "bad {quoted}"}}'.encode()),
    ):
        error = error_from_response(answer)
        assert "[redacted]" in error.error
        assert API_KEY not in error.error
        assert "sk_live_abc" not in error.error
        assert "sk_live_abc" not in str(error)


# -- Retry-After ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 01 Jan 0000 00:00:00 GMT",
        "Mon Jan  1 00:00:00 0000",
        "Sat, 30 Feb 2026 00:00:00 GMT",
        "Mon, 01 Jan 2026 25:00:00 GMT",
        "Mon, 01 Jan 9999999 00:00:00 GMT",
        "9999999999999999",
        "-5",
        "NaN",
        "inf",
        "1e3",
        "٣",  # an Arabic-Indic digit: float() would read it, HTTP does not
        "5 seconds",
        "\x00",
        "Mon, 01 Jan 2026 00:00:00 GMT" * 3,
    ],
)
def test_an_unreadable_retry_after_is_treated_as_absent(value: str) -> None:
    assert parse_retry_after(value, lambda: NOW) is None
    assert parse_retry_after(value) is None


def test_readable_retry_after_values() -> None:
    assert parse_retry_after("9999999", lambda: NOW) == 9999999.0
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", lambda: NOW) == pytest.approx(
        253402300799.0 - NOW
    )
    assert parse_retry_after("Mon, 01 Jan 0001 00:00:00 GMT", lambda: NOW) == 0.0


def test_a_year_zero_retry_after_on_a_503_means_an_ordinary_backoff() -> None:
    answer = Response(503, (("Retry-After", "Mon, 01 Jan 0000 00:00:00 GMT"),), b"")
    error = error_from_response(answer, lambda: NOW)
    assert (error.status_code, error.retry_after) == (503, None)


# -- network failures name host and port, nothing else ------------------------------------


def request_to(url: str) -> Request:
    return Request("GET", url, (("Authorization", f"Bearer {API_KEY}"),))


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            ConnectError("[Errno 111] Connection refused"),
            "Connection failed: could not connect to api.poststack.dev:443: "
            "[Errno 111] Connection refused",
        ),
        (
            ConnectTimeout("t"),
            "Request timed out: timed out connecting to api.poststack.dev:443: t",
        ),
        (ReadTimeout(), "Request timed out: no complete answer in time from api.poststack.dev:443"),
        (WriteError("w"), "Connection failed: sending the request failed to api.poststack.dev:443"),
        (RemoteProtocolError("r"), "Connection failed: the connection broke or the answer"),
        (TLSError("cert"), "Connection failed: TLS handshake failed with api.poststack.dev:443"),
        (TransportError("odd"), "Connection failed: talking to api.poststack.dev:443: odd"),
    ],
)
def test_network_errors_name_host_and_port(failure: TransportError, message: str) -> None:
    error = error_from_transport(failure, request_to("https://api.poststack.dev/emails/em_1"))
    assert error.error.startswith(message)
    assert (error.status_code, error.code) == (0, failure.code)


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("http://127.0.0.1:8080/x", "127.0.0.1:8080"),
        ("http://localhost/x", "localhost:80"),
        ("https://[::1]:9443/x", "[::1]:9443"),
        ("https://user:hunter2@proxy.example/x", "proxy.example:443"),
        ("https://api.poststack.dev:notaport/x", "api.poststack.dev:notaport"),
    ],
)
def test_the_host_is_shown_without_userinfo(url: str, where: str) -> None:
    error = error_from_transport(ConnectError("refused"), request_to(url))
    assert error.error == f"Connection failed: could not connect to {where}: refused"
    assert "hunter2" not in error.error


def test_the_transport_detail_loses_path_query_userinfo_and_key() -> None:
    url = "https://api.poststack.dev/suppressions/jane%40example.com?email=jane%40example.com"
    detail = (
        "HTTPSConnectionPool(host='api.poststack.dev', port=443): Max retries exceeded with url: "
        "/suppressions/jane%40example.com?email=jane%40example.com (via "
        "http://bob:s3cret@proxy.corp:3128/tunnel?x=1, header Bearer "
        f"{API_KEY}, decoded /suppressions/jane@example.com)"
    )
    error = error_from_transport(ConnectError(detail), request_to(url))
    for secret in ("jane", "s3cret", "bob", "tunnel", API_KEY):
        assert secret not in error.error
        assert secret not in str(error)
    assert "http://proxy.corp:3128" in error.error
    assert error.error.startswith("Connection failed: could not connect to api.poststack.dev:443")


def test_a_too_large_answer_is_not_called_a_connection_failure() -> None:
    error = error_from_transport(
        ResponseTooLarge("more than 10 bytes"), request_to("https://api.poststack.dev/emails/em_1")
    )
    assert error.error == (
        "The answer was too large: reading the answer from api.poststack.dev:443: "
        "more than 10 bytes"
    )
    assert (error.status_code, error.code) == (0, "response_too_large")


def test_without_a_request_the_message_is_the_transports() -> None:
    assert error_from_transport(ConnectError("refused")).error == "Connection failed: refused"


# -- bad input is refused before anything is sent ---------------------------------------


@pytest.fixture
def options() -> ClientOptions:
    return ClientOptions(api_key=API_KEY)


@pytest.mark.parametrize(
    ("headers", "kind", "said"),
    [
        ({"X-Trace": "a\r\nX-Evil: 1"}, ValueError, "contains U+000D at position 1"),
        ({"X-Trace": "a\nb"}, ValueError, "contains U+000A"),
        ({"X-Trace": "a\x00"}, ValueError, "contains U+0000"),
        ({"X-Trace": "line\u2028sep"}, ValueError, "contains U+2028"),
        ({"X-Trace": "caf\xe9"}, ValueError, "contains U+00E9"),
        ({"X-Trace": "\U0001f600"}, ValueError, "contains U+1F600"),
        ({"X-Trace": "\x7f"}, ValueError, "contains U+007F"),
        ({"X Trace": "v"}, ValueError, "is not an HTTP token (it contains a space)"),
        ({"X-Trace:": "v"}, ValueError, "contains U+003A"),
        ({"": "v"}, ValueError, "is not an HTTP token (it is empty)"),
        ({"X-Tr\u0430ce": "v"}, ValueError, "contains U+0430"),
        ({"Host": "evil.example"}, ValueError, "may not set 'Host'"),
        ({"content-length": "0"}, ValueError, "may not set 'content-length'"),
        ({"Transfer-Encoding": "chunked"}, ValueError, "may not set"),
        ({"Authorization": "Bearer other"}, ValueError, "the client sets it from api_key"),
        ({"Idempotency-Key": "k"}, ValueError, "pass idempotency_key= instead"),
        ({"X-Trace": 5}, TypeError, "must be a str, got int"),
        ({5: "v"}, TypeError, "header names must be str"),
    ],
)
def test_extra_headers_http_cannot_carry_are_refused(
    options: ClientOptions, headers: dict[object, object], kind: type[Exception], said: str
) -> None:
    with pytest.raises(kind, match=re.escape(said)) as caught:
        build_request(
            options,
            SEND,
            body={},
            new_idempotency_key=lambda: "k",
            extra_headers=headers,  # type: ignore[arg-type]  # wrong types on purpose
        )
    message = str(caught.value)
    for value in headers.values():
        if isinstance(value, str) and len(value) > 1:
            assert value not in message  # a value may be a secret: never echoed


def test_secret_header_values_are_never_echoed(options: ClientOptions) -> None:
    with pytest.raises(ValueError, match="X-Partner-Token") as caught:
        build_request(
            options, GET, path_params={"id": "x"}, extra_headers={"X-Partner-Token": "tok_S3CRET\n"}
        )
    assert "S3CRET" not in str(caught.value)


def test_printable_headers_pass_unchanged(options: ClientOptions) -> None:
    headers = {"X-Trace": "a b\tc ~!", "x.custom_name": ""}
    request = build_request(options, GET, path_params={"id": "x"}, extra_headers=headers)
    assert request.headers[-2:] == (("X-Trace", "a b\tc ~!"), ("x.custom_name", ""))


@pytest.mark.parametrize("key", ["k\u2028", "caf\xe9", "a\r\nb", "\x00", "\U0001f600"])
def test_idempotency_keys_http_cannot_carry_are_refused(options: ClientOptions, key: str) -> None:
    with pytest.raises(ValueError, match="idempotency_key must be non-empty printable text"):
        build_request(options, SEND, body={}, idempotency_key=key)
    with pytest.raises(ValueError, match="non-empty printable text"):
        build_request(options, SEND, body={"idempotency_key": key}, new_idempotency_key=str)


@pytest.mark.parametrize("bad", ["sk_test_\u2028x", "sk_test_caf\xe9", "sk_test_\U0001f600"])
def test_api_keys_and_default_headers_http_cannot_carry_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="outside ASCII") as caught:
        ClientOptions(api_key=bad)
    assert bad not in str(caught.value)
    with pytest.raises(ValueError, match="printable ASCII only") as caught:
        ClientOptions(api_key=API_KEY, default_headers=(("X-Key", bad),))
    assert bad not in str(caught.value)


# -- webhooks ---------------------------------------------------------------------------


SECRET = "whsec_test"


@pytest.mark.parametrize("payload", [VERY_DEEP, b"[" * 100_000])
def test_a_deeply_nested_signed_event_is_a_verification_error(payload: bytes) -> None:
    with pytest.raises(WebhookVerificationError, match="nested too deeply"):
        construct_event(payload, sign_payload(payload, SECRET), SECRET)


@pytest.mark.parametrize("payload", [5, 10**12, None, 1.5, ["a"]])
def test_a_payload_that_is_not_bytes_or_text_never_verifies(payload: object) -> None:
    header = sign_payload(b"\x00" * 5, SECRET)
    assert verify_signature(payload, header, SECRET) is False  # type: ignore[arg-type]  # on purpose
    with pytest.raises(WebhookVerificationError):
        construct_event(payload, header, SECRET)  # type: ignore[arg-type]  # on purpose


@pytest.mark.parametrize(
    "message",
    [
        "Missing or invalid bearer token",
        "Missing API key: send 'Authorization: Bearer sk_…'",
        "Malformed Authorization header: expected 'Bearer <api key>'",
    ],
)
def test_messages_that_only_mention_keys_are_kept_whole(message: str) -> None:
    error = error_from_response(Response(401, (), f'{{"error": "{message}"}}'.encode()))
    assert error.error == message


@pytest.mark.parametrize("name", ["X-Trace\n", "X-Trace\r\n", "X Trace", "X-Tr\u0430ce"])
def test_default_header_names_that_are_no_tokens_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="is not a valid header name"):
        ClientOptions(api_key=API_KEY, default_headers=((name, "v"),))


def test_route_words_in_the_detail_survive_while_ids_are_blanked() -> None:
    request = request_to("https://api.poststack.dev/contacts/con_7Q/unsubscribe")
    detail = "no answer queued for contacts.unsubscribe (id con_7Q)"
    error = error_from_transport(TransportError(detail), request)
    assert "contacts.unsubscribe" in error.error
    assert "con_7Q" not in error.error
