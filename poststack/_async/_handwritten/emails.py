"""Hand-written methods of ``ps.emails``; the generated `AsyncEmails` extends this class.

Methods that do more than pass their arguments on belong here (``send_many``, which drives
``poststack/_async/_bulk.py``, for one).
"""

from __future__ import annotations

from collections.abc import Iterable

from poststack_proto import BulkSendResult

from ..._bulk_support import ProgressCallback
from ...types.emails import SendEmailParams
from .._bulk import send_many
from .._resource import AsyncResource

__all__ = ["AsyncEmailsHandwritten"]


class AsyncEmailsHandwritten(AsyncResource):
    """The hand-written part of ``ps.emails``."""

    __slots__ = ()

    async def send_many(
        self,
        messages: Iterable[SendEmailParams],
        *,
        job_id: str | None = None,
        batch_size: int = 100,
        concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        progress: bool = False,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> BulkSendResult:
        """Send any number of emails through ``batch``, ``batch_size`` (at most 100) at a time.

        ``messages`` may be a generator: it is read one batch at a time. With ``job_id``, the
        message at position ``i`` carries the key ``f"{job_id}:m{i}"`` and the batch of
        positions ``start`` to ``stop`` the key ``f"{job_id}:b{start}-{stop}"``, so rerunning
        the same job sends nothing twice; without one, keys are fresh per run. ``concurrency``
        batches are in flight at once (async: 4 by default; blocking: 1, or N threads). A 429
        with ``Retry-After`` on one batch holds every other batch of the run.

        Returns one outcome per message, in input order (``.results[i].id`` / ``.error``),
        with ``.sent``, ``.failed`` and ``.ok``. A refused element is that message's failure;
        a batch that still fails after its retries fails each of its messages with its error.
        ``on_progress(sent, failed, total_or_None)`` runs after each batch; ``progress=True``
        draws a tqdm bar on stderr (``pip install 'poststack[progress]'``).
        """
        return await send_many(
            self._call,
            messages,
            job_id=job_id,
            batch_size=batch_size,
            concurrency=concurrency,
            on_progress=on_progress,
            progress=progress,
            timeout=timeout,
            max_retries=max_retries,
        )
