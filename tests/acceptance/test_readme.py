"""The README's Python example runs as written (with a speech file of our own)."""

from __future__ import annotations

import re
import runpy

from tests.conftest import ROOT
from workbench import Draft, load_library


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Python 接口\n\n```python\n(.*?)```", readme, re.S).group(1)
    draft = Draft(load_library()["flood-season"])
    draft.facts.fill_examples()
    (tmp_path / "范文.docx").write_bytes(b"")
    draft.export_docx(tmp_path / "范文.docx")
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    runpy.run_path(str(script))
    assert "青山县" in capsys.readouterr().out
    assert (tmp_path / "讲话.docx").stat().st_size > 5000
    assert Draft.load(tmp_path / "初稿.json").facts["place"] == "青山县"
