"""The page preview widget (预览页面): paragraphs patched in place, not the page re-sent.

`PagePreview` is an anywidget. The kernel keeps the paragraphs it showed last and, on
each change, sends only a patch (`renderers.patch.page_patch`): the paragraphs whose
HTML changed and, when paragraphs came, went or moved, the new order. The browser
replaces those `<p data-pid=…>` elements in place, so the cost of a keystroke follows the
size of the change, not of the speech, and the scroll position stays where it is.

Each patch names the revision it applies to (`base`) and the one it makes (`rev`). A
view that missed one (it was rendered later, or a message was lost) asks for the whole
page (`sync`); the widget's state as a newly connecting page reads it (`get_state`)
always holds the current paragraphs, so a page opened or reloaded paints the speech at
once without a round trip.

The stats line under the page (`PageStats`, `wb-stats`: characters, speaking time) rides
on the same patch (`stats`), so a keystroke costs the page one message, not two; the
page's ES module writes it into the stats line of its pane (`.wb-preview-pane`).

Findings that name a paragraph the patch just replaced are hidden in the browser
(`wb-stale`) until the kernel says the checks are current again (`checked()`), so a
finding never stays on screen after the text it describes has changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w
from traitlets import Int, List, Unicode

from ..renderers.html import PAGE_CLOSE, PAGE_OPEN, page_html
from ..renderers.patch import Block, page_patch, patch_size
from .esm import EsmWidget

_ESM = r"""
const STALE = "wb-stale";
// The first frame lays out about a screen of the sheet's text (a 16 px line of 1.8, at
// most 40 characters a line; the rest joins right after that frame): a 10,000-character speech
// shows its top without laying out the whole of it first.
function firstScreenChars() {
  return Math.max(600, Math.ceil((window.innerHeight || 900) / 28.8) * 40);
}

