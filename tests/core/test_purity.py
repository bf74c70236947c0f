"""The core must do no I/O: it must import and finish a whole call with every way of doing
I/O made unavailable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import poststack_proto

PROBE = textwrap.dedent(
    """
    import builtins, sys, time

    FORBIDDEN = ("socket", "ssl", "asyncio", "selectors", "http.client", "urllib.request",
                 "httpx", "httpcore", "requests", "urllib3", "aiohttp", "h11", "anyio", "trio")
    for name in FORBIDDEN:
        sys.modules[name] = None  # import of any of these now raises ImportError
    def no_sleep(seconds):
        raise AssertionError("the core slept")
    time.sleep = no_sleep
    real_import = builtins.__import__
    def guarded(name, *args, **kwargs):
        if name.split(".")[0] in FORBIDDEN or name in FORBIDDEN:
            raise ImportError(f"blocked: {name}")
        return real_import(name, *args, **kwargs)
    builtins.__import__ = guarded

    import pkgutil, importlib
    import poststack_proto
    for module in pkgutil.walk_packages(poststack_proto.__path__, "poststack_proto."):
        importlib.import_module(module.name)

    from poststack_proto import CallConfig, ClientOptions, Response, endpoint, run_sync
    config = CallConfig(ClientOptions(api_key="sk_test_x"), random=lambda: 0.0,
                        new_idempotency_key=lambda: "k")
    answers = [Response(503, (), b""), Response(202, (), b'{"id":"em_1"}')]
    waits = []
    result = run_sync(
        config.flow(endpoint("emails.send"), body={"from": "a@b.c", "to": ["d@e.f"]}),
        lambda request: answers.pop(0),
        waits.append,
    )
    assert result == {"id": "em_1"}, result
    assert waits == [0.0], waits
    loaded = sorted(n for n in FORBIDDEN if sys.modules.get(n) is not None)
    assert not loaded, loaded
    print("pure")
    """
)


def test_core_imports_and_completes_a_call_without_any_io() -> None:
    root = Path(poststack_proto.__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-I", "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pure"


def test_core_source_names_no_io_module() -> None:
    package = Path(poststack_proto.__file__).resolve().parent
    offenders = [
        f"{path.name}:{number}"
        for path in package.glob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.lstrip().startswith(("import ", "from "))
        and any(
            f" {name}" in line.split("#")[0]
            for name in ("socket", "ssl", "asyncio", "httpx", "requests", "aiohttp", "h11", "time")
        )
    ]
    assert offenders == []
