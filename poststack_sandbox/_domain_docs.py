"""Domain documents: a new domain with its DNS records, verification, and pre-registration.

Kept apart from the ``/domains`` handlers so that the sandbox state can seed pre-registered
domains without importing the HTTP layer.
"""

from __future__ import annotations

from typing import Any

from ._store import Document, Store
from ._util import format_ts, new_public_id, now

__all__ = ["mark_verified", "new_domain", "register_verified"]


def _dns_records(name: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "TXT",
            "name": name,
            "value": "v=spf1 include:spf.poststack.dev ~all",
            "purpose": "spf",
            "verified": False,
        },
        {
            "type": "TXT",
            "name": f"poststack._domainkey.{name}",
            "value": "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC-sandbox",
            "purpose": "dkim",
            "verified": False,
        },
        {
            "type": "TXT",
            "name": f"_dmarc.{name}",
            "value": "v=DMARC1; p=none;",
            "purpose": "dmarc",
            "verified": False,
        },
        {
            "type": "CNAME",
            "name": f"bounces.{name}",
            "value": "return.poststack.dev",
            "purpose": "return_path",
            "verified": False,
        },
    ]


def new_domain(name: str) -> Document:
    return {
        "id": 0,
        "publicId": new_public_id("dom"),
        "name": name,
        "status": "pending",
        "region": "eu-west-1",
        "dnsRecords": _dns_records(name),
        "openTracking": False,
        "clickTracking": False,
        "trackingDomain": None,
        "customReturnPath": None,
        "catchAll": False,
        "inboundEnabled": False,
        "tlsMode": "opportunistic",
        "streamPreference": "any",
        "bimiLogoUrl": None,
        "verifiedAt": None,
        "createdAt": format_ts(now()),
    }


def mark_verified(domain: Document, ok: bool) -> None:
    domain["status"] = "verified" if ok else "failed"
    for record in domain["dnsRecords"]:
        record["verified"] = ok
    domain["verifiedAt"] = format_ts(now()) if ok else None


def register_verified(store: Store, name: str) -> Document:
    """Create ``name`` as a verified domain, or verify it if it exists; returns it."""
    with store.transaction():
        domain = store.get_by_key("domains", name)
        if domain is None:
            domain = new_domain(name)
            mark_verified(domain, True)
            return store.insert("domains", domain, key=name)
        if domain["status"] != "verified":
            mark_verified(domain, True)
            store.update("domains", domain)
        return domain
