"""Options of the session's sandbox (the poststack plugin's ``poststack_sandbox``)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def poststack_sandbox_options() -> dict[str, Any]:
    # A generous quota, so a runaway loop in a test hits a clear 429 instead of going on.
    return {"monthly_quota": 10_000}
