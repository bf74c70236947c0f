"""The official module ``poststack.resources.email_validations``.

Its two names are the classes of ``ps.email_validations``, sync and async.
"""

from __future__ import annotations

from .._async.email_validations import AsyncEmailValidations as AsyncEmailValidationsResource
from .._sync.email_validations import EmailValidations as EmailValidationsResource

__all__ = ["EmailValidationsResource", "AsyncEmailValidationsResource"]
