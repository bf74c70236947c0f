"""Building a client costs no TLS context and no connection pool: the first request makes
them (a serverless cold start pays only for what it uses)."""

from __future__ import annotations

import ssl
from typing import Any

import aiohttp
import httpx
import pytest
import requests

from poststack import AsyncPostStack, PostStack

from .conftest import ADAPTERS, Client, is_async
from .faultserver import RawServer, email


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_building_a_client_makes_no_ssl_context_and_no_pool(
    adapter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real_new = ssl.SSLContext.__new__

    def counting_new(cls: type[ssl.SSLContext], *args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append("SSLContext")
        return real_new(cls, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "__new__", counting_new)
    for pool in (httpx.Client, httpx.AsyncClient, requests.Session, aiohttp.ClientSession):
        real_init = pool.__init__

        def counting_init(self: Any, *args: Any, _real: Any = real_init, **kwargs: Any) -> None:
            made.append(type(self).__name__)
            _real(self, *args, **kwargs)

        monkeypatch.setattr(pool, "__init__", counting_init)
    name = adapter.removesuffix("-async")
    if is_async(adapter):
        AsyncPostStack(api_key="sk_test_cold", base_url="https://api.example.com", transport=name)
    else:
        PostStack(api_key="sk_test_cold", base_url="https://api.example.com", transport=name)
    assert made == []
    # The counters do count: the first request makes the pool.
    with RawServer() as server:
        client = Client(adapter, server.url)
        try:
            assert client.get("em_1") == email("em_1")
        finally:
            client.close()
    if adapter not in {"h11", "h11-async"}:  # h11 has no pool object to count
        assert made != []
