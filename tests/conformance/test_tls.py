"""TLS over every adapter: verified by default, a CA bundle or an ``ssl.SSLContext`` via
``verify=``, and an untrusted certificate is a `TLSError` that is never retried.

The sandbox speaks plain HTTP, so this file serves one canned answer over TLS from a
self-signed certificate made with the ``openssl`` command (skipped where it is missing).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack_proto import TLSError
from poststack_transports import make_async_transport, make_sync_transport

from .conftest import ADAPTERS, is_async, transport_name

ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
    b'Connection: close\r\n\r\n{"data":[]}'
)


class TLSServer:
    """Accepts TLS connections in a thread and answers each request with `ANSWER`."""

    def __init__(self, cert: Path, key: Path, *, answer_after: float = 0.0) -> None:
        self.answer_after = answer_after  # seconds of silence between request and answer
        self.stopping = threading.Event()  # ends that silence at once, on close()
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.accepted += 1
            with raw:
                try:
                    with self.context.wrap_socket(raw, server_side=True) as tls:
                        tls.settimeout(5)
                        data = b""
                        while b"\r\n\r\n" not in data:
                            chunk = tls.recv(65536)
                            if not chunk:
                                break
                            data += chunk
                        if self.stopping.wait(self.answer_after):
                            return
                        tls.sendall(ANSWER)
                except (OSError, ssl.SSLError):
                    pass  # the client refused our certificate: that is the point

    def close(self) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):  # wakes the accept() under way (Linux)
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    options = "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
    names = "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost"
    subprocess.run(
        [openssl, *options.split(), *names.split(), "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def server(certificate: tuple[Path, Path]) -> Iterator[TLSServer]:
    running = TLSServer(*certificate)
    yield running
    running.close()


def _list_emails(
    adapter: str, port: int, client_options: dict[str, Any] | None = None, **transport_options: Any
) -> Any:
    name = transport_name(adapter)
    options: dict[str, Any] = {"api_key": "sk_test_tls", "base_url": f"https://127.0.0.1:{port}"}
    options.update(client_options or {})
    if is_async(adapter):

        async def run() -> Any:
            transport = make_async_transport(name, **transport_options)
            try:
                async with AsyncPostStack(transport=transport, **options) as ps:
                    return await ps.emails.list()
            finally:
                await transport.aclose()

        return asyncio.run(run())
    transport = make_sync_transport(name, **transport_options)
    try:
        with PostStack(transport=transport, **options) as ps:
            return ps.emails.list()
    finally:
        transport.close()


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_untrusted_certificate_is_a_tls_error_never_retried(
    adapter: str, server: TLSServer
) -> None:
    with pytest.raises(PostStackError) as caught:
        _list_emails(adapter, server.port)
    error = caught.value
    assert (error.status_code, error.code) == (0, "connection_error")
    assert type(error.__cause__) is TLSError
    assert server.accepted == 1


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_ca_bundle_path(adapter: str, server: TLSServer, certificate: tuple[Path, Path]) -> None:
    assert _list_emails(adapter, server.port, verify=str(certificate[0])) == {"data": []}


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_ssl_context(adapter: str, server: TLSServer, certificate: tuple[Path, Path]) -> None:
    context = ssl.create_default_context(cafile=str(certificate[0]))
    assert _list_emails(adapter, server.port, verify=context) == {"data": []}


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_a_silent_tls_server_is_a_timeout(adapter: str, certificate: tuple[Path, Path]) -> None:
    """The attempt's deadline ends a read blocked inside TLS (the blocking h11 transport
    shuts the socket down under the reading thread), and the TLS object survives it."""
    opened = _open_descriptors()
    server = TLSServer(*certificate, answer_after=3.0)
    try:
        started = time.monotonic()
        with pytest.raises(PostStackError) as caught:
            _list_emails(
                adapter, server.port, {"timeout": 0.5, "max_retries": 0}, verify=str(certificate[0])
            )
        elapsed = time.monotonic() - started
    finally:
        server.close()  # its listener and its side of the connection
    assert (caught.value.status_code, caught.value.code) == (0, "timeout")
    assert elapsed < 2.5  # about 0.5 s; the server would answer after 3
    # The client's connection is closed by now, at once: not left waiting for a TLS
    # close_notify from the silent server, then for the garbage collector.
    if opened is not None:
        gc.collect()
        assert _open_descriptors() == opened


def _open_descriptors() -> int | None:
    """How many file descriptors this process has open (``None`` without ``/proc``)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return None
