"""The sandbox every docs snippet and example runs against.

Snippets and examples send from addresses at ``example.com`` and ``yourdomain.com``. Once the
sandbox refuses unverified sending domains (its ``domains=`` parameter), they are registered
as verified here, in one place, for the docs tests and the example tests alike.
"""

from __future__ import annotations

import inspect
from typing import Any

from poststack_sandbox import Sandbox

__all__ = ["DOC_DOMAINS", "docs_sandbox"]

#: The sending domains the docs and examples use.
DOC_DOMAINS = ["example.com", "yourdomain.com"]


def docs_sandbox(**options: Any) -> Sandbox:
    """A (not yet started) `Sandbox` that accepts sends from `DOC_DOMAINS`."""
    # The sandbox's domains= parameter arrives with issue #12; until then every domain is
    # accepted and there is nothing to register. Once it is merged this check can become
    # the plain keyword argument: options.setdefault("domains", DOC_DOMAINS).
    if "domains" in inspect.signature(Sandbox).parameters:
        options.setdefault("domains", DOC_DOMAINS)
    return Sandbox(**options)
