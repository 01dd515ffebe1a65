"""A speech edited in a real LibreOffice with record changes on: the session fixture
`revised_speech` (registered in tests/conftest.py for the acceptance and e2e tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.libreoffice import run_uno
from workbench import Draft, load_library
from workbench.readers import read_document

#: The template the edited speech is exported from.
TEMPLATE = "work-safety-plenary"

#: The reviewer's own words (written for these tests).
REPLACEMENT = "认识上的偏差，往往是工作中最大的隐患。"
#: The added sentence carries a half-width comma, a slip `check` must find only when the
#: changes are read as accepted.
ADDED = "各乡镇要在四月底前报送整治方案,逐项明确责任人。"
NEW_PARAGRAPH = "各地要把整治进展每周报县安委办。"
REVIEWER = "王主任"


@dataclass(frozen=True)
class RevisedSpeech:
    """一稿 as the workbench exported it, and 修改稿 as a reviewer left it in LibreOffice
    with record changes on: one sentence replaced, one phrase deleted, one sentence added.

    `paragraphs` is a second edit of 一稿: a paragraph added and another deleted whole.
    `lo` holds LibreOffice's own reading of each edited file: "accept" / "reject" ->
    file name -> paragraphs, and "redlines" -> file name -> its count of changes.
    """

    first: Path
    revised: Path
    paragraphs: Path
    replaced: str
    deleted: str
    after: str
    deleted_paragraph: str
    lo: dict[str, dict[str, Any]]


def _sentences(text: str) -> list[str]:
    return re.findall(r"[^。！？]*[。！？]", text)


def _unique(text: str, whole: str) -> str:
    assert whole.count(text) == 1, f"not unique in the speech: {text}"
    return text


@pytest.fixture(scope="session")
def revised_speech(tmp_path_factory) -> RevisedSpeech:
    """Export a speech, edit it in LibreOffice with record changes on, save as .docx."""
    folder = tmp_path_factory.mktemp("revised")
    first = folder / "一稿.docx"
    draft = Draft(load_library()[TEMPLATE])
    draft.facts.fill_examples()
    draft.export_docx(first)

    # The edits are picked from the exported text, so template wording may change freely.
    texts = read_document(first).texts
    whole = "\n".join(texts)
    body = [t for t in texts if len(_sentences(t)) >= 3 and not t.startswith("（")]
    replaced = _unique(_sentences(body[3])[1], whole)
    opening_clauses = re.findall(r"[^，。]*，", body[0])
    deleted = _unique(opening_clauses[2], whole)
    after = _unique(_sentences(body[5])[-1], whole)
    deleted_paragraph = _unique(_sentences(body[2])[0], whole)

    revised, paragraphs = folder / "修改稿.docx", folder / "段落.docx"
    jobs = [
        {"op": "edit", "input": str(first), "output": str(revised),
         "edits": [{"replace": replaced, "with": REPLACEMENT}, {"delete": deleted},
                   {"after": after, "insert": ADDED}]},
        {"op": "edit", "input": str(first), "output": str(paragraphs),
         "edits": [{"after": after, "paragraph": NEW_PARAGRAPH},
                   {"delete_paragraph": deleted_paragraph}]},
    ]
    for path in (revised, paragraphs):
        jobs += [{"op": "read", "input": str(path), "changes": "accept"},
                 {"op": "read", "input": str(path), "changes": "reject"}]
    results = run_uno(jobs, folder / "uno", author=REVIEWER)
    lo: dict[str, dict[str, Any]] = {"accept": {}, "reject": {}, "redlines": {}}
    for job, result in zip(jobs, results, strict=True):
        if job["op"] == "read":
            name = Path(job["input"]).name
            lo[job["changes"]][name] = result["paragraphs"]
            lo["redlines"][name] = result["redlines"]
            assert result["left"] == 0, f"LibreOffice left changes in {name}"
    return RevisedSpeech(first, revised, paragraphs, replaced, deleted, after, deleted_paragraph, lo)
