"""Phase 2 resources over real HTTP: domains, API keys, suppressions, contacts and templates,
and how each changes what a send does."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from poststack_sandbox import Sandbox

from .conftest import Message

DOMAIN_KEYS = {
    "id",
    "publicId",
    "name",
    "status",
    "region",
    "dnsRecords",
    "openTracking",
    "clickTracking",
    "trackingDomain",
    "customReturnPath",
    "catchAll",
    "inboundEnabled",
    "tlsMode",
    "streamPreference",
    "bimiLogoUrl",
    "verifiedAt",
    "createdAt",
}
API_KEY_KEYS = {
    "id",
    "name",
    "keyPrefix",
    "permission",
    "mode",
    "domainId",
    "lastUsedAt",
    "expiresAt",
    "createdAt",
}
CONTACT_KEYS = {
    "id",
    "publicId",
    "email",
    "firstName",
    "lastName",
    "unsubscribed",
    "properties",
    "engagementSegment",
    "lastEngagedAt",
    "createdAt",
    "updatedAt",
}
TEMPLATE_KEYS = {
    "id",
    "publicId",
    "name",
    "subject",
    "htmlBody",
    "textBody",
    "variables",
    "builderType",
    "builderBlocks",
    "published",
    "version",
    "createdAt",
    "updatedAt",
}


# Domains


def test_domain_crud_and_verify(bare_client: httpx.Client) -> None:
    created = bare_client.post("/domains", json={"name": "Mail.Acme.test", "open_tracking": True})
    assert created.status_code == 201
    domain = created.json()["domain"]
    assert set(domain) == DOMAIN_KEYS
    assert domain["id"] == 1
    assert domain["publicId"].startswith("dom_")
    assert domain["name"] == "mail.acme.test"
    assert domain["status"] == "pending"
    assert domain["region"] == "eu-west-1"
    assert domain["openTracking"] is True
    assert domain["clickTracking"] is False
    assert domain["tlsMode"] == "opportunistic"
    assert [r["purpose"] for r in domain["dnsRecords"]] == ["spf", "dkim", "dmarc", "return_path"]
    assert domain["dnsRecords"][1]["name"] == "poststack._domainkey.mail.acme.test"
    assert not any(r["verified"] for r in domain["dnsRecords"])
    assert bare_client.get("/domains").json() == {"domains": [domain]}
    assert bare_client.get("/domains/1").json() == {"domain": domain}
    assert bare_client.get(f"/domains/{domain['publicId']}").json() == {"domain": domain}
    duplicate = bare_client.post("/domains", json={"name": "mail.acme.test"})
    assert duplicate.status_code == 409
    assert duplicate.json() == {"error": "Domain mail.acme.test already exists", "code": "conflict"}
    updated = bare_client.patch(
        "/domains/1", json={"click_tracking": True, "tracking_domain": "t.acme.test"}
    ).json()["domain"]
    assert (updated["clickTracking"], updated["trackingDomain"]) == (True, "t.acme.test")
    verified = bare_client.post("/domains/1/verify")
    assert verified.status_code == 200
    body = verified.json()
    assert body["queued"] is True
    assert body["domain"]["status"] == "verified"
    assert body["domain"]["verifiedAt"] is not None
    assert all(r["verified"] for r in body["domain"]["dnsRecords"])
    assert bare_client.delete("/domains/1").json() == {"success": True}
    missing = bare_client.get("/domains/1")
    assert missing.json() == {"error": "Domain 1 not found", "code": "not_found"}


def test_domain_validation(bare_client: httpx.Client) -> None:
    assert bare_client.post("/domains", json={}).json() == {
        "error": "'name' is required (a non-empty string)",
        "code": "invalid_request",
    }
    assert bare_client.post("/domains", json={"name": "not a domain"}).status_code == 400
    region = bare_client.post("/domains", json={"name": "a.test", "region": "us-east-1"})
    assert region.json() == {
        "error": "'region' must be one of: eu-west-1",
        "code": "invalid_request",
    }
    bare_client.post("/domains", json={"name": "b.test"})
    bad = bare_client.patch("/domains/1", json={"tls_mode": "never"})
    assert bad.status_code == 400
    failing = bare_client.post("/domains", json={"name": "broken.invalid"}).json()["domain"]
    assert (
        bare_client.post(f"/domains/{failing['id']}/verify").json()["domain"]["status"] == "failed"
    )


def test_unverified_sandbox_domain_refuses_sends(bare_client: httpx.Client, msg: Message) -> None:
    # A domain the sandbox never heard of is refused too, as on the service.
    unknown = bare_client.post("/emails", json=msg(from_="a@elsewhere.test"))
    assert unknown.status_code == 422
    assert unknown.json()["error"].startswith("Domain not verified: elsewhere.test (not registered")
    domain = bare_client.post("/domains", json={"name": "acme.test"}).json()["domain"]
    refused = bare_client.post("/emails", json=msg(from_="Acme <hello@ACME.test>"))
    assert refused.status_code == 422
    assert refused.json() == {
        "error": "Domain not verified: acme.test",
        "code": "unprocessable_entity",
    }
    batch = bare_client.post("/emails/batch", json={"emails": [msg()]}).json()["data"][0]
    assert batch == {
        "error": "emails[0].Domain not verified: acme.test",
        "code": "unprocessable_entity",
    }
    bare_client.post(f"/domains/{domain['id']}/verify")
    sent = bare_client.post("/emails", json=msg())
    assert sent.status_code == 202
    email = bare_client.get(f"/emails/{sent.json()['id']}").json()["email"]
    assert email["domainId"] == domain["id"]
    listed = bare_client.get("/emails", params={"domain_id": domain["id"]}).json()["data"]
    assert [e["publicId"] for e in listed] == [sent.json()["id"]]


# API keys


def test_api_key_lifecycle_and_authentication(client: httpx.Client, sandbox: Sandbox) -> None:
    created = client.post("/api-keys", json={"name": "ci", "permission": "sending_access"})
    assert created.status_code == 201
    key_obj = created.json()
    assert set(key_obj) == API_KEY_KEYS | {"key"}
    assert key_obj["name"] == "ci"
    assert key_obj["permission"] == "sending_access"
    assert key_obj["mode"] == "live"
    assert key_obj["domainId"] is None
    key = key_obj["key"]
    assert key.startswith("sk_live_")
    assert key_obj["keyPrefix"] == key[:12]
    public = {k: v for k, v in key_obj.items() if k != "key"}
    assert client.get(f"/api-keys/{key_obj['id']}").json() == public
    assert client.get("/api-keys").json() == {"keys": [public]}

    def as_key(k: str) -> httpx.Client:
        return httpx.Client(base_url=sandbox.url, headers={"Authorization": f"Bearer {k}"})

    with as_key(key) as minted:
        assert minted.get("/emails").status_code == 200
        assert minted.get("/api-keys").status_code == 403
    assert client.get(f"/api-keys/{key_obj['id']}").json()["lastUsedAt"] is not None

    rotated = client.post(f"/api-keys/{key_obj['id']}/rotate")
    assert rotated.status_code == 200
    new = rotated.json()
    assert new["key"] != key
    assert (new["name"], new["permission"], new["mode"]) == ("ci", "sending_access", "live")
    with as_key(key) as old:
        refused = old.get("/emails")
        assert refused.status_code == 401
        assert refused.json() == {"error": "API key has been revoked", "code": "unauthorized"}
    with as_key(new["key"]) as fresh:
        assert fresh.get("/emails").status_code == 200
    assert client.delete(f"/api-keys/{new['id']}").json() == {"success": True}
    with as_key(new["key"]) as revoked:
        assert revoked.get("/emails").status_code == 401
    assert client.get(f"/api-keys/{new['id']}").status_code == 404
    assert client.get("/api-keys").json() == {"keys": []}


def test_minted_keys_work_with_a_fixed_key_list() -> None:
    with Sandbox(keys=["sk_test_admin"], domains=["acme.test"]) as sb:
        admin = {"Authorization": "Bearer sk_test_admin"}
        created = httpx.post(
            f"{sb.url}/api-keys",
            json={"name": "full", "permission": "full_access", "allow_full_access": True},
            headers=admin,
        ).json()
        assert created["permission"] == "full_access"
        response = httpx.get(
            f"{sb.url}/webhooks", headers={"Authorization": f"Bearer {created['key']}"}
        )
        assert response.status_code == 200


def test_api_key_creation_rules(client: httpx.Client) -> None:
    full = client.post("/api-keys", json={"name": "x", "permission": "full_access"})
    assert full.status_code == 403
    assert full.json() == {
        "error": "Minting a full_access key with an API key needs 'allow_full_access': true",
        "code": "forbidden",
    }
    assert client.post("/api-keys", json={"name": "x"}).status_code == 400
    assert client.post(
        "/api-keys", json={"name": "x", "permission": "sending_access", "domain_id": "dom_x"}
    ).json() == {"error": "Domain dom_x not found", "code": "not_found"}
    test_key = client.post(
        "/api-keys", json={"name": "t", "permission": "sending_access", "mode": "test"}
    ).json()
    assert test_key["key"].startswith("sk_test_")


def test_domain_scoped_key_sends_only_from_its_domain(
    bare_client: httpx.Client, bare_sandbox: Sandbox, msg: Message
) -> None:
    domain = bare_client.post("/domains", json={"name": "acme.test"}).json()["domain"]
    bare_client.post(f"/domains/{domain['id']}/verify")
    scoped = bare_client.post(
        "/api-keys",
        json={"name": "s", "permission": "sending_access", "domain_id": domain["publicId"]},
    ).json()
    assert scoped["domainId"] == domain["id"]
    headers = {"Authorization": f"Bearer {scoped['key']}"}
    ok = httpx.post(f"{bare_sandbox.url}/emails", json=msg(), headers=headers)
    assert ok.status_code == 202
    other = httpx.post(
        f"{bare_sandbox.url}/emails", json=msg(from_="x@other.test"), headers=headers
    )
    assert other.status_code == 403
    assert other.json() == {
        "error": "This API key may only send from addresses at acme.test",
        "code": "forbidden",
    }
    assert bare_sandbox.emails()[0]["apiKeyId"] == scoped["id"]


# Suppressions


def test_suppressions_and_sends(client: httpx.Client, sandbox: Sandbox, msg: Message) -> None:
    added = client.post("/suppressions", json={"email": "Gone@Example.com", "reason": "manual"})
    assert added.status_code == 200
    assert added.json() == {"success": True}
    listed = client.get("/suppressions").json()
    assert listed["meta"] == {"page": 1, "perPage": 20, "total": 1, "totalPages": 1}
    item = listed["data"][0]
    assert set(item) == {"id", "email", "reason", "createdAt"}
    assert (item["email"], item["reason"]) == ("gone@example.com", "manual")

    partly = client.post(
        "/emails",
        json=msg(to=["gone@example.com", "ok@example.com"], cc=["Gone <GONE@example.com>"]),
    )
    assert partly.status_code == 202
    stored = sandbox.emails()[-1]
    assert stored["toAddresses"] == ["ok@example.com"]
    assert stored["ccAddresses"] is None
    refused = client.post("/emails", json=msg(to=["gone@example.com"]))
    assert refused.status_code == 422
    assert refused.json() == {
        "error": "All recipients are suppressed",
        "code": "unprocessable_entity",
    }
    assert client.delete("/suppressions/gone%40example.com").json() == {"success": True}
    assert client.post("/emails", json=msg(to=["gone@example.com"])).status_code == 202
    assert client.delete("/suppressions/gone@example.com").status_code == 404


def test_bounces_and_complaints_suppress_the_recipient(
    client: httpx.Client, sandbox: Sandbox, msg: Message
) -> None:
    first = client.post("/emails", json=msg(to=["Bo <Bo@example.com>", "cy@example.com"]))
    sandbox.simulate_event(first.json()["id"], "bounced", metadata={"recipient": "bo@example.com"})
    second = client.post("/emails", json=msg(to=["dee@example.com"]))
    sandbox.simulate_event(second.json()["id"], "complained")
    items = client.get("/suppressions").json()["data"]
    assert [(s["email"], s["reason"]) for s in items] == [
        ("dee@example.com", "complaint"),
        ("bo@example.com", "hard_bounce"),
    ]
    refused = client.post("/emails", json=msg(to=["BO@example.com"]))
    assert refused.status_code == 422


def test_suppression_validation(client: httpx.Client) -> None:
    no_reason = client.post("/suppressions", json={"email": "a@example.com"})
    assert no_reason.json() == {
        "error": "'reason' is required: one of hard_bounce, complaint, manual, unsubscribe",
        "code": "invalid_request",
    }
    bad = client.post("/suppressions", json={"email": "nope", "reason": "manual"})
    assert bad.status_code == 400


# Contacts


def test_contact_crud(client: httpx.Client) -> None:
    created = client.post(
        "/contacts",
        json={"email": "Ada@Example.com", "first_name": "Ada", "properties": {"plan": "pro"}},
    )
    assert created.status_code == 201
    contact = created.json()["contact"]
    assert set(contact) == CONTACT_KEYS
    assert contact["publicId"].startswith("con_")
    assert contact["email"] == "ada@example.com"
    assert (contact["firstName"], contact["lastName"]) == ("Ada", None)
    assert contact["unsubscribed"] is False
    assert contact["properties"] == {"plan": "pro"}
    cid = contact["publicId"]
    assert client.get(f"/contacts/{cid}").json() == {"contact": contact}
    assert client.get("/contacts/by-email/ADA%40example.com").json() == {"contact": contact}
    assert client.get("/contacts/by-email/nobody%40example.com").status_code == 404
    duplicate = client.post("/contacts", json={"email": "ada@example.com"})
    assert duplicate.status_code == 409
    assert duplicate.json() == {
        "error": "Contact already exists: ada@example.com",
        "code": "conflict",
    }
    updated = client.patch(
        f"/contacts/{cid}", json={"last_name": "Lovelace", "properties": {"seats": 3}}
    ).json()["contact"]
    assert updated["lastName"] == "Lovelace"
    assert updated["properties"] == {"plan": "pro", "seats": 3}
    unsubscribed = client.post(f"/contacts/{cid}/unsubscribe").json()["contact"]
    assert unsubscribed["unsubscribed"] is True
    assert client.delete(f"/contacts/{cid}").json() == {"success": True}
    assert client.get(f"/contacts/{cid}").json() == {
        "error": f"Contact {cid} not found",
        "code": "not_found",
    }


def test_contact_list_filters(client: httpx.Client) -> None:
    for email, first in [("a@example.com", "Ann"), ("b@example.com", "Bob"), ("c@x.test", "Cy")]:
        client.post("/contacts", json={"email": email, "first_name": first})
    cid = client.get("/contacts/by-email/b%40example.com").json()["contact"]["publicId"]
    client.post(f"/contacts/{cid}/unsubscribe")

    def emails(**params: Any) -> list[str]:
        return [c["email"] for c in client.get("/contacts", params=params).json()["data"]]

    assert emails() == ["c@x.test", "b@example.com", "a@example.com"]
    assert emails(search="example") == ["b@example.com", "a@example.com"]
    assert emails(search="cy") == ["c@x.test"]
    assert emails(unsubscribed="true") == ["b@example.com"]
    assert emails(unsubscribed="false") == ["c@x.test", "a@example.com"]
    assert emails(engagement_segment="dormant") == []
    page = client.get("/contacts", params={"per_page": 2, "page": 2}).json()
    assert page["meta"] == {"page": 2, "perPage": 2, "total": 3, "totalPages": 2}


def test_contact_import_and_csv_export(client: httpx.Client) -> None:
    client.post("/contacts", json={"email": "old@example.com"})
    result = client.post(
        "/contacts/import",
        json={
            "contacts": [
                {"email": "new@example.com", "first_name": "New", "properties": {"k": "v"}},
                {"email": "old@example.com", "first_name": "Changed"},
                {"email": "broken"},
                {"first_name": "no email"},
            ]
        },
    )
    assert result.status_code == 200
    assert result.json() == {
        "imported": 1,
        "skipped": 1,
        "errors": [
            "broken: 'email' is not a valid email address: 'broken'",
            "row 3: email is required",
        ],
    }
    # Existing contacts are skipped, not updated.
    old = client.get("/contacts/by-email/old%40example.com").json()["contact"]
    assert old["firstName"] is None
    export = client.get("/contacts/export")
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [r["email"] for r in rows] == ["old@example.com", "new@example.com"]
    assert rows[1]["first_name"] == "New"
    assert rows[1]["properties"] == '{"k":"v"}'
    assert rows[1]["unsubscribed"] == "false"
    assert client.get("/contacts/export", params={"segment_id": "seg_1"}).status_code == 404
    assert client.post("/contacts/import", json={"contacts": []}).status_code == 400


# Templates


def _template(client: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {
        "name": "Welcome",
        "subject": "Hi {{name}}",
        "html": "<p>Hello {{name}}, your plan is {{plan}}</p>",
        "text": "Hello {{name}}",
        **extra,
    }
    response = client.post("/templates", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json()["template"])


def test_template_crud_publish_and_render(client: httpx.Client) -> None:
    template = _template(client)
    assert set(template) == TEMPLATE_KEYS
    assert template["publicId"].startswith("tpl_")
    assert template["published"] is False
    assert template["version"] == 1
    assert template["variables"] == ["name", "plan"]
    tid = template["publicId"]
    assert client.get(f"/templates/{tid}").json() == {"template": template}
    published = client.post(f"/templates/{tid}/publish").json()["template"]
    assert published["published"] is True
    edited = client.patch(f"/templates/{tid}", json={"subject": "Hey {{name}}"}).json()["template"]
    assert (edited["subject"], edited["version"]) == ("Hey {{name}}", 2)
    rendered = client.post(f"/templates/{tid}/render", json={"variables": {"name": "Ada"}})
    assert rendered.json() == {
        "subject": "Hey Ada",
        "html": "<p>Hello Ada, your plan is {{plan}}</p>",
        "text": "Hello Ada",
        "missing_variables": ["plan"],
        "template_variables": ["name", "plan"],
    }
    copy = client.post(f"/templates/{tid}/duplicate").json()["template"]
    assert copy["name"] == "Welcome (copy)"
    assert copy["published"] is False
    assert copy["publicId"] != tid
    listed = client.get("/templates", params={"published": "true"}).json()
    assert [t["publicId"] for t in listed["data"]] == [tid]
    assert client.get("/templates", params={"search": "copy"}).json()["meta"]["total"] == 1
    unpublished = client.post(f"/templates/{tid}/unpublish").json()["template"]
    assert unpublished["published"] is False
    assert client.delete(f"/templates/{tid}").json() == {"success": True}
    assert client.get(f"/templates/{tid}").status_code == 404


def test_template_presets(client: httpx.Client) -> None:
    presets = client.get("/templates/presets")
    assert presets.status_code == 200
    data = presets.json()["data"]
    assert [p["id"] for p in data] == ["welcome", "password-reset", "receipt"]
    assert all(set(p) == {"id", "name", "subject", "html", "variables"} for p in data)
    used = client.post("/templates/presets/welcome/use")
    assert used.status_code == 201
    template = used.json()["template"]
    assert set(template) == TEMPLATE_KEYS
    assert (template["name"], template["published"]) == ("Welcome", False)
    assert template["subject"] == "Welcome to {{product}}, {{name}}"
    assert template["variables"] == ["name", "product"]
    assert client.get(f"/templates/{template['publicId']}").status_code == 200
    missing = client.post("/templates/presets/nope/use")
    assert missing.json() == {"error": "Preset nope not found", "code": "not_found"}


def test_template_validation(client: httpx.Client) -> None:
    missing = client.post("/templates", json={"name": "x", "subject": "s"})
    assert missing.json() == {
        "error": "'html' is required (a non-empty string)",
        "code": "invalid_request",
    }
    assert (
        client.post(
            "/templates", json={"name": "x", "subject": "s", "html": "h", "variables": "v"}
        ).status_code
        == 400
    )


def test_send_with_template(client: httpx.Client, msg: Message) -> None:
    template = _template(client)
    tid = template["publicId"]
    payload = msg(
        subject=None,
        html=None,
        text=None,
        template_id=tid,
        variables={"name": "Ada", "plan": "pro"},
    )
    refused = client.post("/emails", json=payload)
    assert refused.status_code == 422
    assert refused.json() == {
        "error": f"Template not published: {tid}",
        "code": "unprocessable_entity",
    }
    client.post(f"/templates/{tid}/publish")
    sent = client.post("/emails", json=payload)
    assert sent.status_code == 202
    email = client.get(f"/emails/{sent.json()['id']}").json()["email"]
    assert email["subject"] == "Hi Ada"
    assert email["htmlBody"] == "<p>Hello Ada, your plan is pro</p>"
    assert email["textBody"] == "Hello Ada"
    unknown = client.post("/emails", json={**payload, "template_id": "tpl_nope"})
    assert unknown.status_code == 404
    preview = client.post(
        "/emails/preview",
        json={
            "from": "a@b.test",
            "to": ["c@d.test"],
            "template_id": tid,
            "variables": {"name": "Bo"},
        },
    ).json()
    assert preview["rendered_subject"] == "Hi Bo"


@pytest.mark.parametrize("path", ["/domains", "/api-keys", "/contacts", "/templates"])
def test_resources_need_a_full_access_key(path: str) -> None:
    with Sandbox(keys={"sk_test_s": "sending_access"}) as sb:
        response = httpx.get(f"{sb.url}{path}", headers={"Authorization": "Bearer sk_test_s"})
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
