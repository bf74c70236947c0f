from __future__ import annotations

import pickle

import pytest

from poststack_proto import (
    ConnectError,
    PostStackError,
    ReadTimeout,
    Response,
    error_from_response,
    error_from_transport,
    parse_success,
)

from .conftest import response


def test_api_error_body_maps_every_field() -> None:
    error = error_from_response(
        response(
            422,
            {"error": "Domain not verified", "code": "unprocessable_entity"},
            X_Request_Id="req_abc",
            X_RateLimit_Remaining="9",
        )
    )
    assert (error.status_code, error.error, error.code, error.request_id) == (
        422,
        "Domain not verified",
        "unprocessable_entity",
        "req_abc",
    )
    assert error.headers == {"x-request-id": "req_abc", "x-ratelimit-remaining": "9"}
    assert error.retry_after is None
    assert error.body == b'{"error": "Domain not verified", "code": "unprocessable_entity"}'


def test_body_without_code() -> None:
    error = error_from_response(response(401, {"error": "Invalid API key"}))
    assert (error.error, error.code) == ("Invalid API key", None)


def test_retry_after_is_parsed_onto_the_error() -> None:
    error = error_from_response(response(429, {"error": "slow", "code": "x"}, Retry_After="120"))
    assert error.retry_after == 120.0


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            Response(
                502,
                (("Content-Type", "text/html"),),
                b"<html><body><h1>502 Bad Gateway</h1>" + b"x" * 10_000,
            ),
            "Bad Gateway (the server sent an HTML page, not an API error; often a proxy)",
        ),
        (Response(503, (), b""), "Service Unavailable (empty response body)"),
        (Response(500, (), b"   \n"), "Internal Server Error (empty response body)"),
        (
            Response(500, (), b"\xff\xfe\x00garbage"),
            "Internal Server Error (10 bytes of non-text body)",
        ),
        (Response(504, (), b"upstream timed out"), "Gateway Timeout: upstream timed out"),
        (Response(400, (), b'{"error": 5}'), 'Bad Request: {"error": 5}'),
        (Response(400, (), b"[1, 2]"), "Bad Request: [1, 2]"),
        (Response(599, (), b""), "Unknown status (empty response body)"),
        (Response(500, (), b'{"error": "x"'), 'Internal Server Error: {"error": "x"'),
    ],
)
def test_unreadable_bodies_still_give_a_useful_short_message(
    answer: Response, message: str
) -> None:
    error = error_from_response(answer)
    assert error.error == message
    assert error.code is None
    assert error.body == answer.body


def test_huge_bodies_keep_the_message_short() -> None:
    huge_json = ('{"error": "' + "e" * 100_000 + '", "code": "x"}').encode()
    assert len(error_from_response(Response(500, (), huge_json)).error) <= 300
    huge_text = b"t" * 1_000_000
    assert len(error_from_response(Response(500, (), huge_text)).error) <= 300
    long_message = {"error": "m" * 5000, "code": "invalid_request"}
    shortened = error_from_response(response(400, long_message))
    assert len(shortened.error) == 300
    assert shortened.error.endswith("…")
    assert shortened.code == "invalid_request"


def test_str_and_repr_show_status_code_message_and_request_id() -> None:
    error = PostStackError(429, "Too many requests", "rate_limit_exceeded", "req_1")
    assert str(error) == "HTTP 429 rate_limit_exceeded: Too many requests (request id req_1)"
    assert repr(error) == (
        "PostStackError(status_code=429, error='Too many requests', "
        "code='rate_limit_exceeded', request_id='req_1')"
    )
    assert str(PostStackError(0, "Connection failed: refused", "connection_error")) == (
        "network connection_error: Connection failed: refused"
    )


def test_pickles_with_every_attribute() -> None:
    error = PostStackError(
        503, "down", "internal_error", "req_9", {"Retry-After": "3"}, 3.0, b'{"error":"down"}'
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is PostStackError
    assert vars(copy) == vars(error)
    assert (
        copy.status_code,
        copy.error,
        copy.code,
        copy.request_id,
        copy.retry_after,
        copy.body,
    ) == (
        503,
        "down",
        "internal_error",
        "req_9",
        3.0,
        b'{"error":"down"}',
    )
    assert copy.headers == {"retry-after": "3"}


def test_official_positional_signature_is_kept() -> None:
    error = PostStackError(404, "Domain not found", "not_found", "r", {"A": "b"}, None)
    assert error.headers == {"a": "b"}
    assert error.body == b""


@pytest.mark.parametrize(
    ("failure", "code", "prefix"),
    [
        (ConnectError("refused"), "connection_error", "Connection failed: refused"),
        (ReadTimeout("read timed out"), "timeout", "Request timed out: read timed out"),
        (ReadTimeout(), "timeout", "Request timed out: ReadTimeout"),
    ],
)
def test_network_failures(failure: Exception, code: str, prefix: str) -> None:
    assert isinstance(failure, (ConnectError, ReadTimeout))
    error = error_from_transport(failure)
    assert (error.status_code, error.code, error.error) == (0, code, prefix)
    assert error.is_network_error


def test_success_bodies_by_kind() -> None:
    assert parse_success("json", Response(202, (), b'{"id":"em_1"}')) == {"id": "em_1"}
    assert parse_success("text", Response(200, (), "a,b\nç,d\n".encode())) == "a,b\nç,d\n"
    assert parse_success("bytes", Response(200, (), b"\x00\x01")) == b"\x00\x01"


def test_unreadable_success_body_is_an_invalid_response_error() -> None:
    with pytest.raises(PostStackError) as caught:
        parse_success("json", Response(202, (("x-request-id", "r7"),), b"<html>ok</html>"))
    error = caught.value
    assert (error.status_code, error.code, error.request_id) == (202, "invalid_response", "r7")
    assert "may have taken effect" in error.error


def test_a_success_body_that_is_not_utf8_is_an_invalid_response() -> None:
    with pytest.raises(PostStackError) as caught:
        parse_success("json", Response(200, (), b'{"id": "\xff"}'))
    assert caught.value.code == "invalid_response"
