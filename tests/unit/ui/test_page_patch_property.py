"""Property: the patched preview equals a full re-render after any sequence of changes.

A writer's session is a sequence of intents on `WorkbenchState` (facts typed, parts left
out and back, forms switched, parts moved, templates changed, paragraphs edited and
restored). After every step, the page the browser was sent, rebuilt from nothing but the
patches (`renderers.patch.apply_patch`, the reference of the browser's code), must be the
page a full render of the draft gives; and the findings the `CheckCache` reuses must be
those an uncached run gives.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.edit_sessions import EDITS, TEMPLATES, VALUES, apply_step
from workbench.core.checks import run_checks
from workbench.core.ignores import split_ignored
from workbench.core.loader import load_library
from workbench.core.roundtrip import paragraph_marks
from workbench.pipeline import assemble
from workbench.renderers.html import page_html, render_blocks, render_html
from workbench.renderers.patch import apply_patch
from workbench.ui import WorkbenchState
from workbench.ui.preview import PreviewView

STEP = st.one_of(
    st.tuples(st.just("fact"), st.integers(0, 30), st.sampled_from(VALUES)),
    st.tuples(st.just("include"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("pattern"), st.integers(0, 30), st.integers(0, 10)),
    st.tuples(st.just("move"), st.integers(0, 30), st.sampled_from([-2, -1, 1, 2])),
    st.tuples(st.just("template"), st.sampled_from(TEMPLATES), st.none()),
    st.tuples(st.just("edit"), st.integers(0, 200), st.sampled_from(EDITS)),
    st.tuples(st.just("examples"), st.none(), st.none()),
    st.tuples(st.just("ignore"), st.integers(0, 30), st.booleans()),
)


@pytest.fixture(scope="module")
def library() -> Any:
    return load_library()


class Recorder:
    """Rebuilds the browser's page from the patches the preview widget sends."""

    def __init__(self, view: PreviewView) -> None:
        self.blocks = [tuple(b) for b in view.preview.get_state("blocks")["blocks"]]
        self.rev = view.preview.get_state("rev")["rev"]
        view.preview.send = self.receive  # type: ignore[method-assign]

    def receive(self, msg: dict[str, Any], buffers: Any = None) -> None:
        if msg.get("t") != "patch":
            return
        assert msg["base"] == self.rev, "a patch skipped a revision"
        self.blocks = apply_patch(self.blocks, msg)
        self.rev = msg["rev"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(TEMPLATES), steps=st.lists(STEP, min_size=1, max_size=12))
def test_patched_page_equals_a_full_render(library, start, steps):
    state = WorkbenchState(library, template=start, mode="lab", debounce=0)
    view = PreviewView(state)
    browser = Recorder(view)
    for step in steps:
        apply_step(state, step)
        draft = state.draft
        doc = assemble(draft)
        full = render_blocks(doc, paragraph_marks(draft.roundtrip))
        assert browser.blocks == [tuple(b) for b in full], step
        assert page_html(browser.blocks) == render_html(doc, paragraph_marks(draft.roundtrip))
        assert view.preview.value == state.html
        uncached = run_checks(doc, target_chars=draft.template.target_chars, leaders=state.leaders)
        shown, ignored = split_ignored(uncached, draft.ignored, state.ignored_terms)
        assert [f for f in state.findings if f.rule not in ("hidden-edit", "sample-fact")] == shown
        assert [f for f in state.ignored_findings
                if f.rule not in ("hidden-edit", "sample-fact")] == ignored
