"""`workbench check --fix` for fixed formulations: write the near misses, offer the rest.

Only a near miss at or above `FIX_SIMILARITY` is written (慌报 -> 谎报); a series with an
element missing, added or out of order, and a looser near miss, may be deliberate, so
they are printed as suggestions and the text is left as the writer wrote it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.checks.formulation import FIX_SIMILARITY, FormulationIssue, correct, iter_issues
from ..core.draft import Draft, Edit


@dataclass(frozen=True, slots=True)
class Correction:
    """A formulation issue at a paragraph: written (`fixed`) or only offered."""

    paragraph: str
    issue: FormulationIssue
    fixed: bool


def fix_paragraphs(paragraphs: Sequence[str], numbers: Sequence[int]) -> tuple[list[str], list[Correction]]:
    """Return `paragraphs` with their fixable near misses corrected, and every correction."""
    out, corrections = [], []
    for text, number in zip(paragraphs, numbers, strict=False):
        fixed_text, fixed, offered = correct(text)
        out.append(fixed_text)
        corrections += [Correction(str(number), issue, True) for issue in fixed]
        corrections += [Correction(str(number), issue, False) for issue in offered]
    return out, corrections


def fix_docx(document: Any) -> list[Correction]:
    """Correct the fixable near misses of a Word document in place, within one run each."""
    corrections = []
    for number, paragraph in enumerate(document.paragraphs, 1):
        for issue in iter_issues(paragraph.text):
            run = _run_holding(paragraph.runs, issue) if issue.is_fixable else None
            if run is None:
                corrections.append(Correction(str(number), issue, False))
                continue
            obj, start = run
            obj.text = obj.text[:start] + issue.replacement + obj.text[start + len(issue.found):]
            corrections.append(Correction(str(number), issue, True))
    return corrections


def _run_holding(runs: Iterable[Any], issue: FormulationIssue) -> tuple[Any, int] | None:
    position = 0
    for run in runs:
        text = run.text
        if position <= issue.offset and issue.offset + len(issue.found) <= position + len(text):
            start = issue.offset - position
            if text[start: start + len(issue.found)] == issue.found:
                return run, start
        position += len(text)
    return None


def fix_draft(draft: Draft) -> list[Correction]:
    """Correct the fixable near misses in the writer's own text (paragraph edits)."""
    corrections = []
    for pid, edit in list(draft.edits.items()):
        segments: list[Any] = []
        for seg in edit.segments:
            if isinstance(seg, str):
                seg, fixed, offered = correct(seg)
                corrections += [Correction(pid, issue, True) for issue in fixed]
                corrections += [Correction(pid, issue, False) for issue in offered]
            segments.append(seg)
        draft.edits[pid] = Edit(segments)
    return corrections


def report(name: str, corrections: Sequence[Correction]) -> None:
    """Print what was corrected and what is only suggested, one line each, to stderr."""
    for c in corrections:
        if c.fixed:
            print(f"{name}:{c.paragraph}: 已将“{c.issue.found}”改为“{c.issue.replacement}”"
                  f"（{c.issue.entry.source}）", file=sys.stderr)
        else:
            why = (f"相似度 {c.issue.similarity:.0%}，低于 {FIX_SIMILARITY:.0%}" if c.issue.kind == "near"
                   else "要素缺漏、多出或顺序不同可能是有意为之")
            print(f"{name}:{c.paragraph}: 建议将“{c.issue.found}”改为“{c.issue.replacement}”"
                  f"（{c.issue.entry.source}；{why}，未自动修改）", file=sys.stderr)
    written = sum(c.fixed for c in corrections)
    if corrections:
        print(f"已改正规范表述 {written} 处，另有 {len(corrections) - written} 处请人工核对",
              file=sys.stderr)
