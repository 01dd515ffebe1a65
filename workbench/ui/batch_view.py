"""The 批量 tab: a table of units in, a preview of what was understood, a zip of speeches out."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

import ipywidgets as w

from ..batch import BatchPlan, plan_batch, write_batch
from ..core.batch import MAX_UNITS
from ..errors import WorkbenchError
from ..tables import MAX_TABLE_BYTES, Table, read_table
from .state import WorkbenchState
from .widgets import check_upload, download_link, safe_filename

#: Rows shown in the preview table (all rows are built).
PREVIEW_ROWS = 200

_ZIP_MIME = "application/zip"
_CSV_MIME = "text/csv;charset=utf-8"


class BatchView:
    """Batch generation (批量生成): upload a table (`wb-batch-upload`), see its rows and
    problems (`wb-batch-preview`), build (`wb-batch-build`) with a progress bar
    (`wb-batch-progress`), download the zip (`wb-batch-download`). Root: `wb-batch`.

    The current draft is shared by every unit: its parts, patterns, edits, and the facts
    the table has no column for.
    """

    def __init__(self, state: WorkbenchState) -> None:
        self.state = state
        self.table: Table | None = None
        self.plan: BatchPlan | None = None
        intro = w.HTML(
            '<div class="wb-hint">上传单位表格（.xlsx 或 .csv）：第一行为要素名称（如“地名”），'
            "每行一个单位。当前草稿的结构、句式和逐段修改为各单位共用；表格中没有的要素沿用草稿中的填写。</div>")
        self.sample = w.HTML()
        self.sample.add_class("wb-batch-sample")
        self.upload = _upload_button(state.guarded("读取单位表格", self._on_upload))
        self.upload.add_class("wb-batch-upload")
        self.preview = w.HTML(_empty(), layout=w.Layout(width="100%", overflow="auto",
                                                        max_height="420px"))
        self.preview.add_class("wb-batch-preview")
        self.build_button = w.Button(description="生成全部讲话", button_style="primary", disabled=True,
                                     tooltip="每个无问题的行生成一份 Word 文件，打包为 .zip")
        self.build_button.add_class("wb-batch-build")
        self.build_button.layout.width = "auto"
        self.build_button.on_click(state.guarded("批量生成", lambda _b: self.build()))
        self.progress = w.IntProgress(value=0, min=0, max=1, description="进度",
                                      layout=w.Layout(width="60%", visibility="hidden"))
        self.progress.add_class("wb-batch-progress")
        self.download = w.HTML()
        self.download.add_class("wb-batch-download")
        self.widget = w.VBox([
            intro,
            w.HBox([self.upload, self.sample], layout=w.Layout(align_items="center")),
            self.preview,
            w.HBox([self.build_button, self.progress], layout=w.Layout(align_items="center")),
            self.download,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("wb-batch")
        state.observe(self._on_draft, names="draft")
        self._show_sample()

    # -- actions -----------------------------------------------------------------------

    def load(self, name: str, data: bytes) -> BatchPlan:
        """Read the table `name` (its bytes) against the current draft; show the preview."""
        self.table = None
        self.plan = None
        self.download.value = ""
        self.build_button.disabled = True
        try:
            self.table = read_table(data, name)
            return self.refresh()
        except WorkbenchError as exc:
            self.preview.value = _error(str(exc))
            raise

    def refresh(self) -> BatchPlan:
        """Read the loaded table again against the current draft (its template may differ)."""
        if self.table is None:
            raise WorkbenchError("请先上传单位表格")
        draft = self.state.draft
        if draft is None:
            raise WorkbenchError("请先选择模板")
        self.state.flush()
        self.plan = plan_batch(draft.template, self.table, draft=draft)
        self.preview.value = preview_html(self.plan)
        good = len(self.plan.good)
        self.build_button.description = f"生成 {good} 份讲话" if good else "没有可生成的行"
        self.build_button.disabled = good == 0
        return self.plan

    def build(self) -> bytes:
        """Build the zip of every good row, showing progress; offer it for download."""
        plan = self.refresh()
        self.download.value = '<span class="wb-hint">正在生成……</span>'
        self.progress.max = max(1, len(plan.rows))
        self.progress.value = 0
        self.progress.layout.visibility = "visible"
        buffer = io.BytesIO()
        self.build_button.disabled = True
        try:
            report = write_batch(plan, buffer, progress=self._on_progress)
        except Exception:
            self.download.value = '<span class="wb-error-text">批量生成失败，见上方提示</span>'
            raise
        finally:
            self.build_button.disabled = not plan.good
        data = buffer.getvalue()
        name = safe_filename(f"{plan.template.occasion}讲话（{report.written}份）", ".zip")
        self.download.value = download_link(data, name, _ZIP_MIME, f"下载 {name}")
        kind = "warning" if report.skipped else "ok"
        extra = f"；跳过 {report.skipped} 行，原因见压缩包中的“报告.csv”" if report.skipped else ""
        self.state.notify(f"已生成 {report.written} 份讲话{extra}", kind)
        return data

    # -- events ------------------------------------------------------------------------

    def _on_upload(self, name: str, data: bytes | None, size: int) -> None:
        upload = check_upload(name, data, size, MAX_TABLE_BYTES, (".xlsx", ".csv"))
        plan = self.load(upload.name, upload.content)
        bad = len(plan.bad)
        message = f"已读取“{upload.name}”：{len(plan.rows)} 个单位"
        if bad:
            message += f"，其中 {bad} 行有问题将被跳过"
        self.state.notify(message, "warning" if bad else "ok")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.max = max(1, total)
        self.progress.value = done

    def _on_draft(self, change: Any = None) -> None:
        self._show_sample()
        if self.table is not None:
            with self.state.guard("读取单位表格"):
                self.refresh()

    def _show_sample(self) -> None:
        draft = self.state.draft
        if draft is None:
            self.sample.value = ""
            return
        data = sample_csv(draft.template.fact_specs.values())
        self.sample.value = download_link(data, f"{draft.template.id}-单位表格.csv", _CSV_MIME,
                                          "下载表格样式（.csv）")


def _upload_button(on_upload: Any) -> w.Widget:
    from .widgets import UploadButton

    return UploadButton(label="上传单位表格", accept=".xlsx,.csv", max_bytes=MAX_TABLE_BYTES,
                        hint=f"上传 .xlsx 或 .csv，每行一个单位（至多 {MAX_UNITS} 行）",
                        on_upload=on_upload)


def sample_csv(specs: Any) -> bytes:
    """Return a table for the template's facts: the labels, then one row of examples."""
    specs = list(specs)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([s.label for s in specs])
    writer.writerow(["" if s.example is None else _example(s.example) for s in specs])
    return out.getvalue().encode("utf-8-sig")


