"""The official module ``poststack.resources.contact_properties``.

Its two names are the classes of ``ps.contact_properties``, sync and async.
"""

from __future__ import annotations

from .._async.contact_properties import AsyncContactProperties as AsyncContactPropertiesResource
from .._sync.contact_properties import ContactProperties as ContactPropertiesResource

__all__ = ["ContactPropertiesResource", "AsyncContactPropertiesResource"]
