"""The official module ``poststack.resources.signup_forms``.

Its two names are the classes of ``ps.signup_forms``, sync and async.
"""

from __future__ import annotations

from .._async.signup_forms import AsyncSignupForms as AsyncSignupFormsResource
from .._sync.signup_forms import SignupForms as SignupFormsResource

__all__ = ["SignupFormsResource", "AsyncSignupFormsResource"]