def _example(value: Any) -> str:
    from ..core.facts import to_json_value

    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(to_json_value(value))


def preview_html(plan: BatchPlan) -> str:
    """Return the rows of `plan` as an HTML table: row, name, and what will happen (escaped)."""
    columns = [c for c in plan.units.columns if c.fact]
    out = [_STYLE, '<div class="wb-batch-table">',
           f'<div class="wb-batch-summary">{escape(plan.table.describe())}：{len(plan.rows)} 个单位，'
           f"{len(plan.good)} 个可生成，{len(plan.bad)} 个有问题</div>"]
    for note in plan.notes():
        out.append(f'<div class="wb-hint">{escape(note)}</div>')
    out.append("<table><thead><tr><th>行</th><th>名称</th><th>状态</th>")
    out.extend(f"<th>{escape(c.header)}</th>" for c in columns)
    out.append("</tr></thead><tbody>")
    for unit in plan.rows[:PREVIEW_ROWS]:
        cls = "wb-batch-ok" if unit.is_ok else "wb-batch-bad"
        status = "可生成" if unit.is_ok else f"跳过：{unit.describe()}"
        out.append(f'<tr class="{cls}"><td>{unit.row}</td><td>{escape(unit.name)}</td>'
                   f"<td>{escape(status)}</td>")
        raw = _raw_cells(plan, unit.row)
        for column in columns:
            value = unit.facts.get(column.fact) if column.fact else None
            if value is None and column.index < len(raw) and raw[column.index].strip():
                # Not understood: show what the table says, marked.
                out.append(f'<td class="wb-batch-raw">{escape(raw[column.index])}</td>')
            else:
                out.append(f"<td>{escape(_cell(value))}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if len(plan.rows) > PREVIEW_ROWS:
        out.append(f'<div class="wb-hint">仅显示前 {PREVIEW_ROWS} 行；生成时包括全部 {len(plan.rows)} 行</div>')
    out.append("</div>")
    return "".join(out)


_STYLE = """<style>
.wb-batch-table table { border-collapse: collapse; font-size: 13px; margin-top: 6px; }
.wb-batch-table th, .wb-batch-table td { border: 1px solid #ddd; padding: 2px 6px; text-align: left;
  white-space: nowrap; }
.wb-batch-table th { background: #f5f5f0; }
.wb-batch-table tr.wb-batch-bad td { background: #fdecea; color: #8a1c12; }
.wb-batch-table tr.wb-batch-bad td:nth-child(3) { white-space: normal; min-width: 16em; }
.wb-batch-table td.wb-batch-raw { text-decoration: underline wavy #c0392b; }
.wb-batch-summary { font-weight: bold; }
</style>"""


def _raw_cells(plan: BatchPlan, row: int) -> list[str]:
    # Rows are numbered as Excel shows them; `table.rows` starts below `table.header_row`.
    index = row - plan.table.header_row - 1
    return plan.table.rows[index] if 0 <= index < len(plan.table.rows) else []


def _cell(value: Any) -> str:
    from ..core.facts import display

    return "" if value is None else display(value)


def _empty() -> str:
    return '<div class="wb-batch-empty">上传表格后，这里列出读到的各单位及其问题</div>'


def _error(message: str) -> str:
    return f'<div class="wb-error-text">{escape(message)}</div>'
