"""The API key never shows: not in logs (every logger, at DEBUG), reprs, or errors and
their whole cause chain, whatever the adapter and whatever went wrong."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable

import pytest

from poststack import PostStackError
from poststack_sandbox import Sandbox

from .conftest import PAYLOAD, Connect

SECRET = "sk_test_DoNotLeakMe0123456789abcdef"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_key_never_appears(
    connect: Connect, sb: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every library's records too
    ps = connect(api_key=SECRET, timeout=0.3)
    texts = [repr(ps), repr(ps.transport), str(ps.base_url)]
    sb.add_fault("POST", "/emails", [{"status": 503}, {"close": "after_processing"}])
    ps.emails.send(PAYLOAD)
    sb.add_fault("GET", "/emails", [{"delay": 1.0, "status": 503}])
    failing: list[Callable[[], object]] = [
        lambda: ps.emails.send({**PAYLOAD, "to": []}),  # 400 from the server
        lambda: ps.emails.get("em_missing"),  # 404
        ps.with_options(max_retries=0).emails.list,  # read timeout
        lambda: connect(
            api_key=SECRET, base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=0
        ).emails.send(PAYLOAD),  # refused
    ]
    for call in failing:
        with pytest.raises(PostStackError) as caught:
            call()
        error = caught.value
        texts += [str(error), repr(error), *traceback.format_exception(error)]
        texts += [f"{key}: {value}" for key, value in error.headers.items()]
    texts.append(caplog.text)
    assert any(record.name == "poststack" for record in caplog.records)  # it did log
    for text in texts:
        assert SECRET not in text
        assert SECRET[8:] not in text  # nor the part after the prefix
