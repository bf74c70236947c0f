"""Code written against the official ``poststack`` 0.9.0 imports the same names from ours."""

from __future__ import annotations

import importlib

import pytest

# Every public name of the official package's ``poststack`` and ``poststack.resources``
# modules (recorded from the 0.9.0 wheel). tests/migration/ checks the other modules.
OFFICIAL_NAMES = {
    "poststack": [
        "PostStack",
        "AsyncPostStack",
        "PostStackError",
        "APIError",
        "DEFAULT_BASE_URL",
        "DEFAULT_MAX_RETRIES",
        "PostStackClient",
        "AsyncPostStackClient",
        "__version__",
    ],
    "poststack.resources": [
        f"{prefix}{name}Resource"
        for prefix in ("", "Async")
        for name in (
            "ApiKeys",
            "Broadcasts",
            "ContactProperties",
            "Contacts",
            "Domains",
            "EmailValidations",
            "Emails",
            "InboundEmails",
            "Mailboxes",
            "NotificationChannels",
            "Segments",
            "SignupForms",
            "SubscriptionTopics",
            "Suppressions",
            "Templates",
            "Webhooks",
            "Workflows",
        )
    ],
}


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in OFFICIAL_NAMES.items() for name in names],
)
def test_official_name_is_importable(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name)


def test_resource_aliases_are_the_clients_resource_classes() -> None:
    from poststack import AsyncPostStack, PostStack
    from poststack.resources import AsyncEmailsResource, EmailsResource, WebhooksResource

    ps = PostStack(api_key="sk_test_x")
    aps = AsyncPostStack(api_key="sk_test_x")
    assert type(ps.emails) is EmailsResource
    assert type(aps.emails) is AsyncEmailsResource
    assert type(ps.webhooks) is WebhooksResource
    ps.close()


def test_api_error_is_post_stack_error() -> None:
    import poststack

    assert poststack.APIError is poststack.PostStackError
    assert poststack.DEFAULT_BASE_URL == "https://api.poststack.dev"
    assert poststack.DEFAULT_MAX_RETRIES == 3
