"""The whole call state machine, for every endpoint of the catalog, fed any sequence of
answers and failures: it ends in a result of the endpoint's kind or in a `PostStackError`,
within its attempt budget, sending the one request it built on every attempt."""

from __future__ import annotations

import math
from collections.abc import Coroutine
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import (
    ENDPOINTS,
    CallConfig,
    ClientOptions,
    Endpoint,
    PostStackError,
    Request,
    Response,
    RetryPolicy,
    TransportError,
    run_async,
    run_sync,
)

from .conftest import examples
from .strategies import Reader, script_from, structured_outcomes

OPTIONS = ClientOptions(api_key="sk_test_fuzz")
ALL = sorted(ENDPOINTS.values(), key=lambda e: e.name)
RESULT_TYPES: dict[str, type] = {"json": dict, "text": str, "bytes": bytes}


class Answers:
    """A transport that hands out the scripted outcomes in order (cycling if asked for more)."""

    def __init__(self, script: list[Response | TransportError]) -> None:
        self.script = script
        self.requests: list[Request] = []
        self.slept: list[float] = []

    def _next(self, request: Request) -> Response:
        self.requests.append(request)
        answer = self.script[(len(self.requests) - 1) % len(self.script)]
        if isinstance(answer, TransportError):
            raise answer
        return answer

    def send(self, request: Request) -> Response:
        return self._next(request)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    async def asend(self, request: Request) -> Response:
        return self._next(request)

    async def asleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def start(endpoint: Endpoint, policy: RetryPolicy, r: float) -> Any:
    config = CallConfig(
        OPTIONS, random=lambda: r, new_idempotency_key=lambda: "fuzz-key", policy=policy
    )
    body = {"x": 1} if endpoint.method in {"POST", "PUT", "PATCH"} else None
    kwargs: dict[str, Any] = {"path_params": dict.fromkeys(endpoint.path_params, "id_1")}
    if body is not None:
        kwargs["body"] = body
    return config.flow(endpoint, **kwargs)


def drive_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never really suspends (its awaits return at once) to its end."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    coroutine.close()
    raise AssertionError("the call suspended with nothing to wait for")


def check(endpoint: Endpoint, policy: RetryPolicy, answers: Answers, ended: object) -> None:
    attempts = len(answers.requests)
    assert 1 <= attempts <= policy.max_retries + 1
    assert len(answers.slept) == attempts - 1
    assert all(math.isfinite(s) and 0 <= s <= max(8.0, 60.0) for s in answers.slept)
    assert all(request is answers.requests[0] for request in answers.requests)
    last = answers.script[(attempts - 1) % len(answers.script)]
    if isinstance(ended, PostStackError):
        if isinstance(last, TransportError):
            assert ended.status_code == 0
            assert ended.__cause__ is last
        else:
            assert ended.status_code == last.status
            assert ended.body == last.body
        return
    assert isinstance(last, Response)
    assert 200 <= last.status <= 299
    assert isinstance(ended, RESULT_TYPES[endpoint.response])


structured_scripts = st.lists(structured_outcomes, min_size=1, max_size=4)
policies = st.builds(RetryPolicy, max_retries=st.integers(0, 5))


def case_from(raw: bytes) -> tuple[Endpoint, list[Response | TransportError], RetryPolicy, float]:
    read = Reader(raw)
    endpoint = read.pick(ALL)
    policy = RetryPolicy(max_retries=read.byte() % 6)
    r = read.byte() / 256
    return endpoint, script_from(read), policy, r


def run_one(endpoint: Endpoint, script: list[Any], policy: RetryPolicy, r: float) -> None:
    answers = Answers(script)
    try:
        ended: object = run_sync(start(endpoint, policy, r), answers.send, answers.sleep)
    except PostStackError as error:
        ended = error
    check(endpoint, policy, answers, ended)


@examples(5_500)
@given(raw=st.binary(max_size=200))
def test_the_sync_machine_ends_in_a_result_or_a_post_stack_error(raw: bytes) -> None:
    run_one(*case_from(raw))


@examples(1_500)
@given(raw=st.binary(max_size=200))
def test_the_async_machine_ends_in_a_result_or_a_post_stack_error(raw: bytes) -> None:
    endpoint, script, policy, r = case_from(raw)
    answers = Answers(script)
    try:
        ended: object = drive_async(
            run_async(start(endpoint, policy, r), answers.asend, answers.asleep)
        )
    except PostStackError as error:
        ended = error
    check(endpoint, policy, answers, ended)


@examples(500)
@given(
    endpoint=st.sampled_from(ALL),
    script=structured_scripts,
    policy=policies,
    r=st.floats(0, 1, exclude_max=True),
)
def test_the_machine_with_structured_answers(
    endpoint: Endpoint, script: list[Response | TransportError], policy: RetryPolicy, r: float
) -> None:
    run_one(endpoint, script, policy, r)
