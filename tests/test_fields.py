"""Unknown payload keys are sent as given and reported by a warning, never refused."""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poststack._fields import (
    PostStackWarning,
    UnknownField,
    UnknownFieldWarning,
    unknown_fields,
    warn_unknown_fields,
)
from poststack.types.emails import BatchEmailsParams, SendEmailParams

BASE: dict[str, Any] = {"from": "a@example.com", "to": ["b@example.com"], "subject": "Hi"}
KNOWN = sorted(SendEmailParams.__required_keys__ | SendEmailParams.__optional_keys__)


def test_typos_are_found_with_the_closest_known_field() -> None:
    payload = {**BASE, "tag": ["x"], "replyTo": "r@example.com", "templateId": "tpl_1", "zzzz": 1}
    assert unknown_fields(payload, SendEmailParams) == [
        UnknownField("tag", "tags"),
        UnknownField("replyTo", "reply_to"),
        UnknownField("templateId", "template_id"),
        UnknownField("zzzz", None),
    ]


def test_nested_typeddicts_and_batches_are_checked_with_their_path() -> None:
    attachment = {"filename": "a.pdf", "content": "QQ==", "file_name": "a.pdf"}
    assert unknown_fields({**BASE, "attachments": [attachment]}, SendEmailParams) == [
        UnknownField("attachments[0].file_name", "filename")
    ]
    batch = {"emails": [BASE, {**BASE, "subjet": "x"}]}
    assert unknown_fields(batch, BatchEmailsParams) == [UnknownField("emails[1].subjet", "subject")]


def test_free_form_dicts_are_the_users_own() -> None:
    payload = {**BASE, "headers": {"X-Anything": "1"}, "variables": {"first_name": "Ada"}}
    assert unknown_fields(payload, SendEmailParams) == []


# too_slow: generation is cheap, but on a loaded CI core the first draw can take a second.
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(KNOWN),
        st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.text(max_size=5))),
    )
)
def test_known_keys_never_warn_whatever_their_values(payload: dict[str, object]) -> None:
    assert unknown_fields(payload, SendEmailParams) == []


def test_not_a_mapping_is_left_to_the_request_builder() -> None:
    assert unknown_fields(["tag"], SendEmailParams) == []


def _send(payload: dict[str, Any]) -> None:
    """Stands for a resource method with the one-line hook (``ps.emails.send``)."""
    warn_unknown_fields(payload, SendEmailParams)


def test_the_warning_points_at_the_callers_line_once_per_key_and_site() -> None:
    payload = {**BASE, "tag": ["secret-looking-value"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        first_line = inspect.currentframe().f_lineno + 2  # type: ignore[union-attr]  # a frame is always there in CPython
        for _ in range(3):
            _send(payload)
        _send(payload)
    assert [(w.category, w.filename, w.lineno) for w in caught] == [
        (UnknownFieldWarning, __file__, first_line),
        (UnknownFieldWarning, __file__, first_line + 1),
    ]
    text = str(caught[0].message)
    assert text.startswith("'tag' is not a field of SendEmailParams; did you mean 'tags'?")
    assert "secret-looking-value" not in text
    assert issubclass(UnknownFieldWarning, PostStackWarning)
    assert issubclass(PostStackWarning, UserWarning)


def test_the_standard_filters_silence_it_or_make_it_an_error() -> None:
    payload = {**BASE, "tag": ["x"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        warnings.filterwarnings("ignore", category=UnknownFieldWarning)
        _send(payload)
    assert caught == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownFieldWarning)
        with pytest.raises(UnknownFieldWarning, match="'tag'"):
            _send(payload)
