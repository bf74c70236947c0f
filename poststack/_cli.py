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
    lines = ["usage: poststack [--version] <command> [options]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_, _) in SUBCOMMANDS.items()]
    lines.append("\nRun 'poststack <command> --help' for a command's options.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``poststack <command> ...``; returns the process exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    if args[0] in ("-V", "--version"):
        from poststack_proto import __version__  # noqa: PLC0415 - only this option needs it

        print(f"poststack {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"poststack: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, _, extra = SUBCOMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        library = (exc.name or "").partition(".")[0]
        if not library or library.startswith("poststack"):
            raise  # a module of ours is broken: not something pip install can fix
        # Name the library, not "poststack[extra]": until this project is published, that
        # would fetch the official 0.9.0 package from PyPI in place of this one.
        print(
            f"poststack {name}: missing dependency {library!r} (the {extra!r} extra); "
            f"install it with: pip install {library}",
            file=sys.stderr,
        )
        return 1
    command = cast("Callable[[Sequence[str]], int]", module.main)
    return command(rest)


if __name__ == "__main__":
    sys.exit(main())
