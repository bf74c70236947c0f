"""The settings every fuzz property runs under.

One profile, ``"poststack-fuzz"``, applied to each property through ``@examples(n)``:
many examples (54,500 cases per interpreter in all, so 109,000 per CI run on two
interpreters; ``test_fuzz_budget.py`` holds the suite to at least 50,000), no deadline (a
shared CI machine is not a benchmark), no example database (nothing written to the
checkout), and no output unless a property fails (then Hypothesis reports the smallest
failing example).

``POSTSTACK_FUZZ_SCALE`` multiplies every property's example count (``0.01`` for a quick
local run, ``10`` for a long soak); it defaults to 1.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from hypothesis import HealthCheck, settings

from poststack_proto import PostStackError

SCALE = float(os.environ.get("POSTSTACK_FUZZ_SCALE", "1"))

settings.register_profile(
    "poststack-fuzz",
    deadline=None,
    # Nothing is written anywhere, in CI or not; a failure prints its replay line instead.
    database=None,
    print_blob=True,  # on a failure only: the line that replays it (@reproduce_failure)
    # Large and deeply nested bodies are the point here, not a sign of a slow strategy.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def examples(count: int) -> settings:
    """The fuzz profile with ``count`` examples (scaled by ``POSTSTACK_FUZZ_SCALE``)."""
    return settings(settings.get_profile("poststack-fuzz"), max_examples=max(1, int(count * SCALE)))


def outcome(function: Callable[..., object], *args: object, **kwargs: object) -> object:
    """What ``function`` returned, or the `PostStackError` it raised (anything else escapes,
    and so fails the property)."""
    try:
        return function(*args, **kwargs)
    except PostStackError as error:
        return error
