"""The session guard (守护): the browser's copy of the draft, the offline banner, the restore.

A writer must never lose work to a dead kernel or a dropped connection. This widget keeps
the latest draft in the browser's local storage after every change (per template, and a
pointer to the last one edited); while the writer types, at most one copy a `TYPING_COPY_S`
(the first keystroke's at once, the last one's when the window ends), any other change at
once. It checks the kernel every `HEARTBEAT_MS` with a ping over the widget's own channel,
unless the kernel was heard from in that time anyway (a copy of the draft is an answer
too), and within `OFFLINE_AFTER_MS` of a missing answer shows a banner
(`wb-offline`) that says what to do and offers the draft as a download built in the browser,
so it works with the kernel gone. After a reload, a new kernel's page offers the copy
(`wb-restore`); restoring opens it through the state's `open_draft` intent.
"""

from __future__ import annotations

import logging
from typing import Any

from traitlets import Int, Unicode

from ..errors import WorkbenchError
from .debounce import Debouncer
from .esm import EsmWidget
from .state import WorkbenchState
from .widgets import shared_layout

log = logging.getLogger("workbench.ui")

#: How often the browser asks the kernel whether it is there, in milliseconds.
HEARTBEAT_MS = 1000

#: How long without an answer before the page says the connection is gone.
OFFLINE_AFTER_MS = 3500

#: While typing, the browser's copy is renewed at most once in this many seconds. A kernel
#: that dies mid-sentence leaves the copy up to this much behind; the typed text itself is
#: still in the page's field, and the banner says so.
TYPING_COPY_S = 1.0

_ESM = r"""
const PREFIX = "wb-draft:";
const LAST = "wb-draft:last";
const RESTORE = "wb-draft:restore";

function store(key, value) {
  try { localStorage.setItem(key, value); return true; } catch (e) { return false; }
}
function load(key) {
  try { return localStorage.getItem(key); } catch (e) { return null; }
}
function hhmm(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString("zh-CN", { hour12: false });
}
function downloadLink(entry, text) {
  const a = document.createElement("a");
  const blob = new Blob([entry.json], { type: "application/json" });
  a.href = URL.createObjectURL(blob);
  a.download = (entry.title || "讲稿") + "_草稿.json";
  a.textContent = text;
  a.className = "wb-offline-download";
  return a;
}

function render({ model, el }) {
  el.classList.add("wb-guard");
  // What the last page of this browser left behind, kept aside before anything new is saved.
  const last = load(LAST);
  const previous = last ? load(PREFIX + last) : null;
  if (previous && !load(RESTORE)) store(RESTORE, previous);
  const offer = load(RESTORE);

  const restore = document.createElement("div");
  restore.className = "wb-restore-bar";
  if (offer && model.get("offer_restore")) {
    let entry = null;
    try { entry = JSON.parse(offer); } catch (e) { entry = null; }
    if (entry && entry.json) {
      const text = document.createElement("span");
      text.textContent = `本浏览器中保存着上次的草稿“${entry.title || ""}”（${hhmm(entry.at)}）。`;
      const button = document.createElement("button");
      button.className = "wb-restore jupyter-button mod-warning";
      button.textContent = "恢复上次的草稿";
      button.addEventListener("click", () => {
        model.send({ event: "restore", json: entry.json, at: entry.at });
      });
      const dismiss = document.createElement("button");
      dismiss.className = "wb-restore-dismiss jupyter-button";
      dismiss.textContent = "不恢复";
      dismiss.addEventListener("click", () => {
        try { localStorage.removeItem(RESTORE); } catch (e) {}
        restore.remove();
      });
      restore.append(text, button, dismiss);
      el.append(restore);
    }
  }

  function save() {
    const json = model.get("draft_json");
    const key = model.get("template_id");
    if (!json || !key) return;
    const entry = JSON.stringify({ json, at: Date.now(), title: model.get("title") });
    if (store(PREFIX + key, entry)) store(LAST, key);
  }
  let lastPong = Date.now();
  model.on("change:draft_json", () => { lastPong = Date.now(); save(); });
  model.on("msg:custom", (msg) => {
    if (msg) lastPong = Date.now();
    if (msg && msg.event === "restored") {
      try { localStorage.removeItem(RESTORE); } catch (e) {}
      restore.remove();
    }
  });

  const banner = document.createElement("div");
  banner.className = "wb-offline";
  banner.setAttribute("role", "alert");
  banner.style.display = "none";
  document.body.append(banner);
  let shown = false;
  function showBanner() {
    const key = model.get("template_id");
    const raw = load(PREFIX + key);
    banner.textContent = "⚠ 与服务器的连接已中断，此后的修改不会生效。";
    if (raw) {
      const entry = JSON.parse(raw);
      banner.append(`最近的草稿（${hhmm(entry.at)}）保存在本浏览器中：`);
      banner.append(downloadLink(entry, "下载草稿"));
      banner.append("；也可以重新加载页面，再点“恢复上次的草稿”。");
    } else {
      banner.append("请重新加载页面。");
    }
    banner.style.display = "block";
    document.body.classList.add("wb-is-offline");
    shown = true;
  }
  const timer = setInterval(() => {
    if (!document.body.contains(banner)) { clearInterval(timer); return; }
    if (Date.now() - lastPong > model.get("offline_after_ms")) {
      if (!shown) showBanner();
    } else if (shown) {
      banner.style.display = "none";
      document.body.classList.remove("wb-is-offline");
      shown = false;
    }
    // A kernel heard from within the last beat needs no ping (typing sends copies).
    if (Date.now() - lastPong < model.get("heartbeat_ms")) return;
    try { model.send({ event: "ping" }); } catch (e) { /* the channel is gone */ }
  }, model.get("heartbeat_ms"));
  return () => { clearInterval(timer); banner.remove(); };
}
export default { render };
"""

