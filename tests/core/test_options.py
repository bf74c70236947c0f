from __future__ import annotations

import pytest

from poststack_proto import USER_AGENT, ClientOptions, __version__, is_loopback_host

from .conftest import API_KEY


def test_defaults_and_base_headers() -> None:
    options = ClientOptions(api_key=API_KEY)
    assert options.base_url == "https://api.poststack.dev"
    assert options.timeout == 30.0
    assert not hasattr(options, "max_retries")  # its one home is RetryPolicy (CallConfig.policy)
    assert options.base_headers == (
        ("Authorization", f"Bearer {API_KEY}"),
        ("Content-Type", "application/json"),
        ("User-Agent", f"PostStack-Python-SDK/{__version__}"),
    )
    assert f"PostStack-Python-SDK/{__version__}" == USER_AGENT


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://api.poststack.dev/", "https://api.poststack.dev"),
        ("https://api.poststack.dev///", "https://api.poststack.dev"),
        ("https://proxy.example.com/poststack/", "https://proxy.example.com/poststack"),
        ("https://proxy.example.com:8443/a/b", "https://proxy.example.com:8443/a/b"),
        ("http://127.0.0.1:8025", "http://127.0.0.1:8025"),
        ("http://localhost:8025/", "http://localhost:8025"),
        ("http://[::1]:9/", "http://[::1]:9"),
        ("https://xn--bcher-kva.example/a%20b/", "https://xn--bcher-kva.example/a%20b"),
        ("https://proxy.example.com/~team/v1;x=1", "https://proxy.example.com/~team/v1;x=1"),
        ("https://API.PostStack.dev.", "https://API.PostStack.dev."),
        ("https://mail_sandbox:8025", "https://mail_sandbox:8025"),
    ],
)
def test_base_url_is_normalised_and_keeps_prefixes(given: str, kept: str) -> None:
    assert ClientOptions(api_key=API_KEY, base_url=given).base_url == kept


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("api.poststack.dev", "must start with https://"),
        ("ftp://api.poststack.dev", "must start with https://"),
        ("https://", "has no host"),
        ("https:///emails", "has no host"),
        ("https://api.poststack.dev/?x=1", "query or fragment"),
        ("https://user:pw@api.poststack.dev", "credentials"),
        ("http://api.poststack.dev", "plain http"),
        ("https://api.poststack.dev/my proxy", "path may hold only URL characters"),
        ("https://api.poststack.dev/bücher", "path may hold only URL characters"),
        ("https://api.poststack.dev/a%zz", "path may hold only URL characters"),
        ("https://api.poststack.dev/a\tb", "control characters"),
        ("https://api.poststack.dev/a\nb", "control characters"),
        ("https://api poststack.dev", "invalid host"),
        ("https://bücher.example", "punycode"),
        ("https://api.poststack.dev:notaport", "invalid port"),
        ("https://api.poststack.dev:99999", "invalid port"),
        ("https://-bad.example", "invalid host"),
    ],
)
def test_bad_base_url_is_refused_by_name(base_url: str, message: str) -> None:
    with pytest.raises(ValueError, match="base_url") as caught:
        ClientOptions(api_key=API_KEY, base_url=base_url)
    assert message in str(caught.value)


def test_insecure_http_only_when_asked() -> None:
    options = ClientOptions(
        api_key=API_KEY, base_url="http://mail.internal", allow_insecure_http=True
    )
    assert options.base_url == "http://mail.internal"


@pytest.mark.parametrize(
    ("kwargs", "kind", "message"),
    [
        ({"timeout": 0}, ValueError, "timeout must be a positive"),
        ({"timeout": -1.5}, ValueError, "timeout must be a positive"),
        ({"timeout": float("inf")}, ValueError, "timeout must be a positive"),
        ({"timeout": float("nan")}, ValueError, "timeout must be a positive"),
        ({"timeout": "30"}, TypeError, "timeout must be a number"),
        ({"timeout": True}, TypeError, "timeout must be a number"),
        ({"base_url": None}, TypeError, "base_url must be a str"),
    ],
)
def test_bad_options_name_the_argument(
    kwargs: dict[str, object], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        ClientOptions(api_key=API_KEY, **kwargs)  # type: ignore[arg-type]  # wrong on purpose


@pytest.mark.parametrize(
    ("api_key", "kind", "message"),
    [
        ("", ValueError, "api_key is empty"),
        ("   ", ValueError, "api_key is empty"),
        ("sk_test_abc\r\nX-Evil: 1", ValueError, "control characters"),
        (" sk_test_abc", ValueError, "whitespace"),
        (None, TypeError, "api_key must be a str"),
    ],
)
def test_bad_api_key_is_refused_without_echoing_it(
    api_key: object, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message) as caught:
        ClientOptions(api_key=api_key)  # type: ignore[arg-type]  # wrong on purpose
    if isinstance(api_key, str) and api_key.strip():
        assert api_key.strip() not in str(caught.value)


def test_repr_never_shows_the_key() -> None:
    options = ClientOptions(api_key=API_KEY)
    assert API_KEY not in repr(options)
    assert "https://api.poststack.dev" in repr(options)


def test_default_headers_are_added_and_may_replace_user_agent() -> None:
    options = ClientOptions(
        api_key=API_KEY, default_headers=(("User-Agent", "my-app/1.0"), ("X-Team", "growth"))
    )
    assert options.base_headers == (
        ("Authorization", f"Bearer {API_KEY}"),
        ("Content-Type", "application/json"),
        ("User-Agent", "my-app/1.0"),
        ("X-Team", "growth"),
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ((("Authorization", "Bearer other"),), "may not set 'Authorization'"),
        ((("Bad Name", "x"),), "not a valid header name"),
        ((("X-Ok", "a\nb"),), "without control characters"),
    ],
)
def test_bad_default_headers(headers: tuple[tuple[str, str], ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ClientOptions(api_key=API_KEY, default_headers=headers)


def test_replace_validates_again() -> None:
    options = ClientOptions(api_key=API_KEY)
    assert options.replace(timeout=5).timeout == 5.0
    assert options.replace(timeout=5).base_headers == options.base_headers
    with pytest.raises(ValueError, match="timeout"):
        options.replace(timeout=0)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("mail.localhost", True),
        ("127.attacker.example", False),
        ("127.0.0.1.nip.io", False),
        ("localhost.attacker.example", False),
        ("10.0.0.1", False),
        ("[::ffff:8.8.8.8]", False),
    ],
)
def test_loopback_means_loopback(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback
    url = f"http://{host}:8025"
    if loopback:
        assert ClientOptions(api_key=API_KEY, base_url=url).base_url.startswith("http://")
    else:
        with pytest.raises(ValueError, match="allow_insecure_http"):
            ClientOptions(api_key=API_KEY, base_url=url)
