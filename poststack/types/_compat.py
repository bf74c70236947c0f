"""Where the payload types take their TypedDict machinery from: ``typing`` from Python 3.12,
``typing_extensions`` before.

``typing`` has all of it from 3.11, but pydantic refuses ``typing.TypedDict`` before 3.12,
and users validate these types with it. From 3.12 a first call of a resource, which imports
these modules, then costs no typing_extensions import (10 to 30 ms).
"""

import sys

if sys.version_info >= (3, 12):
    from typing import NotRequired, Required, TypedDict, is_typeddict
else:
    from typing_extensions import NotRequired, Required, TypedDict, is_typeddict

__all__ = ["NotRequired", "Required", "TypedDict", "is_typeddict"]
