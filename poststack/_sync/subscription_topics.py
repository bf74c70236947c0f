# Generated from poststack/_async/subscription_topics.py by scripts/unasync.py; do not edit by hand.
"""``ps.subscription_topics``: what contacts can opt out of, and who did."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.subscription_topics import (
    ContactSubscriptionResponse,
    ContactSubscriptionsResponse,
    CreateSubscriptionTopicParams,
    ListSubscriptionTopicsResponse,
    ListTopicSubscribersParams,
    ListTopicSubscribersResponse,
    SubscriptionTopicDetailResponse,
    SubscriptionTopicResponse,
    TopicSubscriber,
    UpdateSubscriptionTopicParams,
)
from ._resource import Resource

__all__ = ["SubscriptionTopics"]

_LIST = endpoint("subscription_topics.list")
_CREATE = endpoint("subscription_topics.create")
_GET = endpoint("subscription_topics.get")
_UPDATE = endpoint("subscription_topics.update")
_DELETE = endpoint("subscription_topics.delete")
_LIST_SUBSCRIBERS = endpoint("subscription_topics.list_subscribers")
_GET_CONTACT_SUBSCRIPTIONS = endpoint("subscription_topics.get_contact_subscriptions")
_SUBSCRIBE = endpoint("subscription_topics.subscribe")
_UNSUBSCRIBE = endpoint("subscription_topics.unsubscribe")


class SubscriptionTopics(Resource):
    """Topics (``top_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def list(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ListSubscriptionTopicsResponse:
        """Every topic: ``{"topics": [...]}``."""
        result = self._call(_LIST, timeout=timeout, max_retries=max_retries)
        return cast(ListSubscriptionTopicsResponse, result)

    def create(
        self,
        input: CreateSubscriptionTopicParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SubscriptionTopicResponse:
        """Create a topic; every contact starts subscribed to it."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SubscriptionTopicResponse, result)

    def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the topic."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def get_contact_subscriptions(
        self, contact_id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ContactSubscriptionsResponse:
        """The contact's explicit subscription rows (no row means subscribed)."""
        result = self._call(
            _GET_CONTACT_SUBSCRIPTIONS,
            path_params={"contact_id": contact_id},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ContactSubscriptionsResponse, result)

    def subscribe(
        self,
        contact_id: str,
        topic_id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactSubscriptionResponse:
        """Subscribe the contact (``con_...``) to the topic (``top_...``)."""
        result = self._call(
            _SUBSCRIBE,
            path_params={"contact_id": contact_id},
            body={"topic_id": topic_id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ContactSubscriptionResponse, result)

    def unsubscribe(
        self,
        contact_id: str,
        topic_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ContactSubscriptionResponse:
        """Opt the contact out of the topic; answers the opt-out row."""
        result = self._call(
            _UNSUBSCRIBE,
            path_params={"contact_id": contact_id, "topic_id": topic_id},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ContactSubscriptionResponse, result)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SubscriptionTopicDetailResponse:
        """One topic with its subscriber and opt-out counts."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(SubscriptionTopicDetailResponse, result)

    def update(
        self,
        id: str,
        input: UpdateSubscriptionTopicParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SubscriptionTopicResponse:
        """Rename the topic or change its description."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(SubscriptionTopicResponse, result)

    def list_subscribers(
        self,
        id: str,
        params: ListTopicSubscribersParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListTopicSubscribersResponse:
        """One page of the topic's subscribers (or, with ``subscribed=False``, opt-outs)."""
        result = self._call(
            _LIST_SUBSCRIBERS,
            path_params={"id": id},
            query=params,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ListTopicSubscribersResponse, result)

    def iterate_subscribers(
        self,
        id: str,
        params: ListTopicSubscribersParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[TopicSubscriber]:
        """Every subscriber of the topic, fetching pages as the loop needs them.

        ``limit`` stops after that many subscribers.
        """
        for item in self._walk(
            _LIST_SUBSCRIBERS,
            params,
            limit=limit,
            path_params={"id": id},
            timeout=timeout,
            max_retries=max_retries,
        ):
            yield cast(TopicSubscriber, item)
