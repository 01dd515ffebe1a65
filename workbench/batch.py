"""Batch generation (批量生成): one speech per unit of a table, streamed into a zip with a report.

The front the CLI (`workbench batch`) and the app's 批量 tab share. The rows are read
by `workbench.tables` and checked by `workbench.core.batch`; each good row becomes a
.docx written into the zip as soon as it is made, so memory stays flat in the number
of rows. A row with problems is never written, only reported in `报告.csv`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import gc
import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from .core.batch import HEADER_SEARCH_ROWS, UnitRow, UnitTable, find_header, read_units
from .core.facts import Facts
from .core.templates import SpeechTemplate
from .errors import WorkbenchError
from .pipeline import Draft, assemble, render_bytes
from .tables import Table

#: The report's name inside the zip.
REPORT_NAME = "报告.csv"

#: The report's columns.
REPORT_HEADER = ("行号", "名称", "文件", "结果", "说明")

#: Rows between two garbage collections while writing (see `write_batch`).
GC_EVERY = 10

#: Called after each row with (rows done, rows in all).
Progress = Callable[[int, int], Any]

# Characters Windows and macOS do not allow in file names, controls and slot brackets.
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\u3010\u3011]+')


@dataclass(frozen=True, slots=True)
class UnitResult:
    """What became of one row: the file written (None when skipped) and why not."""

    row: int
    name: str
    filename: str | None
    problem: str = ""

    @property
    def is_written(self) -> bool:
        """True when the row's speech is in the zip."""
        return self.filename is not None


@dataclass
class BatchReport:
    """The outcome of a batch: how the table was read and each row's result."""

    source: str
    results: list[UnitResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        """How many speeches were written."""
        return sum(1 for r in self.results if r.is_written)

    @property
    def skipped(self) -> int:
        """How many rows were skipped."""
        return sum(1 for r in self.results if not r.is_written)

    def summary(self) -> str:
        """Return one line: the table, rows, speeches written and rows skipped."""
        line = f"{self.source}：共 {len(self.results)} 行，生成 {self.written} 份"
        if self.skipped:
            line += f"，跳过 {self.skipped} 行"
        return line

    def to_csv(self) -> bytes:
        """Return the report as CSV in UTF-8 with a BOM (so Excel reads the Chinese)."""
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(REPORT_HEADER)
        writer.writerow(["", "", "", "说明", "；".join([self.summary(), *self.notes])])
        for r in self.results:
            writer.writerow([r.row, r.name, r.filename or "",
                             "已生成" if r.is_written else "已跳过", r.problem])
        return out.getvalue().encode("utf-8-sig")


@dataclass
class BatchPlan:
    """A table read against a template: the column mapping and every row, before building."""

    template: SpeechTemplate
    table: Table
    units: UnitTable
    rows: list[UnitRow]
    draft: Draft | None = None

    @property
    def good(self) -> list[UnitRow]:
        """The rows that can become speeches."""
        return [r for r in self.rows if r.is_ok]

    @property
    def bad(self) -> list[UnitRow]:
        """The rows that will be skipped."""
        return [r for r in self.rows if not r.is_ok]

    def notes(self) -> list[str]:
        """Return what the writer should know about the table as a whole."""
        notes = []
        unknown = self.units.unknown_columns
        if unknown:
            notes.append("未使用的列（不是本模板的要素）：" + "、".join(str(c) for c in unknown))
        if self.units.name_column is None:
            notes.append("没有用于命名的列，文件按行号命名")
        return notes


def plan_batch(template: SpeechTemplate, table: Table, *, draft: Draft | None = None,
               name_by: str | None = None) -> BatchPlan:
    """Return the plan of a batch of `template` over `table`, the facts of `draft` shared.

    Raises `BatchError` when the table cannot be used at all, and `WorkbenchError` when
    `draft` is of another template.
    """
    if draft is not None and draft.template.id != template.id:
        raise WorkbenchError(f"草稿使用的模板是“{draft.template.id}”，不是“{template.id}”")
    shared = dict(draft.facts) if draft is not None else {}
    specs = template.fact_specs
    # The header may sit below a title row: look for it in the first rows.
    index = find_header([table.header, *table.rows[:HEADER_SEARCH_ROWS]], specs)
    header = table.header if index == 0 else table.rows[index - 1]
    first_row = table.header_row + index + 1
    units, rows = read_units(header, table.rows[index:], specs, shared=shared, name_by=name_by,
                             source=table.name, first_row=first_row)
    return BatchPlan(template, table, units, rows, draft)


def file_name(name: str, taken: set[str], suffix: str = ".docx", limit: int = 60) -> str:
    """Return a file name for `name` not in `taken` (and add it): 青山县.docx, 青山县（2）.docx."""
    stem = _BAD_FILENAME.sub("", name).strip(" .") or "讲稿"
    stem = stem[:limit]
    candidate, n = stem + suffix, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}（{n}）{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _row_draft(plan: BatchPlan) -> Draft:
    # One draft carries the shared choices (parts, patterns, edits); each row only swaps
    # its facts in. A copy, so the writer's own draft is never touched.
    if plan.draft is None:
        return Draft(plan.template)
    return Draft.from_json(plan.draft.to_json(), {plan.template.id: plan.template})


def write_batch(plan: BatchPlan, target: str | os.PathLike[str] | IO[bytes], *,
                layout: Any = None, progress: Progress | None = None) -> BatchReport:
    """Write one .docx per good row of `plan`, and `报告.csv`, into the zip `target`.

    Each speech is rendered in memory and written whole, so a row that fails is never
    half-written; its problem goes into the report and the others still come out.
    `progress(done, total)` is called after each row.
    """
    report = BatchReport(plan.table.describe(), notes=plan.notes())
    draft = _row_draft(plan)
    shared = {k: v for k, v in draft.facts.items() if k not in plan.units.by_fact}
    specs = plan.template.fact_specs
    taken: set[str] = {REPORT_NAME.casefold()}
    total = len(plan.rows)
    stamp = _dt.datetime.now().timetuple()[:6]
    # A python-docx document is a web of reference cycles: its garbage waits for a full
    # collection, so it grows with the rows unless collected now and then. Freezing what
    # exists before the batch makes those collections scan only the batch's own objects.
    gc.freeze()
    try:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
            for done, unit in enumerate(plan.rows, 1):
                report.results.append(_write_unit(archive, draft, unit, shared, specs, taken,
                                                  stamp, layout))
                if done % GC_EVERY == 0:
                    gc.collect()
                if progress is not None:
                    progress(done, total)
            info = zipfile.ZipInfo(REPORT_NAME, stamp)
            archive.writestr(info, report.to_csv(), zipfile.ZIP_DEFLATED)
    finally:
        gc.unfreeze()
    return report


def _write_unit(archive: zipfile.ZipFile, draft: Draft, unit: UnitRow, shared: Mapping[str, Any],
                specs: Mapping[str, Any], taken: set[str], stamp: Sequence[int], layout: Any
                ) -> UnitResult:
    if not unit.is_ok:
        return UnitResult(unit.row, unit.name, None, unit.describe())
    draft.facts = Facts(specs, {**shared, **unit.facts})
    try:
        data = render_bytes(assemble(draft), "docx", layout=layout)
    except WorkbenchError as exc:
        return UnitResult(unit.row, unit.name, None, str(exc))
    name = file_name(unit.name, taken)
    # .docx is already compressed: stored, not deflated again.
    archive.writestr(zipfile.ZipInfo(name, tuple(stamp)), data)  # type: ignore[arg-type]
    return UnitResult(unit.row, unit.name, name)
