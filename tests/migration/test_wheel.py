"""The built wheel installs into a fresh virtual environment, and every public name of the
package, old and new, imports from there (not from this checkout)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import importlib, json, sys
import poststack, poststack.resources, poststack.types._models as models
import poststack_proto, poststack_transports, poststack_sandbox
from poststack.resources import _LAZY as resource_modules

imported = 0
for module, names in [
    ("poststack", poststack.__all__),
    ("poststack.resources", poststack.resources.__all__),
    ("poststack.types._models", models.__all__),
    ("poststack_proto", poststack_proto.__all__),
    ("poststack_transports", poststack_transports.__all__),
    ("poststack_sandbox", poststack_sandbox.__all__),
    *[(f"poststack.resources.{m}", importlib.import_module(f"poststack.resources.{m}").__all__)
      for m in sorted(set(resource_modules.values()))],
    ("poststack._client", ["PostStackClient", "AsyncPostStackClient"]),
]:
    for name in names:
        getattr(importlib.import_module(module), name)
        imported += 1
print(json.dumps({"file": poststack.__file__, "version": poststack.__version__,
                  "imported": imported}))
"""


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        message = "the wheel test needs uv on PATH (pip install uv)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return uv


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _run_offline_first(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # uv's cache usually holds everything (CI installed it all with uv); otherwise the
    # package index is asked.
    done = _run(*args, "--offline", cwd=cwd)
    if done.returncode != 0:
        done = _run(*args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.slow
def test_the_wheel_installs_and_every_public_name_imports(tmp_path: Path) -> None:
    uv = _uv()
    dist = tmp_path / "dist"
    _run_offline_first(uv, "build", "--wheel", "-q", "-o", dist, ROOT, cwd=tmp_path)
    (wheel,) = dist.glob("poststack-*.whl")
    version = wheel.name.split("-")[1]

    venv = tmp_path / "venv"
    _run_offline_first(uv, "venv", "-q", "-p", sys.executable, venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    requirement = f"poststack[all,sandbox] @ {wheel.as_uri()}"
    _run_offline_first(uv, "pip", "install", "-q", "-p", python, requirement, cwd=tmp_path)

    probe = _run(python, "-c", PROBE, cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert Path(found["file"]).is_relative_to(venv)  # the installed copy, not this checkout
    assert found["version"] == version
    assert found["imported"] > 150

    cli = _run(venv / "bin" / "poststack", "--version", cwd=tmp_path)
    assert cli.stdout == f"poststack {version}\n"
    metadata = _run(python, "-c", "import importlib.metadata as m; print(m.requires('poststack'))",
                    cwd=tmp_path)  # fmt: skip
    assert "pydantic>=2.4" in metadata.stdout
