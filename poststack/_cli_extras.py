"""Options ``poststack send`` shares with other sending commands: ``-v`` and ``--attach``.

* ``-v`` wires a stderr handler to the ``poststack`` logger for the duration of the
  command: INFO shows each retry as it happens (status, wait, attempt, request id), ``-vv``
  (DEBUG) every answer too. The core never logs the key, a body or an address, so neither
  does this.
* ``--attach FILE`` (repeatable) reads the file and sends it base64-encoded, with its name
  and a content type guessed from the name by `mimetypes`.
"""

from __future__ import annotations

import argparse
import base64
import logging
import mimetypes
import sys
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .types.emails import Attachment

__all__ = ["add_send_extras", "logging_to_stderr", "read_attachments"]

FALLBACK_CONTENT_TYPE = "application/octet-stream"


def add_send_extras(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--attach",
        action="append",
        default=[],
        metavar="FILE",
        help="attach a file (repeatable); its content type is guessed from its name",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="show retries as they happen on stderr (-vv: every answer)",
    )


def read_attachments(paths: Sequence[str]) -> list[Attachment]:
    """Each file as an attachment. Raises `OSError` for a file that cannot be read."""
    attachments: list[Attachment] = []
    for name in paths:
        path = Path(name)
        content_type, _ = mimetypes.guess_type(path.name)
        attachments.append(
            {
                "filename": path.name,
                "content": base64.b64encode(path.read_bytes()).decode("ascii"),
                "content_type": content_type or FALLBACK_CONTENT_TYPE,
            }
        )
    return attachments


@contextmanager
def logging_to_stderr(verbosity: int) -> Generator[None, None, None]:
    """Show the SDK's log records on stderr while the block runs (nothing if ``verbosity`` is 0)."""
    if verbosity <= 0:
        yield
        return
    logger = logging.getLogger("poststack")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("poststack: %(message)s"))
    previous = logger.level
    logger.setLevel(logging.INFO if verbosity == 1 else logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
