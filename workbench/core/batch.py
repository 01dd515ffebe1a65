"""Batch units (批量生成): a table of units -> one set of facts per row, with per-row problems.

Pure: the rows come in as lists of strings (the table readers above the core turn Excel
cells and CSV text into them); nothing here reads files or writes documents. A row with
a missing required fact or a value of the wrong type is reported with its row number and
column and never becomes a speech; the whole table is refused (`BatchError`) only when it
cannot be used at all (no header, no column that names a fact, no data rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from ..errors import BatchError, FactError
from .facts import FactSpec, coerce, display

#: Most data rows a table may hold (a province has about 100 counties; a county ~20 towns).
MAX_UNITS = 1000

#: Most columns a table may have.
MAX_COLUMNS = 200

#: The fact a file is named after when the writer chooses none.
DEFAULT_NAME_FACT = "place"

#: Row number of the header by default: rows are numbered as Excel shows them.
HEADER_ROW = 1

#: Rows searched for the header: a title row above it (一个合并的表名) is common.
HEADER_SEARCH_ROWS = 5

# "地名（必填）", "地名*", " 地 名 ": the label without decoration or spaces.
_DECORATION = re.compile(r"[\s\u3000]+|[（(]\s*(?:必填|选填|可选|必须)\s*[）)]$|[*＊]+$")
# A label's trailing unit in brackets: "（%）", "（处）".
_UNIT = re.compile(r"\s*[（(][^（()）]{1,8}[）)]\s*$")


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of 0-based column `index` (0 -> A, 26 -> AA)."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, not {index}")
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _normal(header: str) -> str:
    return _DECORATION.sub("", header.strip()).casefold()


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its position, header text and the fact it fills (or None)."""

    index: int
    header: str
    fact: str | None = None

    @property
    def letter(self) -> str:
        """The column's spreadsheet letter (A, B, …)."""
        return column_letter(self.index)

    def __str__(self) -> str:
        return f"列“{self.header}”（{self.letter}）"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row cannot become a speech: its row number, the column (if any), the reason."""

    row: int
    message: str
    column: Column | None = None

    def __str__(self) -> str:
        where = f"第 {self.row} 行"
        if self.column is not None:
            where += f"，{self.column}"
        return f"{where}：{self.message}"


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One data row read against the template: its facts (coerced), name and problems."""

    row: int
    name: str
    facts: Mapping[str, Any]
    problems: tuple[RowProblem, ...] = ()

    @property
    def is_ok(self) -> bool:
        """True when the row can become a speech (no problems)."""
        return not self.problems

    def describe(self) -> str:
        """Return the row's problems as one line (empty when it has none)."""
        return "；".join(p.message if p.column is None else f"{p.column}：{p.message}"
                        for p in self.problems)


