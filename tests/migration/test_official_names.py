"""Every import that code written for the official ``poststack`` 0.9.0 makes still works.

The names are the public ones of the official 0.9.0 modules (its ``__init__.py``,
``_client.py``, ``_errors.py``, ``resources/`` and ``types.py``), recorded here as facts.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

RESOURCE_MODULES = {
    "api_keys": "ApiKeys",
    "broadcasts": "Broadcasts",
    "contact_properties": "ContactProperties",
    "contacts": "Contacts",
    "domains": "Domains",
    "email_validations": "EmailValidations",
    "emails": "Emails",
    "inbound_emails": "InboundEmails",
    "mailboxes": "Mailboxes",
    "notification_channels": "NotificationChannels",
    "segments": "Segments",
    "signup_forms": "SignupForms",
    "subscription_topics": "SubscriptionTopics",
    "suppressions": "Suppressions",
    "templates": "Templates",
    "webhooks": "Webhooks",
    "workflows": "Workflows",
}
RESOURCE_CLASSES = [
    f"{prefix}{name}Resource" for name in RESOURCE_MODULES.values() for prefix in ("", "Async")
]

# The official ``poststack.types.__all__``, in its order.
OFFICIAL_TYPES = [
    "PaginationMeta", "Attachment", "SendEmailInput", "ListEmailsParams", "EmailEvent",
    "Email", "EmailInsightWarning", "DnsRecord", "Domain", "DmarcReport", "DmarcStats",
    "DmarcSource", "Contact", "ContactProperty", "ImportContactsResult", "Segment",
    "SegmentComparator", "SegmentCondition", "SegmentOperator", "SegmentPreviewResult",
    "SegmentRules", "Template", "TemplatePreset", "CreateWebhookResult", "Webhook",
    "WebhookDelivery", "Broadcast", "BroadcastVariant", "BroadcastVariantStats", "Suppression",
    "ApiKey", "Mailbox", "MailboxAlias", "SubscriptionTopic", "ContactSubscription",
    "WorkflowStep", "Workflow", "SignupFormField", "SignupForm", "EmailValidation",
]  # fmt: skip
# The names of that list that are TypedDicts or Literals rather than models.
NOT_MODELS = {"Attachment", "SendEmailInput", "ListEmailsParams", "SegmentComparator",
              "SegmentOperator"}  # fmt: skip

OFFICIAL_NAMES = {
    "poststack": [
        "PostStack", "AsyncPostStack", "PostStackError", "APIError", "__version__",
        "PostStackClient", "AsyncPostStackClient", "DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES",
        *RESOURCE_CLASSES,
    ],
    "poststack._client": [
        "PostStackClient", "AsyncPostStackClient", "DEFAULT_BASE_URL", "DEFAULT_TIMEOUT",
        "DEFAULT_MAX_RETRIES", "time", "asyncio",
    ],
    "poststack._errors": ["PostStackError", "APIError"],
    "poststack.resources": RESOURCE_CLASSES,
    **{
        f"poststack.resources.{module}": [f"{name}Resource", f"Async{name}Resource"]
        for module, name in RESOURCE_MODULES.items()
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in OFFICIAL_NAMES.items() for name in names],
)
def test_official_name_imports(module: str, name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {module} import {name}", namespace)  # noqa: S102 - the statement users write
    assert namespace[name] is not None


def test_every_official_type_name_is_in_models_all() -> None:
    from poststack.types import _models

    assert set(_models.__all__) == set(OFFICIAL_TYPES)
    assert len(_models.__all__) == len(OFFICIAL_TYPES)


@pytest.mark.parametrize("name", OFFICIAL_TYPES)
def test_official_type_names_import_from_poststack_types(name: str) -> None:
    # The official spelling: ``from poststack.types import Email``; a model where the
    # official name was a model, the very object `poststack.types._models` defines.
    from pydantic import BaseModel

    from poststack.types import _models

    namespace: dict[str, object] = {}
    exec(f"from poststack.types import {name}", namespace)  # noqa: S102
    assert namespace[name] is getattr(_models, name)
    if name not in NOT_MODELS:
        assert issubclass(getattr(_models, name), BaseModel)


def test_resource_names_are_the_clients_resource_classes() -> None:
    from poststack import AsyncPostStack, PostStack
    from poststack.resources.emails import AsyncEmailsResource, EmailsResource
    from poststack.resources.webhooks import AsyncWebhooksResource, WebhooksResource

    with PostStack(api_key="sk_test_x") as ps:
        assert type(ps.emails) is EmailsResource
        assert type(ps.webhooks) is WebhooksResource
    aps = AsyncPostStack(api_key="sk_test_x")
    assert type(aps.emails) is AsyncEmailsResource
    assert type(aps.webhooks) is AsyncWebhooksResource


def test_package_and_submodule_give_the_same_class() -> None:
    import poststack
    import poststack.resources
    from poststack.resources import contacts

    assert poststack.ContactsResource is poststack.resources.ContactsResource
    assert contacts.ContactsResource is poststack.resources.ContactsResource


def test_unknown_resource_name_is_an_attribute_error() -> None:
    import poststack.resources

    with pytest.raises(AttributeError, match="NopeResource"):
        _ = poststack.resources.NopeResource


def test_api_error_is_post_stack_error_everywhere() -> None:
    import poststack
    from poststack import _errors

    assert poststack.APIError is poststack.PostStackError is _errors.APIError
    assert _errors.PostStackError is poststack.PostStackError


def test_version_succeeds_the_official_release() -> None:
    # Above 0.9.0, so a pin "poststack>=0.9" accepts it and "pip install -U" keeps it.
    import poststack

    major, minor, rest = poststack.__version__.split(".", 2)
    assert (int(major), int(minor)) >= (1, 0)
    assert rest[0].isdigit()


def test_import_poststack_loads_neither_pydantic_nor_the_resource_layers() -> None:
    probe = (
        "import sys, poststack;"
        "from poststack import PostStack;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'"
        " or m.startswith('poststack.resources') or m == 'poststack.types._models'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_importing_a_resource_submodule_loads_only_its_resource() -> None:
    probe = (
        "import sys;from poststack.resources.webhooks import WebhooksResource;"
        "print(sorted(m for m in sys.modules if m.startswith('poststack.resources.')"
        " or m.startswith('poststack._sync.') and m[16:] in "
        + repr(sorted(RESOURCE_MODULES))
        + "))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "['poststack._sync.webhooks', 'poststack.resources.webhooks']"
