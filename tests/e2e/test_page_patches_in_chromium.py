"""The browser's side of the patched preview, in Chromium: patches rebuild the full page.

`ui/page.py`'s ES module runs in a blank page over a stand-in for the widget's model
(get, on, send: what anywidget gives it). The kernel's side runs for real: writers'
sessions of random intents on `WorkbenchState`, the `PagePreview` of a `PreviewView`
sending its patches. After each patch the page's DOM must be the full render of the
draft, parsed by the same browser; a missed patch makes the view ask for the whole page,
and findings about a replaced paragraph hide until the checks are current.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from tests.support.edit_sessions import TEMPLATES, apply_step, random_step
from workbench.core.loader import load_library
from workbench.core.roundtrip import paragraph_marks
from workbench.pipeline import assemble
from workbench.renderers.html import page_html, render_blocks
from workbench.ui import WorkbenchState
from workbench.ui.page import _CSS, _ESM
from workbench.ui.preview import PreviewView

SEEDS = range(6)
STEPS = 25

#: A blank page with the widget's stylesheet (anywidget adds it), a host for the widget
#: and a problems list naming two paragraphs.
PAGE = """<!doctype html><meta charset="utf-8"><style>{css}</style><div id="host"></div>
<div class="wb-problems"><p data-pid="{pid}">a</p><p data-pid="nobody">b</p></div>"""

#: Loads the module and renders it over a stand-in model; messages go to window.__sent.
BOOT = """
async ([esm, frame, blocks, rev]) => {
  const url = URL.createObjectURL(new Blob([esm], {type: "text/javascript"}));
  const mod = await import(url);
  const state = {frame, blocks, rev};
  window.__sent = [];
  window.__handlers = [];
  const model = {
    get: (k) => state[k],
    on: (name, cb) => { if (name === "msg:custom") window.__handlers.push(cb); },
    off: () => {},
    send: (m) => window.__sent.push(m),
  };
  mod.default.render({model, el: document.getElementById("host")});
}
"""

DELIVER = "(m) => { for (const cb of window.__handlers) cb(m); }"

#: The page's paragraphs as the DOM has them, and the same HTML parsed by the browser.
COMPARE = """
(expected) => {
  const t = document.createElement("template");
  t.innerHTML = expected;
  const want = t.content.querySelector(".wb-page").innerHTML;
  const got = document.querySelector("#host .wb-page").innerHTML;
  return [got === want, got.length, want.length];
}
"""


def _session(seed: int) -> tuple[PreviewView, list[dict[str, Any]], list[str], dict[str, Any]]:
    """Run one random session; return its view, the messages sent, the full page after
    each, and the widget's state before the first step."""
    rng = random.Random(seed)
    state = WorkbenchState(load_library(), template=rng.choice(TEMPLATES), mode="lab",
                           debounce=0)
    view = PreviewView(state)
    initial = view.preview.get_state()
    sent: list[dict[str, Any]] = []
    view.preview.send = lambda msg, buffers=None: sent.append(json.loads(json.dumps(msg)))
    messages, pages = [], []
    for _ in range(STEPS):
        apply_step(state, random_step(rng))
        for msg in sent:
            if msg["t"] == "patch":
                messages.append(msg)
                doc = assemble(state.draft)
                pages.append(page_html(render_blocks(doc, paragraph_marks(state.draft.roundtrip))))
        sent.clear()
    return view, messages, pages, initial


def _boot(page: Any, initial: dict[str, Any], pid: str = "x") -> None:
    page.set_content(PAGE.format(css=_CSS, pid=pid))
    page.evaluate(BOOT, [_ESM, initial["frame"], initial["blocks"], initial["rev"]])
    # the view asks whether its page is current; it was when the session began
    sent = page.evaluate("() => window.__sent.filter((m) => m.t !== 'painted')")
    assert sent == [{"t": "sync", "rev": initial["rev"]}]
    page.evaluate(DELIVER, {"t": "current", "rev": initial["rev"]})


@pytest.mark.parametrize("seed", SEEDS)
def test_patches_rebuild_the_full_page_in_the_browser(page, seed):
    _view, messages, pages, initial = _session(seed)
    assert messages, "the session changed nothing"
    _boot(page, initial)
    for msg, expected in zip(messages, pages, strict=True):
        page.evaluate(DELIVER, msg)
        same, got, want = page.evaluate(COMPARE, expected)
        assert same, f"after patch {msg['rev']}: DOM {got} chars, full render {want}"
    # the paragraphs are the page's children, in order, each once
    keys = page.evaluate("() => [...document.querySelectorAll('#host .wb-page > *')].length")
    assert keys == len(_view.preview.shown)


