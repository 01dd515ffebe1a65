"""A textarea that tells the kernel where its caret is: for inserting at the cursor."""

from __future__ import annotations

from traitlets import Bool, Float, Int, Unicode

from .esm import EsmWidget

_ESM = """
function render({ model, el }) {
  const area = document.createElement("textarea");
  area.className = "wb-caret-textarea";
  const show = () => {
    if (area.value !== model.get("value")) area.value = model.get("value");
    area.rows = model.get("rows");
    area.placeholder = model.get("placeholder");
    area.disabled = model.get("disabled");
  };
  show();
  for (const name of ["value", "rows", "placeholder", "disabled"]) model.on(`change:${name}`, show);
  // The kernel counts code points, the browser UTF-16 units: convert both ways.
  const points = (units) => Array.from(area.value.slice(0, units)).length;
  const units = (n) => Array.from(area.value).slice(0, n).join("").length;
  // Only a selection the kernel sets moves the caret; the browser's own reports (two
  // sets, start then end) must not apply a half-updated range back to the textarea.
  let reporting = false;
  const apply = () => {
    if (reporting) return;
    const start = units(model.get("selection_start"));
    const end = Math.max(start, units(model.get("selection_end")));
    if (area.selectionStart !== start || area.selectionEnd !== end) {
      try { area.setSelectionRange(start, end); } catch (e) { /* not displayed */ }
    }
  };
  model.on("change:selection_start", apply);
  model.on("change:selection_end", apply);
  const caret = () => {
    reporting = true;
    try {
      model.set("selection_start", points(area.selectionStart));
      model.set("selection_end", points(area.selectionEnd));
    } finally {
      reporting = false;
    }
  };
  const commit = () => {
    if (area.value !== model.get("value")) model.set("value", area.value);
    caret();
    model.save_changes();
  };
  area.addEventListener("input", () => { if (model.get("continuous_update")) commit(); });
  area.addEventListener("change", commit);
  area.addEventListener("blur", commit);
  for (const name of ["keyup", "mouseup", "select"]) {
    area.addEventListener(name, () => { caret(); model.save_changes(); });
  }
  area.addEventListener("focus", () => {
    model.set("focused_at", Date.now());
    caret();
    model.save_changes();
  });
  el.append(area);
}
export default { render };
"""

_CSS = """
.wb-caret-textarea { width: 100%; box-sizing: border-box; resize: vertical; font: inherit;
  padding: 4px 8px; line-height: 1.6; border: 1px solid var(--jp-border-color1, #bdbdbd);
  border-radius: 2px; background: var(--jp-widgets-input-background-color, #fff);
  color: var(--jp-widgets-input-color, #1f2328); }
.wb-caret-textarea:focus { outline: none; border-color: var(--jp-widgets-input-focus-border-color, #64b5f6); }
"""


class CaretTextarea(EsmWidget):
    """A textarea like `ipywidgets.Textarea` that also syncs its selection and when it last
    had the focus, so text can be inserted where the writer's cursor is.

    `value` reaches the kernel when the textarea loses focus (or on every keystroke with
    `continuous_update`); `selection_start`/`selection_end` follow the caret; `focused_at`
    is the browser's clock (ms) at the last focus, 0 before any. Setting the selection
    from the kernel moves the caret in the browser.
    """

    _esm = _ESM
    _css = _CSS
    value = Unicode("").tag(sync=True)
    placeholder = Unicode("").tag(sync=True)
    rows = Int(2).tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    continuous_update = Bool(False).tag(sync=True)
    selection_start = Int(0).tag(sync=True)
    selection_end = Int(0).tag(sync=True)
    focused_at = Float(0).tag(sync=True)

    @property
    def selection(self) -> tuple[int, int]:
        """The selected range (start, end) clamped to the value; equal ends at a caret."""
        size = len(self.value)
        start = max(0, min(self.selection_start, size))
        end = max(start, min(self.selection_end, size))
        return start, end

    @property
    def selected_text(self) -> str:
        """The text the writer has selected ("" at a bare caret)."""
        start, end = self.selection
        return self.value[start:end]

    def insert(self, text: str, at_end: bool = False) -> None:
        """Replace the selection (or put `text` at the caret; at the end with `at_end`),
        then place the caret after it."""
        start, end = (len(self.value), len(self.value)) if at_end else self.selection
        self.value = self.value[:start] + text + self.value[end:]
        caret = start + len(text)
        with self.hold_sync():
            self.selection_start = caret
            self.selection_end = caret
