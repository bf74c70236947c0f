"""Typed shapes of the signup forms resource (``ps.signup_forms.*``).

A signup form adds whoever submits it to the team's contacts (and optionally a segment
and topic). Forms are addressed by ``publicId`` (``sf_...``).
"""

from typing import Literal

from ._common import PageMeta
from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "CreateSignupFormParams",
    "ListSignupFormsParams",
    "ListSignupFormsResponse",
    "SignupFormDict",
    "SignupFormFieldDict",
    "SignupFormResponse",
    "SubmitSignupFormParams",
    "SubmitSignupFormResponse",
    "UpdateSignupFormParams",
]


class SignupFormFieldDict(TypedDict, total=False):
    name: Required[str]
    type: Required[Literal["email", "text", "select"]]
    label: Required[str]
    required: Required[bool]
    placeholder: str
    #: The choices of a ``select`` field.
    options: list[str]


class CreateSignupFormParams(TypedDict, total=False):
    name: Required[str]
    #: ``seg_...``: the segment new contacts join.
    segment_id: str
    #: ``top_...``: the topic new contacts are subscribed to.
    topic_id: str
    #: 1 to 10 fields.
    fields: Required[list[SignupFormFieldDict]]
    success_message: str
    redirect_url: str


class UpdateSignupFormParams(TypedDict, total=False):
    name: str
    segment_id: str | None
    topic_id: str | None
    fields: list[SignupFormFieldDict]
    success_message: str
    redirect_url: str | None
    active: bool


class ListSignupFormsParams(TypedDict, total=False):
    page: int
    per_page: int


class SignupFormDict(TypedDict):
    id: int
    publicId: str
    name: str
    segmentId: NotRequired[int | None]
    topicId: NotRequired[int | None]
    fields: list[SignupFormFieldDict]
    successMessage: NotRequired[str | None]
    redirectUrl: NotRequired[str | None]
    active: bool
    submissionCount: int
    createdAt: str
    updatedAt: str


class SignupFormResponse(TypedDict):
    signupForm: SignupFormDict


class ListSignupFormsResponse(TypedDict):
    data: list[SignupFormDict]
    meta: PageMeta


class SubmitSignupFormParams(TypedDict, total=False):
    """``email`` plus the form's fields; keys named after contact properties are stored
    on the contact (a wrongly typed value is a 422), unknown keys are ignored."""

    email: Required[str]
    first_name: str
    last_name: str


class SubmitSignupFormResponse(TypedDict):
    success: bool
    message: str
    redirect_url: NotRequired[str | None]
