"""Small widgets and helpers the views share: download links and a size-checked upload."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

import ipywidgets as w
from traitlets import Int, Unicode

from ..core.nodes import Document, Slot, plain_text
from ..errors import WorkbenchError
from .esm import EsmWidget

#: Characters Windows and macOS do not allow in file names, and controls.
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\u3010\u3011]+')


def document_stem(document: Document | None, default: str = "讲稿") -> str:
    """Return a file name stem from `document`'s title; unfilled slots read as ××."""
    if document is None:
        return default
    # The title's own nodes: a Slot reads ××, whatever its label looks like.
    parts = ["××" if isinstance(child, Slot) else plain_text((child,))
             for child in document.title.children]
    return "".join(parts).strip() or default


def safe_filename(text: str, suffix: str, limit: int = 60) -> str:
    """Return `text` as a file name ending in `suffix`: no path separators or slots."""
    name = _BAD_FILENAME.sub("", text).strip(" .") or "讲稿"
    return name[:limit] + suffix


def download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    """Return an `<a download>` whose href is a data: URI holding `data`.

    The bytes go to the browser inside the widget's value, so the file never touches a
    folder other users of the server could read; this works alike in JupyterLab and Voilà.
    """
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    size = _size(len(data))
    return (f'<a class="wb-download-link" download="{escape(filename, quote=True)}" '
            f'href="{href}">⬇ {escape(text)}</a> <span class="wb-download-size">（{size}）</span>')


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file the writer uploaded: its name and bytes."""

    name: str
    content: bytes


def check_upload(name: str, content: bytes | None, size: int, limit: int,
                 suffixes: tuple[str, ...]) -> Upload:
    """Return the upload, or raise `WorkbenchError` when it is too large or of another type.

    `content` is None when the browser refused to send a file over `limit`.
    """
    name = _BAD_FILENAME.sub("", str(name))[:120] or "文件"
    if content is None or size > limit or len(content) > limit:
        actual = max(size, len(content or b""))
        raise WorkbenchError(f"文件“{name}”过大（{_size(actual)}），上限 {_size(limit)}，未打开")
    if suffixes and not name.lower().endswith(suffixes):
        raise WorkbenchError(f"文件“{name}”不是{'/'.join(suffixes)}文件，未打开")
    return Upload(name, bytes(content))


# -- widget models shared or released ------------------------------------------------------
#
# Every ipywidgets DOMWidget brings a Layout model and most a Style model of their own: two
# thirds of the app's models, each one kernel object, one comm and one model the page
# builds before it shows anything. Widgets whose layout or style never changes share one.


class SharedLayout(w.Layout):
    """A layout several widgets show: it never changes once built (setting one of its
    properties raises), and `close_tree` leaves it open. A widget whose layout a view
    changes later (`display`, `width`…) gets a `w.Layout` of its own."""

    _shared = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_frozen", False) and not name.startswith("_") and name in self.keys:
            raise AttributeError(f"a shared layout does not change ({name}); give the "
                                 "widget a w.Layout of its own")
        super().__setattr__(name, value)


def shared_layout(**traits: Any) -> w.Layout:
    """Return the one `SharedLayout` with `traits` (e.g. width="100%") for this kernel."""
    return _shared("layout", SharedLayout, tuple(sorted(traits.items())))  # type: ignore[return-value]


def shared_style(widget_class: type[w.DOMWidget], **traits: Any) -> w.Widget:
    """Return the one style model of `widget_class`'s kind (HTMLStyle for `w.HTML`…) with
    `traits`, for widgets whose style never changes (nothing here sets a style later)."""
    style_class = widget_class.class_traits()["style"].klass
    return _shared("style", style_class, tuple(sorted(traits.items())))


def _shared(kind: str, model_class: type[w.Widget], traits: tuple[tuple[str, Any], ...]) -> w.Widget:
    model = _shared_model(kind, model_class, traits)
    if model.comm is None:  # closed (Widget.close_all): a new one
        _shared_model.cache_clear()
        model = _shared_model(kind, model_class, traits)
    return model


@cache
def _shared_model(kind: str, model_class: type[w.Widget],
                  traits: tuple[tuple[str, Any], ...]) -> w.Widget:
    # Process-wide on purpose: these models never change, so every session (one a kernel
    # under Voilà) may show the same.
    model = model_class(**dict(traits))
    model._shared = True
    model._frozen = kind == "layout"
    return model


def close_tree(widget: w.Widget) -> None:
    """Close `widget`, the widgets inside it and their own layout and style models (the
    shared ones stay): for rows a view replaces, which would otherwise stay in the
    kernel (and in the page's widget manager) for the rest of the session."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for name in ("layout", "style"):
        part = getattr(widget, name, None) if widget.has_trait(name) else None
        if isinstance(part, w.Widget) and not getattr(part, "_shared", False):
            part.close()
    widget.close()


_UPLOAD_ESM = """
function render({ model, el }) {
  const label = document.createElement("label");
  label.className = "jupyter-button widget-button wb-upload-button";
  label.tabIndex = 0;
  const input = document.createElement("input");
  input.type = "file";
  input.style.display = "none";
  const text = document.createElement("span");
  const update = () => {
    text.textContent = model.get("label");
    input.accept = model.get("accept");
    label.title = model.get("hint");
  };
  update();
  model.on("change:label", update);
  model.on("change:accept", update);
  model.on("change:hint", update);
  label.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    const info = { name: file.name, size: file.size };
    // The picker's filter is a hint (drag and drop, "all files" bypass it): check the
    // suffix and the size here, so a wrong or huge file is never sent to the kernel.
    const suffixes = model.get("accept").split(",").map((s) => s.trim().toLowerCase())
      .filter((s) => s.startsWith("."));
    const lower = file.name.toLowerCase();
    if (suffixes.length && !suffixes.some((s) => lower.endsWith(s))) {
      model.send({ event: "wrong-type", ...info });
      return;
    }
    if (file.size > model.get("max_bytes")) {
      model.send({ event: "too-large", ...info });
      return;
    }
    const buffer = await file.arrayBuffer();
    model.send({ event: "file", ...info }, undefined, [buffer]);
  });
  label.append(input, text);
  el.append(label);
}
export default { render };
"""

_UPLOAD_CSS = """
.wb-upload-button { display: inline-flex; align-items: center; justify-content: center;
  cursor: pointer; box-sizing: border-box; min-width: 148px; padding: 0 12px;
  height: var(--jp-widgets-inline-height, 28px); margin: var(--jp-widgets-margin, 2px); }
"""


class UploadButton(EsmWidget):
    """A button that uploads one file, refusing in the browser files over `max_bytes` or
    whose name does not end with one of the suffixes in `accept`.

    Unlike `ipywidgets.FileUpload`, a huge file is never sent (it would break the
    connection to the kernel): the browser reports its size instead, and the callback gets
    `content` None. A file of the wrong type is not sent either: the callback gets empty
    `content` and the name, so its own suffix check names the type. The kernel checks
    both again, since any client can send anything.
    """

    _esm = _UPLOAD_ESM
    _css = _UPLOAD_CSS
    label = Unicode("上传").tag(sync=True)
    accept = Unicode("").tag(sync=True)
    #: The button's title (hover text); not `tooltip`, whose view code needs a description.
    hint = Unicode("").tag(sync=True)
    max_bytes = Int(1024 * 1024).tag(sync=True)

    def __init__(self, on_upload: Callable[[str, bytes | None, int], Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_upload = on_upload
        self.on_msg(self._handle_upload)

    def _handle_upload(self, _widget: Any, content: Any, buffers: list[Any]) -> None:
        if not isinstance(content, dict) or self._on_upload is None:
            return
        event = content.get("event")
        name = str(content.get("name", ""))
        size = content.get("size")
        size = size if isinstance(size, int) and size >= 0 else 0
        if event == "too-large":
            self._on_upload(name, None, size)
        elif event == "wrong-type":
            self._on_upload(name, b"", 0)
        elif event == "file":
            data = bytes(buffers[0]) if buffers else b""
            self._on_upload(name, data, max(size, len(data)))

    def send_file(self, name: str, data: bytes) -> None:
        """Act as if the browser uploaded `data` as `name` (for tests and scripts)."""
        self._handle_upload(self, {"event": "file", "name": name, "size": len(data)}, [data])


_DOWNLOAD_ESM = """
function initialize({ model }) {
  // Once per model, however many views: one file saved per request.
  model.on("msg:custom", (msg, buffers) => {
    if (!msg || msg.event !== "download" || !buffers || !buffers.length) return;
    const blob = new Blob([buffers[0]], { type: msg.mime || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = msg.name || "download";
    a.className = "wb-auto-download";
    a.style.display = "none";
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 60000);
  });
}
function render({ el }) {
  el.classList.add("wb-auto-download-host");
}
export default { initialize, render };
"""


class AutoDownload(EsmWidget):
    """An invisible widget that makes the browser save a file as soon as it is built, so
    a download takes one click (the button), not two (the button, then a link).

    `start()` sends the bytes in one binary message, not through a synced trait: a
    page that draws the widget again does not download again, and the same file can be
    saved twice in a row. The views still show a `download_link` as the fallback.
    """

    _esm = _DOWNLOAD_ESM

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("layout", shared_layout(display="none"))
        super().__init__(**kwargs)
        #: (file name, size in bytes) of each file sent, oldest first (tests read it).
        self.sent: list[tuple[str, int]] = []

    def start(self, data: bytes, filename: str, mime: str) -> None:
        """Make the browser save `data` as `filename` now."""
        self.send({"event": "download", "name": filename, "mime": mime}, [data])
        self.sent.append((filename, len(data)))
