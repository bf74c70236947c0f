"""The typed shapes are also right at run time, for tools that introspect them."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from typing_extensions import get_type_hints, is_typeddict

from poststack import types
from poststack.types import EmailWithDetails, SendEmailParams, SendEmailResponse

ALL_TYPEDDICTS = [
    getattr(types, name) for name in types.__all__ if is_typeddict(getattr(types, name))
]


def test_required_and_optional_keys() -> None:
    assert SendEmailResponse.__required_keys__ == frozenset({"id"})
    assert SendEmailResponse.__optional_keys__ == frozenset({"replayed", "test_mode"})
    assert SendEmailParams.__required_keys__ == frozenset({"from", "to"})
    assert {"subject", "html", "text", "attachments"} <= SendEmailParams.__optional_keys__
    assert {"htmlBody", "events", "publicId"} <= EmailWithDetails.__required_keys__


def test_there_are_many_typed_shapes() -> None:
    assert len(ALL_TYPEDDICTS) > 100


@pytest.mark.parametrize("shape", ALL_TYPEDDICTS, ids=lambda t: t.__name__)
def test_every_annotation_resolves_on_this_python(shape: type) -> None:
    hints = get_type_hints(shape, include_extras=True)
    assert set(hints) == shape.__required_keys__ | shape.__optional_keys__  # type: ignore[attr-defined]
    for name, hint in hints.items():
        origin: object = typing.get_origin(hint)
        # A NotRequired/Required wrapper must have been folded into the key sets.
        assert origin is not typing.ClassVar, name


def test_official_model_names_load_lazily_through_the_generated_exports(tmp_path: Path) -> None:
    """``poststack/types/__init__.py`` as ``scripts/generate.py`` writes it once a ``_models``
    module exists: the model names are exported, and what ``_models`` imports (pydantic)
    loads only when one is used."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    package = tmp_path / "types_copy"
    shutil.copytree(root / "poststack" / "types", package)
    # A stand-in for pydantic, so the test needs nothing installed: _models imports it.
    (tmp_path / "heavy_library.py").write_text(
        "class BaseModel:\n"
        "    def __init__(self, **fields):\n"
        "        self.__dict__.update(fields)\n\n"
        "    @classmethod\n"
        "    def model_validate(cls, raw):\n"
        "        return cls(**raw)\n",
        encoding="utf-8",
    )
    (package / "_models.py").write_text(
        "import heavy_library\n\n"
        "class Email(heavy_library.BaseModel):\n"
        "    public_id: str\n\n"
        "class SendEmailInput(heavy_library.BaseModel):\n"
        "    subject: str = ''\n\n"
        "class EmailDict(heavy_library.BaseModel):  # ours wins: a TypedDict of that name exists\n"
        "    x: int = 0\n\n"
        '__all__ = ["Email", "SendEmailInput", "EmailDict"]\n',
        encoding="utf-8",
    )
    sys.path.insert(0, str(root))
    try:
        from scripts import generate
    finally:
        sys.path.remove(str(root))
    generate.MODELS = package / "_models.py"
    (package / "__init__.py").write_text(
        generate.render_types_init(generate.public_type_modules()), encoding="utf-8"
    )
    probe = (
        "import sys, typing_extensions\n"
        "import types_copy as t\n"
        "assert 'heavy_library' not in sys.modules\n"
        "assert typing_extensions.is_typeddict(t.EmailDict)\n"
        "assert typing_extensions.is_typeddict(t.SendEmailParams)\n"
        "assert {'Email', 'SendEmailInput', 'EmailDict'} <= set(t.__all__) & set(dir(t))\n"
        "assert 'heavy_library' not in sys.modules\n"
        "assert t.Email.model_validate({'public_id': 'em_1'}).public_id == 'em_1'\n"
        "assert 'heavy_library' in sys.modules and t.SendEmailInput(subject='').subject == ''\n"
        "import poststack, poststack.types\n"
        "poststack.types.SendEmailParams\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_import_poststack_and_its_types_never_loads_pydantic() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "import poststack, poststack.types\n"
        "from poststack.types import EmailDict, SendEmailParams\n"
        "poststack.PostStack(api_key='sk_test_x').emails\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "False", done.stderr


def test_lazy_exports_load_once_cache_and_explain_failures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    from types import ModuleType

    from poststack_proto import lazy_exports

    package = ModuleType("lazy_probe")
    monkeypatch.setitem(sys.modules, "lazy_probe", package)
    get, listing = lazy_exports(
        "lazy_probe",
        {"dumps": "json", "Missing": "no_such_library_here"},
        on_import_error=lambda name, exc: ImportError(f"{name} needs an extra"),
    )
    import json

    assert get("dumps") is json.dumps
    assert vars(package)["dumps"] is json.dumps  # cached: the next lookup is a plain read
    assert listing() == sorted({*vars(package), "dumps", "Missing"})
    with pytest.raises(ImportError, match="Missing needs an extra") as caught:
        get("Missing")
    assert isinstance(caught.value.__cause__, ModuleNotFoundError)
    with pytest.raises(AttributeError, match="'lazy_probe' has no attribute 'other'"):
        get("other")


def test_lazy_exports_let_an_import_error_pass_when_told_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``on_import_error`` returning ``None``: the original error, as it was raised (how the
    transports let a broken module of ours through while naming a missing library)."""
    import sys
    from types import ModuleType

    from poststack_proto import lazy_exports

    package = ModuleType("lazy_probe_passing")
    monkeypatch.setitem(sys.modules, "lazy_probe_passing", package)
    seen: list[ImportError] = []

    def passes(name: str, exc: ImportError) -> None:
        seen.append(exc)

    get, _ = lazy_exports(
        "lazy_probe_passing", {"Missing": "no_such_library_here"}, on_import_error=passes
    )
    with pytest.raises(ModuleNotFoundError) as caught:
        get("Missing")
    assert seen == [caught.value]
    assert caught.value.name == "no_such_library_here"
    assert caught.value.__cause__ is None
