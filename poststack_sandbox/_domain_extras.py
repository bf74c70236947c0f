"""The rest of ``/domains``: IP assignment, DMARC reports/stats/sources, DKIM rotation and
inbox placement.

The sandbox has no IP pool, receives no DMARC aggregate reports and reads no DNS, so:

* ``POST /domains/:id/ip`` accepts any positive ``ipAddressId`` and remembers it
  (``ipAddressId`` on the domain); ``DELETE`` forgets it;
* DMARC reports: none are ever received (an empty, paginated list); stats and sources count the
  emails sent from the domain in the window as DMARC-aligned passes from one source,
  ``192.0.2.10`` (a documentation address);
* DKIM rotation: ``start`` publishes a pending selector (state ``pending_dns``, with the DNS
  record to add, also listed in ``dnsRecords`` with purpose ``dkim_rotation``); the record counts
  as published once ``POST /domains/:id/verify`` runs (state ``ready``, ``activatesAfter`` 24 h
  later). ``activate`` is 409 while the record is not published (``force`` never skips that
  check) and, without ``?force=true``, before ``activatesAfter``; it makes the pending selector
  active and the old one ``retiring`` for 48 hours. ``DELETE`` cancels a rotation that has not
  been activated;
* placement: totals over the domain's emails in the window, by their events.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import timedelta
from typing import Any

from aiohttp import web

from ._domains import find_domain
from ._errors import ApiError, json_response
from ._http import int_param, read_object, state_of
from ._state import SandboxState
from ._store import Document
from ._util import format_ts, now, parse_iso8601

__all__ = ["routes"]

SOURCE_IP = "192.0.2.10"


def _emails(state: SandboxState, domain: Document, days: int) -> list[Document]:
    since = now() - timedelta(days=days)
    result: list[Document] = []
    for email in state.store.all("emails"):
        created = parse_iso8601(email["createdAt"])
        if email.get("domainId") == domain["id"] and created is not None and created >= since:
            result.append(email)
    return result


def _has(email: Document, event_type: str) -> bool:
    return any(e["eventType"] == event_type for e in email["events"])


async def handle_assign_ip(request: web.Request) -> web.Response:
    state = state_of(request)
    payload = await read_object(request)
    ip_id = payload.get("ipAddressId")
    if isinstance(ip_id, bool) or not isinstance(ip_id, int) or ip_id < 1:
        raise ApiError(400, "'ipAddressId' is required (a positive integer)")
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        domain["ipAddressId"] = ip_id
        state.store.update("domains", domain)
    return json_response({"success": True})


async def handle_unassign_ip(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        domain["ipAddressId"] = None
        state.store.update("domains", domain)
    return json_response({"success": True})


async def handle_dmarc_reports(request: web.Request) -> web.Response:
    state = state_of(request)
    find_domain(state, request.match_info["id"])
    page = int_param(request, "page", 1, 1, 1_000_000)
    per_page = int_param(request, "perPage", 20, 1, 100)
    pagination = {"page": page, "perPage": per_page, "total": 0, "totalPages": 0}
    return json_response({"reports": [], "pagination": pagination})


async def handle_dmarc_stats(request: web.Request) -> web.Response:
    state = state_of(request)
    domain = find_domain(state, request.match_info["id"])
    days = int_param(request, "days", 30, 1, 365)
    emails = _emails(state, domain, days)
    per_day = Counter(e["createdAt"][:10] for e in emails)
    today = now().date()
    daily: list[dict[str, Any]] = []
    for offset in range(days - 1, -1, -1):
        day = (today - timedelta(days=offset)).isoformat()
        daily.append({"date": day, "total": per_day[day], "passed": per_day[day], "failed": 0})
    total = len(emails)
    return json_response(
        {
            "totals": {
                "totalMessages": total,
                "passed": total,
                "spfPassed": total,
                "dkimPassed": total,
            },
            "daily": daily,
        }
    )


async def handle_dmarc_sources(request: web.Request) -> web.Response:
    state = state_of(request)
    domain = find_domain(state, request.match_info["id"])
    days = int_param(request, "days", 30, 1, 365)
    total = len(_emails(state, domain, days))
    sources = [{"sourceIp": SOURCE_IP, "total": total, "passed": total, "failed": 0}]
    return json_response({"sources": sources if total else []})


def _rotation(domain: Document) -> dict[str, Any]:
    rotation: dict[str, Any] | None = domain.get("dkimRotation")
    if rotation is None:
        rotation = {
            "domainId": domain["id"],
            "state": "idle",
            "activeSelector": "poststack",
            "pendingSelector": None,
            "pendingPublicKey": None,
            "pendingRecordName": None,
            "pendingRecordValue": None,
            "startedAt": None,
            "publishedAt": None,
            "activatesAfter": None,
            "retiredSelector": None,
            "retireAfter": None,
        }
    return rotation


def _drop_pending_record(domain: Document) -> None:
    domain["dnsRecords"] = [r for r in domain["dnsRecords"] if r["purpose"] != "dkim_rotation"]


async def handle_start_rotation(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        rotation = _rotation(domain)
        if rotation["state"] in ("pending_dns", "ready"):
            raise ApiError(409, f"A DKIM rotation is already in progress for {domain['name']}")
        moment = now()
        selector = f"poststack{moment.strftime('%Y%m%d%H%M%S')}"
        key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + secrets.token_hex(16)
        name = f"{selector}._domainkey.{domain['name']}"
        value = f"v=DKIM1; k=rsa; p={key}"
        rotation.update(
            state="pending_dns",
            pendingSelector=selector,
            pendingPublicKey=key,
            pendingRecordName=name,
            pendingRecordValue=value,
            startedAt=format_ts(moment),
            publishedAt=None,
            activatesAfter=None,
        )
        _drop_pending_record(domain)
        domain["dnsRecords"].append(
            {
                "type": "TXT",
                "name": name,
                "value": value,
                "purpose": "dkim_rotation",
                "verified": False,
            }
        )
        domain["dkimRotation"] = rotation
        state.store.update("domains", domain)
    return json_response({"rotation": rotation})


async def handle_activate_rotation(request: web.Request) -> web.Response:
    state = state_of(request)
    force = request.query.get("force", "").lower() in ("true", "1")
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        rotation = _rotation(domain)
        if rotation["state"] not in ("pending_dns", "ready"):
            raise ApiError(409, f"No DKIM rotation to activate for {domain['name']}", "conflict")
        if rotation["state"] == "pending_dns":
            raise ApiError(
                409,
                f"DKIM record {rotation['pendingRecordName']} is not published yet "
                "(add it, then verify the domain)",
                "conflict",
            )
        moment = now()
        due = parse_iso8601(rotation["activatesAfter"] or "")
        if not force and due is not None and moment < due:
            raise ApiError(
                409,
                f"DKIM rotation of {domain['name']} may activate after "
                f"{rotation['activatesAfter']} (DNS propagation); use force=true to skip the wait",
                "conflict",
            )
        rotation.update(
            state="retiring",
            retiredSelector=rotation["activeSelector"],
            activeSelector=rotation["pendingSelector"],
            pendingSelector=None,
            pendingPublicKey=None,
            pendingRecordName=None,
            pendingRecordValue=None,
            retireAfter=format_ts(moment + timedelta(hours=48)),
        )
        for record in domain["dnsRecords"]:
            if record["purpose"] == "dkim_rotation":
                record["purpose"] = "dkim"
        domain["dnsRecords"] = [
            r
            for r in domain["dnsRecords"]
            if not (
                r["purpose"] == "dkim" and r["name"].startswith(f"{rotation['retiredSelector']}._")
            )
        ]
        domain["dkimRotation"] = rotation
        state.store.update("domains", domain)
    return json_response({"rotation": rotation})


async def handle_cancel_rotation(request: web.Request) -> web.Response:
    state = state_of(request)
    with state.store.transaction():
        domain = find_domain(state, request.match_info["id"])
        rotation = _rotation(domain)
        if rotation["state"] not in ("pending_dns", "ready"):
            raise ApiError(409, f"No pending DKIM rotation for {domain['name']}", "conflict")
        rotation.update(
            state="idle",
            pendingSelector=None,
            pendingPublicKey=None,
            pendingRecordName=None,
            pendingRecordValue=None,
            startedAt=None,
            publishedAt=None,
            activatesAfter=None,
        )
        _drop_pending_record(domain)
        domain["dkimRotation"] = rotation
        state.store.update("domains", domain)
    return json_response({"rotation": rotation})


async def handle_placement(request: web.Request) -> web.Response:
    state = state_of(request)
    domain = find_domain(state, request.match_info["id"])
    days = int_param(request, "days", 30, 1, 365)
    emails = _emails(state, domain, days)
    sent = len(emails)
    accepted = sum(1 for e in emails if _has(e, "delivered"))
    deferred = sum(1 for e in emails if _has(e, "deferred"))
    bounced = sum(1 for e in emails if _has(e, "bounced"))
    complained = sum(1 for e in emails if _has(e, "complained"))
    scores = [float(e["spamScore"]) for e in emails if e.get("spamScore") is not None]
    providers: dict[str, dict[str, Any]] = {}
    signals: dict[tuple[str, str], dict[str, Any]] = {}
    for email in emails:
        name = email.get("recipientProvider") or "other"
        row = providers.setdefault(
            name,
            {
                "provider": name,
                "sent": 0,
                "accepted": 0,
                "deferred": 0,
                "bounced": 0,
                "complained": 0,
                "acceptanceRate": None,
            },
        )
        row["sent"] += 1
        for kind in ("deferred", "bounced", "complained"):
            row[kind] += int(_has(email, kind))
        row["accepted"] += int(_has(email, "delivered"))
        row["acceptanceRate"] = round(row["accepted"] / row["sent"], 4)
        for event in email["events"]:
            # A refusal is a signal: bounces the recipient's side owns, deferrals (throttling)
            # the sender's.
            if event["eventType"] not in ("bounced", "deferred"):
                continue
            bucket = "recipient" if event["eventType"] == "bounced" else "throttled"
            metadata: dict[str, Any] = event.get("metadata") or {}
            signal = signals.setdefault(
                (bucket, name),
                {
                    "bucket": bucket,
                    "ownership": "recipient" if bucket == "recipient" else "sender",
                    "provider": name,
                    "code": metadata.get("code"),
                    "message": metadata.get("reason"),
                    "messages": 0,
                    "lastSeenAt": None,
                },
            )
            signal["messages"] += 1
            signal["lastSeenAt"] = event["createdAt"]
    return json_response(
        {
            "windowDays": days,
            "totals": {
                "sent": sent,
                "accepted": accepted,
                "deferred": deferred,
                "bounced": bounced,
                "complained": complained,
                "acceptanceRate": round(accepted / sent, 4) if sent else 0.0,
                "complaintRate": round(complained / sent, 4) if sent else 0.0,
                "avgSpamScore": round(sum(scores) / len(scores), 2) if scores else 0.0,
            },
            "senderSignals": [s for s in signals.values() if s["ownership"] == "sender"],
            "recipientSignals": [s for s in signals.values() if s["ownership"] == "recipient"],
            "providers": sorted(providers.values(), key=lambda p: -p["sent"]),
        }
    )


def routes() -> list[web.RouteDef]:
    return [
        web.post("/domains/{id}/ip", handle_assign_ip),
        web.delete("/domains/{id}/ip", handle_unassign_ip),
        web.get("/domains/{id}/dmarc/reports", handle_dmarc_reports),
        web.get("/domains/{id}/dmarc/stats", handle_dmarc_stats),
        web.get("/domains/{id}/dmarc/sources", handle_dmarc_sources),
        web.post("/domains/{id}/dkim/rotate", handle_start_rotation),
        web.post("/domains/{id}/dkim/rotate/activate", handle_activate_rotation),
        web.delete("/domains/{id}/dkim/rotate", handle_cancel_rotation),
        web.get("/domains/{id}/placement", handle_placement),
    ]
