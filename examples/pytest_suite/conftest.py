"""Options of the session's sandbox (the poststack plugin's ``poststack_sandbox``)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def poststack_sandbox_options() -> dict[str, Any]:
    # A generous quota, so a runaway loop in a test hits a clear 429 instead of going on.
    # The shop sends from example.com: the sandbox refuses unknown domains, as the API does.
    # Instant delivery: the tests read "delivered" right after a send.
    return {"monthly_quota": 10_000, "domains": ["example.com"], "delivery_delay": 0}
