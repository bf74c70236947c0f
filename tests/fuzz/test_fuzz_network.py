"""A transport failure of any kind and any text becomes a network `PostStackError` that names
the host and port it tried, and never the path's ids, the query, URL userinfo or the key."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import assume, given
from hypothesis import strategies as st

from poststack_proto import PostStackError, Request, TransportError
from poststack_proto._responses import error_from_transport

from .conftest import examples
from .strategies import FAILURE_KINDS, Reader

HOSTS = [
    ("https", "api.poststack.dev", "", "api.poststack.dev:443"),
    ("http", "127.0.0.1", ":8025", "127.0.0.1:8025"),
    ("https", "[::1]", ":9443", "[::1]:9443"),
    ("http", "localhost", "", "localhost:80"),
    ("https", "proxy.example", ":1", "proxy.example:1"),
]
PREFIXES = ["", "/ps", "/a%20b"]
CODES = {"connection_error", "timeout", "transport_error"}


@examples(3_000)
@given(raw=st.binary(max_size=64))
def test_a_network_error_names_host_and_port_and_nothing_secret(raw: bytes) -> None:
    read = Reader(raw)
    scheme, host, port, where = read.pick(HOSTS)
    prefix = read.pick(PREFIXES)
    secret_id = f"QZ{read.number(3)}"
    the_id = secret_id + read.text(read.byte() % 8)
    key = f"sk_test_K{read.number(3)}"
    password = f"PW{read.number(3)}"
    kind = read.pick(FAILURE_KINDS)
    pieces = [read.byte() % 8 for _ in range(read.byte() % 5)]
    noise = read.text(24)
    for secret in (secret_id, key, password):
        assume(secret not in noise)
    path = f"{prefix}/contacts/{quote(the_id, safe='')}"
    query = f"email={quote(secret_id)}%40example.com&page=2"
    url = f"{scheme}://{host}{port}{path}?{query}"
    request = Request("GET", url, (("Authorization", f"Bearer {key}"),))
    # What libraries put into their messages: the URL, its path (raw, decoded or half
    # decoded), proxies with credentials, the header.
    said = [
        url,
        path,
        f"{path}?{query}",
        f"{prefix}/contacts/{the_id}",
        f"http://user:{password}@proxy.corp:3128/x",
        f"Authorization: Bearer {key}",
        key,
        noise,
    ]
    failure = kind(" ".join([said[i] for i in pieces] + [noise]))
    error = error_from_transport(failure, request)
    assert type(error) is PostStackError
    assert (error.status_code, error.body) == (0, b"")
    assert error.code in CODES
    assert f" {where}" in error.error
    for secret in (secret_id, key, password):
        assert secret not in error.error
        assert secret not in str(error)
        assert secret not in repr(error)


@examples(1_000)
@given(
    url=st.one_of(st.text(max_size=40), st.sampled_from(["http://[::1", "https://h:99999/x"])),
    detail=st.text(max_size=40),
    kind=st.sampled_from(FAILURE_KINDS),
)
def test_any_request_url_still_gives_a_network_error(
    url: str, detail: str, kind: type[TransportError]
) -> None:
    error = error_from_transport(kind(detail), Request("POST", url, ()))
    assert error.status_code == 0
    assert error.code in CODES
    assert error.error
