"""`workbench check --fix` for fixed formulations: write the near misses, offer the rest.

Only a near miss of wrong characters at or above `FIX_SIMILARITY` is written (慌报 ->
谎报); a series with an element missing, added or out of order, and a word left out or
added, may be deliberate, so they are printed as suggestions and the text is left as the
writer wrote it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.checks.formulation import FIX_SIMILARITY, FormulationIssue, correct, iter_issues
from ..core.edits import Edit


@dataclass(frozen=True, slots=True)
class Correction:
    """A formulation issue at a paragraph: written (`fixed`) or only offered."""

    paragraph: str
    issue: FormulationIssue
    fixed: bool


def fixer() -> tuple[Callable[[str], str], list[Correction]]:
    """Return a function for `readers.rewrite_text` that corrects a piece of text, and the
    list it records the corrections in (paragraph unknown: "-")."""
    corrections: list[Correction] = []

    def fix(text: str) -> str:
        fixed_text, fixed, _offered = correct(text)
        corrections.extend(Correction("-", issue, True) for issue in fixed)
        return fixed_text

    return fix, corrections


def offered(texts: Sequence[str], numbers: Sequence[int]) -> list[Correction]:
    """Return the corrections only offered for the paragraphs `texts` (numbered `numbers`)."""
    return [Correction(str(number), issue, False)
            for text, number in zip(texts, numbers, strict=False)
            for issue in iter_issues(text) if not issue.is_fixable]


def fix_draft(draft: Any) -> list[Correction]:
    """Correct the fixable near misses in the writer's own text (paragraph edits) of
    `draft`; return those and the ones only offered there."""
    corrections = []
    for pid, edit in list(draft.edits.items()):
        segments: list[Any] = []
        for seg in edit.segments:
            if isinstance(seg, str):
                seg, fixed, still = correct(seg)
                corrections += [Correction(pid, issue, True) for issue in fixed]
                corrections += [Correction(pid, issue, False) for issue in still]
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
            why = (f"相似度 {c.issue.similarity:.0%}" if c.issue.kind == "near"
                   else "要素缺漏、多出或顺序不同")
            print(f"{name}:{c.paragraph}: 建议将“{c.issue.found}”改为“{c.issue.replacement}”"
                  f"（{c.issue.entry.source}；{why}，可能有意为之，未自动修改；"
                  f"自动改正只限错字且相似度不低于 {FIX_SIMILARITY:.0%}）", file=sys.stderr)
    written = sum(c.fixed for c in corrections)
    if corrections:
        print(f"已改正规范表述 {written} 处，另有 {len(corrections) - written} 处请人工核对",
              file=sys.stderr)
