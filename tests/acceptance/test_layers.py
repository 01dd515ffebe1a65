"""The layering contracts hold on the real tree, and the check catches planted violations."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "check_layers.py"


def _load():
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_layers"] = module
    spec.loader.exec_module(module)
    return module


layers = _load()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package to plant violations in."""
    shutil.copytree(ROOT / "workbench", tmp_path / "workbench",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _plant(tree: Path, module: str, source: str) -> None:
    path = tree / "workbench" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n" + source, encoding="utf-8")


def test_the_real_tree_keeps_every_contract():
    assert layers.check(ROOT) == []


def test_make_lint_runs_the_check():
    assert "tools/check_layers.py" in (ROOT / "Makefile").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_core_importing_a_renderer_inside_a_function_is_caught(tree: Path):
    _plant(tree, "core/assembly.py", "def _leak():\n    from ..renderers.html import render_html\n")
    problems = layers.check(tree)
    assert len(problems) == 1
    assert "core/assembly.py" in problems[0] and "layer above" in problems[0]


def test_core_importing_the_pipeline_is_caught(tree: Path):
    _plant(tree, "core/facts.py", "import workbench.pipeline\n")
    assert any("workbench.pipeline" in p for p in layers.check(tree))


def test_python_docx_outside_the_word_renderer_is_caught(tree: Path):
    _plant(tree, "renderers/html.py", "def _leak():\n    import docx\n")
    problems = layers.check(tree)
    assert problems and "only workbench.renderers.word" in problems[0]


def test_ipywidgets_outside_ui_is_caught(tree: Path):
    _plant(tree, "commands/build.py", "import ipywidgets\n")
    assert any("ipywidgets" in p for p in layers.check(tree))


def test_the_cli_importing_the_widget_app_is_caught(tree: Path):
    _plant(tree, "commands/build.py", "from ..ui import state\n")
    assert any("sibling" in p for p in layers.check(tree))


def test_an_import_cycle_is_caught(tree: Path):
    _plant(tree, "core/text.py", "from . import facts\n")
    (tree / "workbench" / "core" / "facts.py").write_text(
        (tree / "workbench" / "core" / "facts.py").read_text(encoding="utf-8")
        + "\nfrom . import text as _text\n", encoding="utf-8")
    assert any(p.startswith("import cycle:") for p in layers.check(tree))


def test_type_checking_imports_are_not_cycles(tree: Path):
    _plant(tree, "core/text.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
           "    from .draft import Draft\n")
    assert layers.check(tree) == []


def test_python_docx_in_the_core_is_caught_even_inside_a_function(tree: Path):
    _plant(tree, "core/importer/parse.py", "def _leak():\n    from docx import Document\n")
    problems = layers.check(tree)
    assert len(problems) == 1
    assert "core/importer/parse.py" in problems[0] and "only workbench.renderers.word, workbench.readers" in problems[0]


def test_python_docx_by_name_through_importlib_is_caught(tree: Path):
    _plant(tree, "commands/diff.py", "import importlib\n_docx = importlib.import_module('docx.oxml')\n")
    problems = layers.check(tree)
    assert len(problems) == 1 and "imports docx.oxml" in problems[0]


def test_the_readers_may_import_python_docx_and_nobody_else_outside_word():
    readers = {imp.module for imp in layers.iter_imports(ROOT) if imp.target.split(".")[0] == "docx"}
    assert readers and all(m.startswith(("workbench.readers", "workbench.renderers.word")) for m in readers)
    assert any(m.startswith("workbench.readers") for m in readers)


def test_the_core_reading_a_file_through_the_readers_is_caught(tree: Path):
    _plant(tree, "core/importer/__init__.py", "def _leak():\n    from ...readers import read_source\n")
    problems = layers.check(tree)
    assert len(problems) == 1 and "workbench.readers" in problems[0] and "layer above" in problems[0]


def test_the_readers_and_the_renderers_are_siblings(tree: Path):
    _plant(tree, "readers/plain.py", "from ..renderers import render\n")
    assert any("sibling" in p for p in layers.check(tree))
