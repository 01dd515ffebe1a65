"""The notebooks run top to bottom in a real kernel (nbclient), without errors."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.slow


def _execute(name: str, cwd) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    # kernel "python3" is the venv's own kernel spec; jupyter_client starts it with the
    # interpreter running the tests, so the kernel imports this checkout of workbench.
    client = NotebookClient(notebook, timeout=180, startup_timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]


def test_workbench_notebook_runs_top_to_bottom(tmp_path):
    notebook = _execute("workbench.ipynb", tmp_path)
    outputs = _outputs(notebook)
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert any(WIDGET_MIME in o.get("data", {}) for o in outputs), "the app is shown"
    text = "".join(o.get("text", "") for o in outputs)
    assert "work-safety-plenary" in text and "青山县" in text
    assert "应为数字" in text
    assert (tmp_path / "exports" / "青山县安委会讲话.docx").stat().st_size > 0
    assert (tmp_path / "drafts" / "青山县安委会讲话.json").exists()


def test_dashboard_notebook_is_only_the_app(tmp_path):
    source = nbformat.read(NOTEBOOKS / "dashboard.ipynb", as_version=4)
    code = [c for c in source.cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].metadata["jupyter"]["source_hidden"]
    assert not [c for c in source.cells if c.cell_type == "markdown"]
    outputs = _outputs(_execute("dashboard.ipynb", tmp_path))
    assert [o.output_type for o in outputs] == ["execute_result"]
    assert WIDGET_MIME in outputs[0]["data"]


def test_committed_notebooks_carry_no_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
