"""The ``poststack`` console command: a small dispatcher to subcommands.

Each subcommand lives in its own module and exposes ``main(argv) -> int``; it is imported only
when used, so an optional dependency (aiohttp for ``sandbox``) is needed only by its command.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import cast

__all__ = ["SUBCOMMANDS", "main"]

# name -> (module exposing main(argv) -> int, one-line help, pip extra needed)
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "send": ("poststack._cli_send", "send one email; key from POSTSTACK_API_KEY", ""),
    "send-many": ("poststack._cli_send_many", "send a .jsonl file of emails in batches", ""),
    "sandbox": ("poststack_sandbox._cli", "run a local PostStack API emulator", "sandbox"),
}


def _usage() -> str:
    lines = ["usage: poststack <command> [options]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_, _) in SUBCOMMANDS.items()]
    lines.append("\nRun 'poststack <command> --help' for a command's options.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``poststack <command> ...``; returns the process exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"poststack: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, _, extra = SUBCOMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(
            f"poststack {name}: missing dependency ({exc.name}); "
            f"install it with: pip install 'poststack[{extra}]'",
            file=sys.stderr,
        )
        return 1
    command = cast("Callable[[Sequence[str]], int]", module.main)
    return command(rest)


if __name__ == "__main__":
    sys.exit(main())