function render({ model, el }) {
  el.classList.add("wb-page-host");
  el.innerHTML = model.get("frame");
  const page = el.querySelector(".wb-page") || el;
  const index = new Map();
  const parser = document.createElement("template");
  let rev = -1;
  let asked = false;

  function build(html) {
    parser.innerHTML = html;
    return parser.content.firstElementChild || document.createElement("p");
  }
  // The paragraphs after the first screen's worth of text, while the first frame is
  // drawn (see below): they join the page right after it, or before any change.
  let rest = null;
  function flush() {
    if (rest) { page.append(rest); rest = null; }
  }
  function full(blocks, at, first) {
    index.clear();
    const frag = document.createDocumentFragment();
    let later = null;
    let chars = 0;
    const limit = first ? firstScreenChars() : Infinity;
    for (const [key, html] of blocks) {
      const node = build(html);
      index.set(key, node);
      (later || frag).append(node);
      chars += node.textContent.length;
      if (!later && chars >= limit) later = document.createDocumentFragment();
    }
    page.replaceChildren(frag);
    rest = later;
    rev = at;
  }
  function markStale(keys) {
    for (const key of keys) {
      const pid = key.split("~")[0];
      document.querySelectorAll('.wb-problems [data-pid="' + CSS.escape(pid) + '"]')
        .forEach((n) => n.classList.add(STALE));
    }
  }
  function patch(msg) {
    const touched = [];
    for (const [key, html] of msg.set) {
      const node = build(html);
      const old = index.get(key);
      if (old) old.replaceWith(node);
      index.set(key, node);
      touched.push(key);
    }
    if (msg.order) {
      const keep = new Set(msg.order);
      for (const [key, node] of index) {
        if (!keep.has(key)) { node.remove(); index.delete(key); touched.push(key); }
      }
      let at = page.firstChild;
      for (const key of msg.order) {
        const node = index.get(key);
        if (node === at) at = at.nextSibling;
        else page.insertBefore(node, at);
      }
    }
    markStale(touched);
    rev = msg.rev;
  }
  function stats(html) {
    // The stats line of this pane: a plain HTML widget (PageStats).
    const pane = typeof html === "string" && el.closest(".wb-preview-pane");
    const line = pane && pane.querySelector(".wb-stats .widget-html-content");
    if (line) line.innerHTML = html;
  }
  function sync() {
    if (asked) return;
    asked = true;
    try { model.send({ t: "sync", rev }); } catch (e) { asked = false; }
  }
  function onMessage(msg) {
    if (!msg || !msg.t) return;
    if (msg.t === "patch" || msg.t === "full") flush();
    if (msg.t === "patch") {
      if (msg.base === rev) { patch(msg); stats(msg.stats); }
      else if (msg.rev > rev) sync();
    } else if (msg.t === "full") {
      asked = false;
      if (msg.rev !== rev) full(msg.blocks, msg.rev);
      stats(msg.stats);
    } else if (msg.t === "current") {
      asked = false;
    } else if (msg.t === "checked") {
      document.querySelectorAll(".wb-problems ." + STALE).forEach((n) => n.classList.remove(STALE));
    }
  }
  // Once this view's first frame is on screen (or after a second, for a page drawn in
  // the background, where frames wait), the kernel may send the rest of the app.
  let told = false;
  function painted() {
    flush();
    if (told) return;
    told = true;
    try { model.send({ t: "painted" }); } catch (e) { /* the kernel is gone */ }
  }
  const after = new MessageChannel();
  after.port1.onmessage = painted;
  requestAnimationFrame(() => after.port2.postMessage(0));
  const late = setTimeout(painted, 1000);
  model.on("msg:custom", onMessage);
  full(model.get("blocks"), model.get("rev"), true);
  sync();
  return () => { model.off("msg:custom", onMessage); clearTimeout(late); after.port1.close(); };
}
export default { render };
"""

_CSS = """
.wb-page-host { box-sizing: border-box; }
.wb-problems .wb-stale { display: none; }
"""


class PagePreview(EsmWidget):
    """The speech laid out like the printed page, updated by paragraph patches.

    `show(blocks)` takes the page's paragraphs as `render_blocks` gives them and sends
    what changed; `value` is the whole page's HTML (what an `ipywidgets.HTML` preview's
    `value` was), for scripts and tests. Add the `wb-preview` class as for any widget.
    """

    _esm = _ESM
    _css = _CSS
    #: The page around the paragraphs: the stylesheet and the empty sheet.
    frame = Unicode(PAGE_OPEN + PAGE_CLOSE).tag(sync=True)
    #: The paragraphs and their revision, as a page connecting now must see them; the
    #: kernel never re-sends these traits (`get_state` fills them in when asked).
    blocks = List().tag(sync=True)
    rev = Int(0).tag(sync=True)

    _shown: tuple[Block, ...] = ()
    _revision = 0
    _stats = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: Patches sent and characters of HTML and keys they carried (for the benches).
        self.patches = 0
        self.sent_chars = 0
        self._on_painted: list[Callable[[], Any]] = []
        self.on_msg(self._on_message)

    def on_first_paint(self, callback: Callable[[], Any]) -> None:
        """Call `callback` once, when a browser first shows the page on screen (its view's
        first frame was painted; see `_ESM`). The app sends the rest of itself then."""
        self._on_painted.append(callback)

    @property
    def value(self) -> str:
        """The page as one HTML fragment (stylesheet, sheet and paragraphs)."""
        return page_html(list(self._shown))

    @property
    def revision(self) -> int:
        """How many patches have changed the page."""
        return self._revision

    @property
    def shown(self) -> list[Block]:
        """The paragraphs the page shows, as (key, HTML)."""
        return list(self._shown)

    def show(self, blocks: Sequence[Block], stats: str | None = None) -> list[str]:
        """Show `blocks`, sending the browser only what differs from the page it has;
        return the keys of the paragraphs replaced, added or removed. `stats`, the stats
        line's HTML, travels with the patch when it changed (see `PageStats`)."""
        patch = page_patch(self._shown, blocks)
        stats_changed = stats is not None and stats != self._stats
        if stats_changed:
            self._stats = str(stats)
        if patch is None:
            if not stats_changed:
                return []
            patch = {"set": [], "order": None}
        touched = [key for key, _ in patch["set"]]
        if patch["order"] is not None:
            kept = set(patch["order"])
            touched += [key for key, _ in self._shown if key not in kept]
        base = self._revision
        self._shown = tuple(blocks)
        self._revision = base + 1
        self.patches += 1
        self.sent_chars += patch_size(patch)
        message: dict[str, Any] = {"t": "patch", "base": base, "rev": self._revision, **patch}
        if stats_changed:
            message["stats"] = self._stats
        self.send(message)
        return touched

    def checked(self) -> None:
        """Tell the browser the findings on screen are current again (unhide stale ones)."""
        self.send({"t": "checked"})

    def get_state(self, key: Any = None, drop_defaults: bool = False) -> dict[str, Any]:
        """The widget's state, with the current paragraphs and revision."""
        state = super().get_state(key, drop_defaults)
        wanted = key is None or key in ("blocks", "rev") or (
            not isinstance(key, str) and ("blocks" in key or "rev" in key))
        if wanted:
            state["blocks"] = [list(block) for block in self._shown]
            state["rev"] = self._revision
        return state

    def _on_message(self, _widget: Any, content: Any, _buffers: list[Any]) -> None:
        if not isinstance(content, dict):
            return
        if content.get("t") == "painted":
            callbacks, self._on_painted = self._on_painted, []
            for callback in callbacks:
                callback()
            return
        if content.get("t") != "sync":
            return
        if content.get("rev") == self._revision:
            self.send({"t": "current", "rev": self._revision})
        else:
            self.send({"t": "full", "rev": self._revision, "stats": self._stats,
                       "blocks": [list(block) for block in self._shown]})


class PageStats(w.HTML):
    """The stats line under a `PagePreview` (characters, speaking time, target).

    A plain HTML widget (no module of its own to load before the first frame). Its text
    travels with the page's patches (`PagePreview.show(blocks, stats)`) and the page's ES
    module writes it into this line of its pane, so it costs no message of its own;
    `keep(html)` records it here for a page that connects later (`get_state`). Both
    widgets must sit in one `.wb-preview-pane`.
    """

    _line = ""

    @property
    def line(self) -> str:
        """The stats line's HTML."""
        return self._line

    def keep(self, html: str) -> None:
        """Record `html` as the line (the page's patch carries it to the browser)."""
        self._line = html

    def get_state(self, key: Any = None, drop_defaults: bool = False) -> dict[str, Any]:
        """The widget's state, with the current line (`value`, never sent on its own)."""
        state = super().get_state(key, drop_defaults)
        if key is None:
            state["value"] = self._line
        return state