def test_a_missed_patch_asks_for_the_whole_page(page):
    view, messages, pages, initial = _session(99)
    assert len(messages) >= 3
    _boot(page, initial)
    page.evaluate(DELIVER, messages[0])
    page.evaluate("() => { window.__sent = []; }")
    page.evaluate(DELIVER, messages[2])  # messages[1] was lost
    asked = page.evaluate("() => window.__sent")
    assert asked == [{"t": "sync", "rev": messages[0]["rev"]}]
    replies: list[dict[str, Any]] = []
    view.preview.send = lambda msg, buffers=None: replies.append(json.loads(json.dumps(msg)))
    view.preview._on_message(view.preview, asked[0], [])
    assert [r["t"] for r in replies] == ["full"]
    page.evaluate(DELIVER, replies[0])
    same, _got, _want = page.evaluate(COMPARE, pages[-1])
    assert same
    # the same patch again is old news: nothing changes, nothing is asked
    page.evaluate("() => { window.__sent = []; }")
    page.evaluate(DELIVER, messages[-1])
    assert page.evaluate(COMPARE, pages[-1])[0]
    assert page.evaluate("() => window.__sent") == []


def test_findings_on_a_replaced_paragraph_hide_until_checked(page):
    _view, messages, _pages, initial = _session(7)
    patch = next(m for m in messages if m["set"])
    pid = patch["set"][0][0].split("~")[0]
    _boot(page, initial, pid)
    page.evaluate(DELIVER, patch)
    stale = "() => [...document.querySelectorAll('.wb-problems .wb-stale')].map(n => n.dataset.pid)"
    assert page.evaluate(stale) == [pid]
    assert not page.locator(f'.wb-problems [data-pid="{pid}"]').is_visible()
    page.evaluate(DELIVER, {"t": "checked"})
    assert page.evaluate(stale) == []


def test_the_view_says_once_when_its_first_frame_is_painted(page):
    view = PreviewView(WorkbenchState(load_library(), mode="lab", debounce=0))
    initial = view.preview.get_state()
    _boot(page, initial)
    page.wait_for_function("() => window.__sent.some((m) => m.t === 'painted')")
    page.wait_for_timeout(1200)  # past the background-tab fallback: still one message
    kinds = page.evaluate("() => window.__sent.map((m) => m.t)")
    assert kinds.count("painted") == 1 and kinds[0] == "sync"


#: Renders a long page and returns how many paragraphs the first frame will lay out;
#: with `patch`, a patch to the last paragraph arrives before that frame.
BOOT_LONG = BOOT.replace(
    'mod.default.render({model, el: document.getElementById("host")});',
    'mod.default.render({model, el: document.getElementById("host")});\n'
    '  const first = document.querySelectorAll("#host .wb-page > p").length;\n'
    '  if (patch) for (const cb of window.__handlers) cb(patch);\n'
    '  return first;').replace("async ([esm, frame, blocks, rev])",
                              "async ([esm, frame, blocks, rev, patch])")


def _long_page(paragraphs: int = 80) -> dict[str, Any]:
    blocks = [[f"p{i}", f'<p data-pid="p{i}">第{i}段' + "文字" * 60 + "</p>"]
              for i in range(paragraphs)]
    return {"frame": PreviewView(WorkbenchState(load_library(), mode="lab")).preview.frame,
            "blocks": blocks, "rev": 0}


def test_a_long_page_lays_out_its_first_screen_first_and_the_rest_after(page):
    initial = _long_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.set_content(PAGE.format(css=_CSS, pid="x"))
    first = page.evaluate(BOOT_LONG, [_ESM, initial["frame"], initial["blocks"], 0, None])
    assert 3 <= first < 40, first  # about a screen of text, not all 80 paragraphs
    page.wait_for_function("() => window.__sent.some((m) => m.t === 'painted')")
    # by the time the kernel hears of the paint, the whole speech is on the page
    assert page.evaluate("() => document.querySelectorAll('#host .wb-page > p').length") == 80
    text = page.evaluate("() => document.querySelector('#host').innerText")
    assert "第0段" in text and "第79段" in text


def test_a_patch_before_the_first_frame_lands_on_the_whole_page(page):
    initial = _long_page()
    patch = {"t": "patch", "base": 0, "rev": 1,
             "set": [["p79", '<p data-pid="p79">最后一段改过了</p>']], "order": None}
    page.set_content(PAGE.format(css=_CSS, pid="x"))
    page.evaluate(BOOT_LONG, [_ESM, initial["frame"], initial["blocks"], 0, patch])
    paragraphs = page.evaluate(
        "() => [...document.querySelectorAll('#host .wb-page > p')].map((p) => p.textContent)")
    assert len(paragraphs) == 80 and paragraphs[-1] == "最后一段改过了"
    assert paragraphs[0].startswith("第0段")
