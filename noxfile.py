"""Every check the project runs, locally and in CI: ``nox`` (tests, lint, typecheck, docs).

Sessions:
    tests      pytest on the lowest and the highest supported CPython (3.10, 3.13)
    arq        arq's worker tests, in an environment of their own (arq pins redis<6)
    aiohttp_oldest
               the aiohttp transport's suites on the oldest aiohttp it supports (3.11)
    lint       ruff check, ruff format --check, the generated-code and unasync drift checks,
               the layer rules (import-linter)
    typecheck  mypy --strict and pyright (strict) on the packages, the tests and the benchmarks
    docs       the documentation site, built with mkdocs --strict (the API reference included)
    bench      the benchmark harness (not in CI; writes docs/performance.md)
"""

from __future__ import annotations

import os
import shutil
import subprocess

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "arq", "aiohttp_oldest", "lint", "typecheck", "docs"]
# A missing interpreter fails the run: a green run always means every session ran.
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.10", "3.13"]

TEST_DEPS = [
    "pytest>=8",
    "hypothesis>=6.100",
    "anyio>=4",
    "trio>=0.25",
    "respx>=0.21",
    "responses>=0.25",
    "aioresponses>=0.7.6",
    # tests/resources/test_generate.py formats generated code as scripts/generate.py does
    "ruff>=0.6",
    # the framework integrations in poststack.contrib
    "django>=4.2",
    "flask>=3",
    "fastapi>=0.110",
    # real servers for the framework examples' end-to-end tests
    "gunicorn>=22",
    "uvicorn>=0.29",
    # sending at volume (tests/volume): the progress bar, the shared limiter, job queues
    "tqdm>=4.66",
    "redis>=5",
    "celery[redis]>=5.3",
    "rq>=3",
    # the sandbox inbox's browser tests drive Debian's chromium (never a downloaded browser)
    "playwright>=1.40",
]
TYPE_DEPS = ["mypy>=1.11", "pyright>=1.1.380", "django-stubs>=5"]
DOCS_DEPS = ["mkdocs>=1.6", "mkdocs-material>=9.5", "mkdocstrings[python]>=0.26", "ruff>=0.6"]


def _expose_pyenv_interpreters() -> None:
    """Let nox find python3.10 / python3.13 when they are pyenv versions not yet selected.

    pyenv's shims only answer for selected versions. Adding every installed 3.10/3.13 to
    ``PYENV_VERSION`` (which pyenv's own ``exec`` sets to the one version it ran nox with)
    makes ``python3.X`` resolvable for nox and uv, without touching global state.
    """
    pyenv = shutil.which("pyenv") or os.path.expanduser("~/.pyenv/bin/pyenv")
    if not os.path.exists(pyenv):
        return
    try:
        found = subprocess.run(  # noqa: S603 - a fixed command
            [pyenv, "versions", "--bare"], capture_output=True, text=True, check=True, timeout=20
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return
    selected = [v for v in os.environ.get("PYENV_VERSION", "").split(":") if v]
    wanted = [v for v in found if any(v.startswith(p + ".") for p in PYTHONS)]
    ordered = selected + [v for v in wanted if v not in selected]
    if ordered:
        os.environ["PYENV_VERSION"] = ":".join(ordered)


_expose_pyenv_interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole test suite against an installed wheel-like (editable) copy."""
    session.install("-e", ".[all,sandbox]", *TEST_DEPS)
    session.run("pytest", *(session.posargs or ["-q"]))


@nox.session(python=PYTHONS)
def arq(session: nox.Session) -> None:
    """arq's worker tests, in an environment of their own: arq pins redis<6, and Celery's
    Redis transport (kombu 5.7) refuses redis-py before 6.1, so they cannot share one."""
    session.install("-e", ".[arq,sandbox]", "pytest>=8")
    session.run("pytest", *(session.posargs or ["-q", "tests/volume/test_queues_arq.py"]))


@nox.session(python=PYTHONS[0])
def aiohttp_oldest(session: nox.Session) -> None:
    """The aiohttp transport on the oldest aiohttp it allows (``aiohttp>=3.11``): a session
    it makes drives aiohttp's request and connector steps directly, so the suites that
    hold it to the wire run on both ends of the range (``tests`` has the newest)."""
    session.install(
        "-e",
        ".[all,sandbox]",
        "aiohttp==3.11.*",
        "pytest>=8",
        "hypothesis>=6.100",
        "aioresponses>=0.7.6",
        "respx>=0.21",
        "responses>=0.25",
        "anyio>=4",
        "trio>=0.25",
    )
    session.run(
        "pytest",
        *(
            session.posargs
            or [
                "-q",
                "-k",
                "aiohttp",
                "tests/conformance",
                "tests/reliability",
                "tests/embedding/test_http_mocks.py",
            ]
        ),
    )


@nox.session(python=PYTHONS[-1])
def lint(session: nox.Session) -> None:
    """Style and the generated-code drift check."""
    # generate.py reads the catalog (typing_extensions); lint-imports checks the layer rules
    session.install("ruff>=0.6", "typing_extensions>=4.7", "import-linter>=2")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "scripts/generate.py", "--check")
    session.run("python", "scripts/unasync.py", "--check")
    session.run("lint-imports")  # contracts in pyproject.toml [tool.importlinter]


@nox.session(python=PYTHONS)
def typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright (strict) agree the packages, tests and benchmarks are sound."""
    # matplotlib and uvloop: the benchmarks import them (as `nox -s bench` installs them)
    # arq: poststack.contrib.arq and its tests (its redis<6 pin does not matter to the checkers)
    session.install(
        "-e", ".[all,sandbox]", *TYPE_DEPS, *TEST_DEPS, "matplotlib", "uvloop", "arq>=0.26"
    )
    session.run("mypy")
    session.run("pyright", "--pythonpath", session.virtualenv.bin + "/python")
    if os.path.isdir("tests/typing"):
        session.run("pytest", "-q", "tests/typing")


@nox.session(python=PYTHONS[-1])
def docs(session: nox.Session) -> None:
    """The documentation site, offline: every page, link and docstring reference must resolve."""
    session.install(*DOCS_DEPS)  # the API reference reads the source; nothing is imported
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHONS[-1])
def bench(session: nox.Session) -> None:
    """Benchmarks, side by side in one run; writes docs/performance.md and docs/img/."""
    session.install("-e", ".[all,sandbox]", "matplotlib", "uvloop")
    session.run("python", "benchmarks/run.py", *session.posargs)
