"""pyproject.toml and environment.yml list the same packages; the core imports no widgets."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("test", "bench", "hub"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    # Packages conda-forge lacks are installed by pip inside the environment.
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    conda |= {_name(r) for entries in pip for r in entries if not r.startswith("-")}
    assert conda == wanted


def test_core_and_renderers_never_import_widgets():
    code = ("import sys, workbench, workbench.core.assembly, workbench.renderers, "
            "workbench.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('ipywidgets', 'traitlets', 'docx', 'anywidget')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
