"""The typed shapes are also right at run time, for tools that introspect them."""

from __future__ import annotations

import typing

import pytest
from typing_extensions import get_type_hints, is_typeddict

from poststack import types
from poststack.types import EmailWithDetails, SendEmailParams, SendEmailResponse

ALL_TYPEDDICTS = [
    getattr(types, name) for name in types.__all__ if is_typeddict(getattr(types, name))
]


def test_required_and_optional_keys() -> None:
    assert SendEmailResponse.__required_keys__ == frozenset({"id"})
    assert SendEmailResponse.__optional_keys__ == frozenset({"replayed", "test_mode"})
    assert SendEmailParams.__required_keys__ == frozenset({"from", "to"})
    assert {"subject", "html", "text", "attachments"} <= SendEmailParams.__optional_keys__
    assert {"htmlBody", "events", "publicId"} <= EmailWithDetails.__required_keys__


def test_there_are_many_typed_shapes() -> None:
    assert len(ALL_TYPEDDICTS) > 100


@pytest.mark.parametrize("shape", ALL_TYPEDDICTS, ids=lambda t: t.__name__)
def test_every_annotation_resolves_on_this_python(shape: type) -> None:
    hints = get_type_hints(shape, include_extras=True)
    assert set(hints) == shape.__required_keys__ | shape.__optional_keys__  # type: ignore[attr-defined]
    for name, hint in hints.items():
        origin = typing.get_origin(hint)
        # A NotRequired/Required wrapper must have been folded into the key sets.
        assert origin is not typing.ClassVar, name