_CSS = """
.wb-offline { position: fixed; top: 0; left: 0; right: 0; z-index: 10000; padding: 10px 16px;
  background: #fde8e8; color: #8a1c1c; border-bottom: 2px solid #b4232a; font-size: 15px; }
.wb-offline a { color: #8a1c1c; font-weight: 600; margin: 0 .3em; }
.wb-restore-bar { display: flex; gap: 8px; align-items: center; padding: 6px 10px;
  background: #fff7e0; border: 1px solid #e0c060; border-radius: 4px; margin: 4px 0; }
"""


class SessionGuard(EsmWidget):
    """Keeps the draft in the browser, watches the connection, offers a restore (`wb-guard`)."""

    _esm = _ESM
    _css = _CSS
    #: The draft as JSON, sent after every change (the browser stores it).
    draft_json = Unicode("").tag(sync=True)
    template_id = Unicode("").tag(sync=True)
    title = Unicode("").tag(sync=True)
    heartbeat_ms = Int(HEARTBEAT_MS).tag(sync=True)
    offline_after_ms = Int(OFFLINE_AFTER_MS).tag(sync=True)
    #: Offer the browser's copy after a reload (off where the server keeps the drafts).
    offer_restore = Int(1).tag(sync=True)

    def __init__(self, state: WorkbenchState, **kwargs: Any) -> None:
        kwargs.setdefault("layout", shared_layout())
        super().__init__(**kwargs)
        self.state = state
        self.on_msg(self._on_message)
        #: Copies sent to the browser (for the benches and tests).
        self.copies = 0
        self._typing_copy = Debouncer(self._send_copy, TYPING_COPY_S, min_window=TYPING_COPY_S,
                                      defer_first=True)
        state.observe(self._on_change, names="revision")
        state.observe(self._on_draft, names="draft")
        self._on_draft()

    def _on_draft(self, change: Any = None) -> None:
        draft = self.state.draft
        if draft is not None:
            self.template_id = draft.template.id
            self.title = draft.template.display_title
        # Opening or switching a draft is a change the browser should keep too, but the
        # fresh draft of a new page is not: it would overwrite the copy on offer.
        if change is not None and self.state.revision:
            self._typing_copy.cancel()
            self._send_copy()

    def _on_change(self, change: Any = None) -> None:
        self._typing_copy.follow(self.state.typing)

    def _send_copy(self) -> None:
        draft = self.state.draft
        if draft is None:
            return
        try:
            self.draft_json = draft.dumps()
            self.copies += 1
        except Exception:  # the guard must never take a change down with it
            log.exception("could not keep the draft in the browser")

    def _on_message(self, _widget: Any, content: Any, buffers: list[Any]) -> None:
        if not isinstance(content, dict):
            return
        event = content.get("event")
        if event == "ping":
            self.send({"event": "pong"})
        elif event == "restore":
            with self.state.guard("恢复草稿"):
                self.restore(str(content.get("json", "")))
                self.send({"event": "restored"})

    def restore(self, text: str) -> None:
        """Open the draft the browser kept (`text`, its JSON) through the state."""
        from ..pipeline import Draft

        if not text:
            raise WorkbenchError("浏览器中没有可恢复的草稿")
        draft = Draft.loads(text, self.state.library, "浏览器中保存的草稿")
        self.state.open_draft(draft)
        self.state.notify(f"已恢复本浏览器保存的草稿：{draft.template.display_title}"
                          f"（修改 {len(draft.edits)} 处，版本 {len(draft.versions)} 个）", "ok")
        self._typing_copy.cancel()
        self._send_copy()
