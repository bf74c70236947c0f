"""Core-only cost of one send, measured in a fresh process: ``python core.py``.

``PostStack`` runs over an in-memory transport that answers every request with the same
canned 202, so what is timed is only our work: build the request (JSON body, headers,
Idempotency-Key), hand it over, parse the response and decide it is a result. No socket,
no event loop. Timed with ``time.process_time`` in ``--repeat`` batches of ``--number``
calls, garbage collector on (a real program has one). Prints one JSON object, like
variants.py, with ``status`` ok, unavailable or failed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import traceback
from typing import Any

from variants import API_KEY, PAYLOAD, Unavailable, load_module, our_poststack


class MemoryTransport:
    """A sync transport that never leaves the process."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.requests = 0

    def send(self, request: Any) -> Any:
        self.requests += 1
        return self.response

    def close(self) -> None:
        pass


def measure(number: int, repeat: int) -> dict[str, Any]:
    poststack = our_poststack()
    proto = load_module("poststack_proto")
    response = proto.Response(
        status=202,
        headers=(("content-type", "application/json"), ("x-request-id", "req_1")),
        body=b'{"id":"em_1"}',
    )
    transport = MemoryTransport(response)
    with poststack.PostStack(
        api_key=API_KEY, base_url="http://127.0.0.1:9", transport=transport
    ) as client:
        send = client.emails.send
        for _ in range(min(number, 1000)):  # warm up
            send(PAYLOAD)
        batches: list[float] = []
        for _ in range(repeat):
            cpu0 = time.process_time()
            for _ in range(number):
                send(PAYLOAD)
            batches.append((time.process_time() - cpu0) / number * 1e6)
        if send(PAYLOAD)["id"] != "em_1":
            raise RuntimeError("the in-memory send did not return the canned id")
    return {
        "us_per_call": statistics.median(batches),
        "us_per_call_min": min(batches),
        "us_per_call_batches": batches,
        "calls": transport.requests,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time one send through the core alone.")
    parser.add_argument("--number", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"name": "core"}
    code = 0
    try:
        out.update(measure(args.number, args.repeat), status="ok")
    except Unavailable as exc:
        out.update(status="unavailable", reason=str(exc))
    except Exception as exc:
        out.update(status="failed", reason=f"{type(exc).__name__}: {exc}")
        traceback.print_exc()
        code = 1
    print(json.dumps(out), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
