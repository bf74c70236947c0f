"""Typed shapes of the subscription topics resource (``ps.subscription_topics.*``).

Topics are opt-out: a contact with no subscription row is subscribed; ``subscribed: false``
means broadcasts to the topic skip them. Topics are addressed by ``publicId`` (``top_...``),
contacts by ``con_...``.
"""

from ._common import PageMeta
from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "ContactSubscriptionDict",
    "ContactSubscriptionResponse",
    "ContactSubscriptionsResponse",
    "CreateSubscriptionTopicParams",
    "ListSubscriptionTopicsResponse",
    "ListTopicSubscribersParams",
    "ListTopicSubscribersResponse",
    "SubscriptionTopicDict",
    "SubscriptionTopicDetailResponse",
    "SubscriptionTopicResponse",
    "TopicSubscriber",
    "UpdateSubscriptionTopicParams",
]


class CreateSubscriptionTopicParams(TypedDict, total=False):
    name: Required[str]
    description: str


class UpdateSubscriptionTopicParams(TypedDict, total=False):
    name: str
    #: ``None`` clears it.
    description: str | None


class SubscriptionTopicDict(TypedDict):
    id: int
    publicId: str
    name: str
    description: NotRequired[str | None]
    createdAt: str


class SubscriptionTopicResponse(TypedDict):
    topic: SubscriptionTopicDict


class SubscriptionTopicDetailResponse(TypedDict):
    topic: SubscriptionTopicDict
    subscriberCount: int
    unsubscribedCount: int


class ListSubscriptionTopicsResponse(TypedDict):
    topics: list[SubscriptionTopicDict]


class ListTopicSubscribersParams(TypedDict, total=False):
    page: int
    #: Default 50, at most 100.
    per_page: int
    #: ``True`` (default) lists subscribers, ``False`` those who opted out.
    subscribed: bool


class TopicSubscriber(TypedDict):
    contactId: int
    contactPublicId: str
    email: str
    firstName: str | None
    lastName: str | None
    subscribedAt: str


class ListTopicSubscribersResponse(TypedDict):
    data: list[TopicSubscriber]
    meta: PageMeta


class ContactSubscriptionDict(TypedDict):
    id: int
    topicId: int
    contactId: int
    subscribed: bool
    updatedAt: str
    topic: NotRequired[SubscriptionTopicDict]


class ContactSubscriptionsResponse(TypedDict):
    subscriptions: list[ContactSubscriptionDict]


class ContactSubscriptionResponse(TypedDict):
    subscription: ContactSubscriptionDict