class UnitTable:
    """How a table's columns map to a template's facts, and the reading of each row.

    `specs` are the template's facts; `shared` the facts every unit has already (from the
    draft): they fill the facts the table has no column for (a column, even blank, wins).
    `name_by` names the column the files are named after: a fact id, a fact label or any
    header; by default the place (`DEFAULT_NAME_FACT`). Raises `BatchError` when the
    header cannot be used at all.
    """

    def __init__(self, header: Sequence[str], specs: Mapping[str, FactSpec], *,
                 shared: Mapping[str, Any] | None = None, name_by: str | None = None,
                 source: str = "表格") -> None:
        self.source = source
        self.specs = dict(specs)
        self.shared = dict(shared or {})
        if not any(str(h).strip() for h in header):
            self._fail("没有表头：第一行应为要素名称（如“地名”）或标识（如 place）")
        if len(header) > MAX_COLUMNS:
            self._fail(f"列过多（{len(header)} 列，上限 {MAX_COLUMNS} 列）")
        self.columns: tuple[Column, ...] = tuple(self._map(header))
        #: The columns that fill a fact, by fact id.
        self.by_fact: dict[str, Column] = {c.fact: c for c in self.columns if c.fact}
        if not self.by_fact:
            shown = "、".join(f"“{c.header}”" for c in self.columns if c.header) or "无"
            examples = "、".join(f"“{s.label}”或 {s.id}" for s in list(self.specs.values())[:2])
            self._fail(f"没有可用的列：表头应为本模板的要素名称或标识（如 {examples}）；本表表头为 {shown}")
        absent = [s for s in self.specs.values()
                  if s.required and s.id not in self.by_fact and s.id not in self.shared]
        if absent:
            names = "、".join(f"“{s.label}”（{s.id}）" for s in absent)
            self._fail(f"缺少必填要素的列：{names}；请在表格中加列，或在草稿中填写")
        self.name_column = self._name_column(name_by)

    def _fail(self, message: str) -> NoReturn:
        raise BatchError(f"{self.source}: {message}")

    def _map(self, header: Sequence[str]) -> Iterator[Column]:
        by_key: dict[str, str] = {}
        for spec in self.specs.values():
            by_key.setdefault(spec.id.casefold(), spec.id)
        for spec in self.specs.values():
            by_key.setdefault(_normal(spec.label), spec.id)
        for spec in self.specs.values():  # "隐患整改率" for "隐患整改率（%）"
            by_key.setdefault(_normal(_UNIT.sub("", spec.label)), spec.id)
        seen: dict[str, Column] = {}
        for index, raw in enumerate(header):
            text = str(raw).strip()
            fact = by_key.get(_normal(text)) if text else None
            column = Column(index, text, fact)
            if fact is not None:
                if fact in seen:
                    label = self.specs[fact].label
                    self._fail(f"{seen[fact]}和{column}都对应要素“{label}”，请删去一列")
                seen[fact] = column
            yield column

    def _name_column(self, name_by: str | None) -> Column | None:
        if name_by is None:
            return self.by_fact.get(DEFAULT_NAME_FACT)
        wanted = _normal(name_by)
        for column in self.columns:
            if column.header and _normal(column.header) == wanted:
                return column
        for fact, column in self.by_fact.items():
            if wanted in (fact.casefold(), _normal(self.specs[fact].label)):
                return column
        shown = "、".join(f"“{c.header}”" for c in self.columns if c.header)
        self._fail(f"用来命名文件的列“{name_by}”不在表格中；可用的列：{shown}")

    @property
    def unknown_columns(self) -> tuple[Column, ...]:
        """The columns that name no fact of the template (kept out of the speeches)."""
        return tuple(c for c in self.columns if c.fact is None and c.header)

    def shared_facts(self) -> dict[str, Any]:
        """Return the shared facts the table does not override (no column for them)."""
        return {k: v for k, v in self.shared.items() if k not in self.by_fact}

    def read_row(self, row: int, cells: Sequence[str]) -> UnitRow:
        """Return data row number `row` (as Excel numbers it) read from `cells`."""
        facts: dict[str, Any] = {}
        problems: list[RowProblem] = []
        wrong: set[str] = set()
        if len(cells) > len(self.columns) and any(str(c).strip() for c in cells[len(self.columns):]):
            problems.append(RowProblem(row, f"有 {len(cells)} 格，多于表头的 {len(self.columns)} 列"))
        for fact, column in self.by_fact.items():
            text = str(cells[column.index]).strip() if column.index < len(cells) else ""
            if not text:
                continue
            spec = self.specs[fact]
            try:
                value = coerce(spec, text)
            except FactError as exc:
                problems.append(RowProblem(row, str(exc), column))
                wrong.add(fact)
                continue
            if value is not None:
                facts[fact] = value
        for spec in self.specs.values():
            # A fact with a column is the table's to give: a blank cell never falls back
            # to the draft's value (last year's county name is the classic disaster).
            shared = spec.id in self.shared and spec.id not in self.by_fact
            if spec.required and spec.id not in facts and not shared and spec.id not in wrong:
                column = self.by_fact.get(spec.id)
                problems.append(RowProblem(row, f"缺少必填要素“{spec.label}”（{spec.id}）", column))
        return UnitRow(row, self._row_name(row, cells, facts), facts, tuple(problems))

    def _row_name(self, row: int, cells: Sequence[str], facts: Mapping[str, Any]) -> str:
        column = self.name_column
        if column is not None:
            if column.fact and column.fact in facts:
                return display(facts[column.fact]).strip() or f"第{row}行"
            if column.index < len(cells) and str(cells[column.index]).strip():
                return str(cells[column.index]).strip()
        return f"第{row}行"

    def iter_units(self, rows: Iterable[Sequence[str]], first_row: int = HEADER_ROW + 1
                   ) -> Iterator[UnitRow]:
        """Yield each non-blank row of `rows` (data rows, numbered from `first_row`).

        Blank rows (every cell empty) are passed over without a report, as Excel leaves
        them under a table. Raises `BatchError` past `MAX_UNITS` rows.
        """
        count = 0
        for offset, cells in enumerate(rows):
            if not any(str(c).strip() for c in cells):
                continue
            count += 1
            if count > MAX_UNITS:
                self._fail(f"数据行过多（上限 {MAX_UNITS} 行），请分成几个表格")
            yield self.read_row(first_row + offset, cells)


def find_header(rows: Sequence[Sequence[str]], specs: Mapping[str, FactSpec],
                limit: int = HEADER_SEARCH_ROWS) -> int:
    """Return the index of the header among the first `limit` rows: the first that names a
    fact (a title row above the header is passed over), else the first non-blank row."""
    keys = {s.id.casefold() for s in specs.values()}
    keys |= {_normal(s.label) for s in specs.values()}
    keys |= {_normal(_UNIT.sub("", s.label)) for s in specs.values()}
    first = None
    for index, row in enumerate(rows[:limit]):
        cells = [str(c).strip() for c in row]
        if not any(cells):
            continue
        if first is None:
            first = index
        if any(c and _normal(c) in keys for c in cells):
            return index
    return first if first is not None else 0


def read_units(header: Sequence[str], rows: Iterable[Sequence[str]],
               specs: Mapping[str, FactSpec], *, first_row: int = HEADER_ROW + 1,
               **kwargs: Any) -> tuple[UnitTable, list[UnitRow]]:
    """Return the table mapping and every data row read (numbered from `first_row`);
    raises `BatchError` when the table cannot be used at all (also when it has no data
    row). `kwargs` go to `UnitTable`."""
    table = UnitTable(header, specs, **kwargs)
    units = list(table.iter_units(rows, first_row))
    if not units:
        raise BatchError(f"{table.source}: 表格中没有数据行（第 {first_row - 1} 行为表头，数据从第 "
                         f"{first_row} 行起）")
    return table, units
