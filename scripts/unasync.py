"""Generate the blocking client layer (``poststack/_sync``) from the async one.

``poststack/_async`` is the only hand-written copy of the client and resource methods.
This script rewrites it token by token (``async def`` -> ``def``, ``await x`` -> ``x``,
``AsyncEmails`` -> ``Emails``...) in the manner of httpcore's ``scripts/unasync.py``.

    python scripts/unasync.py          # write poststack/_sync
    python scripts/unasync.py --check  # exit 1 if poststack/_sync differs (CI)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "poststack" / "_async"
TARGET = ROOT / "poststack" / "_sync"

# Order matters: specific names first, then the general patterns.
SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\baclose\b", "close"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncIterable\b", "Iterable"),
    (r"\bAwaitable\[Any\]", "Any"),
    (r"\bAwaitable\[R\]", "R"),
    (r"\bAsync(?=[A-Z])", ""),
    (r"\basync_", "sync_"),
    (r"_async_", "_sync_"),
    (r"_async\b", "_sync"),
    (r"\basync code\b", "blocking code"),
    (r"asyncio \(and trio\) code", "blocking code"),
    (r"\bfor async\b", "for blocking"),
]

HEADER = "# Generated from poststack/_async/{name} by scripts/unasync.py; do not edit by hand.\n"


def transform(text: str) -> str:
    for pattern, replacement in SUBSTITUTIONS:
        text = re.sub(pattern, replacement, text)
    return text


def tidy(text: str, path: Path) -> str:
    """Sort imports, drop the ones the rewrite left unused, and format: as ruff would."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    name = str(path.relative_to(ROOT))
    for command in (
        [ruff, "check", "--quiet", "--select=I,F401", "--fix-only", "--stdin-filename", name, "-"],
        [ruff, "format", "--quiet", "--stdin-filename", name, "-"],
    ):
        done = subprocess.run(  # noqa: S603 - ruff, with fixed arguments
            command, input=text, capture_output=True, text=True, check=True, cwd=ROOT
        )
        text = done.stdout
    return text


def expected_files() -> dict[Path, str]:
    files: dict[Path, str] = {}
    for source in sorted(SOURCE.rglob("*.py")):
        name = source.relative_to(SOURCE).as_posix()
        target = TARGET / name
        text = HEADER.format(name=name) + transform(source.read_text(encoding="utf-8"))
        files[target] = tidy(text, target)
    return files


def main(argv: list[str]) -> int:
    check = "--check" in argv
    expected = expected_files()
    stale = sorted(
        str(path.relative_to(ROOT))
        for path, text in expected.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    )
    extra = sorted(
        str(path.relative_to(ROOT)) for path in TARGET.rglob("*.py") if path not in expected
    )
    if check:
        if stale or extra:
            print(
                "poststack/_sync is out of date with poststack/_async:", *stale, *extra, sep="\n  "
            )
            print("run: python scripts/unasync.py")
            return 1
        print(f"poststack/_sync is up to date ({len(expected)} files)")
        return 0
    for path, text in expected.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name in extra:
        (ROOT / name).unlink()
    print(f"wrote {len(expected)} files to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
