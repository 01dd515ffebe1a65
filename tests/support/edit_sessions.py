"""A writer's session as data: steps of intents on `WorkbenchState`, for property tests.

A step is (kind, a, b): a fact typed (`fact`, which text fact, the value), a part left out
or back (`include`), a form switched (`pattern`), a part moved (`move`), another template
(`template`), a paragraph edited or restored (`edit`), the examples filled (`examples`),
a finding ignored or restored (`ignore`, for the property tests only).
Indices are taken modulo what the draft has, so any step applies to any draft.
"""

from __future__ import annotations

import random
from typing import Any

from workbench.core.nodes import editable_text
from workbench.ui import WorkbenchState

#: Small and large shipped templates, and one whose parts take many forms.
TEMPLATES = ("work-style", "flood-season", "commitment-statement")

#: Values a writer types, with marks the HTML must escape.
VALUES = ("", "青山县", "白水县经济开发区", "甲", "北<b>镇", "“三区”", "12", "A&B 县")

#: What an edit writes: restore (None), a new sentence, nothing, or (the "" case) the
#: paragraph less its last character.
EDITS = (None, "改写后的段落。", "", "只改一个字的段落")

KINDS = ("fact", "include", "pattern", "move", "template", "edit", "examples")

Step = tuple[str, Any, Any]


def apply_step(state: WorkbenchState, step: Step) -> None:
    """Apply `step` to `state` through its intents, then let any waiting refresh run."""
    kind, a, b = step
    draft = state.draft
    sections = draft.sections
    if kind == "fact":
        specs = [spec.id for spec in draft.template.facts if spec.type == "text"]
        if specs:
            state.set_fact(specs[a % len(specs)], b, typing=a % 2 == 0)
    elif kind == "include":
        state.set_include(sections[a % len(sections)].id, b)
    elif kind == "pattern":
        section = sections[a % len(sections)]
        state.set_pattern(section.id, section.patterns[b % len(section.patterns)])
    elif kind == "move":
        state.move_part(sections[a % len(sections)].id, b)
    elif kind == "template":
        state.choose_template(a)
    elif kind == "edit":
        blocks = [blk for blk in state.document.iter_blocks() if getattr(blk, "id", "")]
        if blocks:
            block = blocks[a % len(blocks)]
            text = b if b is None or b else editable_text(block)[:-1] or "一"
            state.set_edit(block.id, text)
    elif kind == "examples":
        state.fill_examples()
    elif kind == "ignore":  # 忽略此处 / 不再提示此词 on a finding shown, or 恢复 (not in KINDS)
        shown = [f for f in state.findings if f.paragraph]
        if b and shown:
            finding = shown[a % len(shown)]
            if a % 2 and finding.term:
                state.ignore_term(finding.rule, finding.term)
            else:
                state.ignore_here(finding.rule, finding.paragraph)
        elif draft.ignored:
            state.restore_here(*draft.ignored[a % len(draft.ignored)])
        elif state.ignored_terms:
            state.restore_term(*state.ignored_terms[a % len(state.ignored_terms)])
    state.flush()


def random_step(rng: random.Random) -> Step:
    """Return one step drawn from `rng`."""
    kind = rng.choice(KINDS)
    if kind == "fact":
        return kind, rng.randrange(31), rng.choice(VALUES)
    if kind == "include":
        return kind, rng.randrange(31), rng.random() < 0.5
    if kind == "pattern":
        return kind, rng.randrange(31), rng.randrange(11)
    if kind == "move":
        return kind, rng.randrange(31), rng.choice((-2, -1, 1, 2))
    if kind == "template":
        return kind, rng.choice(TEMPLATES), None
    if kind == "edit":
        return kind, rng.randrange(201), rng.choice(EDITS)
    return kind, None, None
