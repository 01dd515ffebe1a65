"""Tables of units (批量表格): .xlsx through openpyxl, .csv in UTF-8 or GB18030, as rows of text.

Above the core: `workbench.core.batch` takes the rows this module returns (lists of
strings). Excel cells become the text a writer would type (dates as 2026-03-06, whole
numbers without ".0"); CSV text is decoded as UTF-8 (with or without a BOM) or else
GB18030, what Excel in a Chinese office writes, and the table says which was used.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from .errors import BatchError

#: Largest table file accepted, in bytes.
MAX_TABLE_BYTES = 10 * 1024 * 1024

#: Most bytes an .xlsx may unpack to (a zip bomb is refused before it is read).
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024

#: Most rows read from a file, blank ones included (the core limits the data rows).
MAX_ROWS = 5000

#: The suffixes a table may have.
TABLE_SUFFIXES = (".xlsx", ".csv")

#: Encodings tried for CSV, in order, and how the report names them.
CSV_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"))


@dataclass(frozen=True, slots=True)
class Table:
    """A table read from a file: the header row, the data rows (text), and how it was read."""

    name: str
    header: list[str]
    rows: list[list[str]] = field(repr=False)
    #: "xlsx" or "csv".
    kind: str = "csv"
    #: For CSV, the encoding used ("UTF-8", "UTF-8（带 BOM）" or "GB18030"); else "".
    encoding: str = ""
    #: For .xlsx, the sheet read.
    sheet: str = ""
    #: The row number (as Excel shows it) of `header`; data rows follow it.
    header_row: int = 1

    def describe(self) -> str:
        """Return one line saying how the table was read (for the report)."""
        if self.kind == "xlsx":
            return f"表格“{self.name}”（Excel 工作表“{self.sheet}”）"
        return f"表格“{self.name}”（CSV，按 {self.encoding} 编码读取）"


def _fail(name: str, message: str) -> NoReturn:
    raise BatchError(f"{name}: {message}")


def read_table(source: str | os.PathLike[str] | bytes, name: str | None = None) -> Table:
    """Return the table in `source` (a path, or the bytes of a file called `name`).

    The kind comes from the suffix (.xlsx or .csv). Raises `BatchError` naming the file
    when it cannot be read: too large, not a table, an encoding neither UTF-8 nor GB18030.
    """
    if isinstance(source, bytes):
        data = source
        name = name or "表格"
    else:
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > MAX_TABLE_BYTES:
                _fail(name, f"文件过大（上限 {MAX_TABLE_BYTES // 2**20} MB）")
            data = path.read_bytes()
        except OSError as exc:
            _fail(name, f"无法读取（{exc.strerror or exc}）")
    if len(data) > MAX_TABLE_BYTES:
        _fail(name, f"文件过大（上限 {MAX_TABLE_BYTES // 2**20} MB）")
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data, name)
    if suffix == ".csv":
        return _read_csv(data, name)
    if suffix == ".xls":
        _fail(name, "不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 .csv")
    _fail(name, f"不支持的表格格式“{suffix or '无扩展名'}”，请用 .xlsx 或 .csv")


def _split(name: str, rows: Iterable[Sequence[str]]) -> tuple[int, list[str], list[list[str]]]:
    """Return (row number of the first non-blank row, that row, the rows after it)."""
    header: list[str] | None = None
    header_row = 0
    body: list[list[str]] = []
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS:
            _fail(name, f"行数过多（上限 {MAX_ROWS} 行）")
        cells = list(row)
        if header is None:
            if any(c.strip() for c in cells):
                header, header_row = cells, count
            continue
        body.append(cells)
    if header is None:
        _fail(name, "表格是空的")
    while header and not header[-1].strip():
        header.pop()
    return header_row, header, body


# -- CSV ------------------------------------------------------------------------------------

def decode_csv(data: bytes, name: str = "表格") -> tuple[str, str]:
    """Return (text, encoding label) of CSV bytes: UTF-8 strictly, else GB18030.

    Raises `BatchError` when neither decodes, or the bytes are not text at all.
    """
    if b"\x00" in data[:4096]:
        _fail(name, "不是文本文件（可能是 UTF-16 或二进制文件）；请在 Excel 中另存为“CSV UTF-8”或 .xlsx")
    for codec, label in CSV_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
            label = "UTF-8（带 BOM）"
        return text, label
    _fail(name, "既不是 UTF-8 也不是 GB18030 编码的文本，无法读取")


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = decode_csv(data, name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first and "，" not in first else ","
    try:
        rows = [[cell.strip() for cell in row]
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        _fail(name, f"不是有效的 CSV（{exc}）")
    header_row, header, body = _split(name, rows)
    return Table(name, header, body, "csv", encoding, header_row=header_row)


# -- Excel ----------------------------------------------------------------------------------

def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        _fail(name, "不是有效的 .xlsx 文件（文件已损坏，或并非 Excel 文件）")
    if total > MAX_XLSX_UNCOMPRESSED:
        _fail(name, f"解压后过大（{total // 2**20} MB，上限 {MAX_XLSX_UNCOMPRESSED // 2**20} MB）")


def cell_text(value: Any, number_format: str = "General") -> str:
    """Return an Excel cell's value as the text a writer would type in it.

    A percentage cell holds 0.95 for what the writer typed and sees as 95%: it reads as
    95, the number a "（%）" fact takes.
    """
    if value is None:
        return ""
    if (isinstance(value, int | float) and not isinstance(value, bool)
            and "%" in (number_format or "")):
        value = round(value * 100, 10)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    return str(value).strip()


def _read_xlsx(data: bytes, name: str) -> Table:
    _check_zip(data, name)
    import openpyxl  # a reader's dependency, loaded only when a workbook comes

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        _fail(name, f"无法打开 Excel 文件（{exc.__class__.__name__}）；请在 Excel 中重新保存为 .xlsx")
    try:
        sheet = book.active if book.active is not None else book.worksheets[0]
        rows = ([cell_text(c.value, getattr(c, "number_format", "General")) for c in row]
                for row in sheet.iter_rows())
        try:
            header_row, header, body = _split(name, rows)
        except BatchError:
            raise
        except Exception as exc:
            _fail(name, f"无法读取工作表“{sheet.title}”（{exc.__class__.__name__}）")
        return Table(name, header, body, "xlsx", sheet=sheet.title, header_row=header_row)
    finally:
        book.close()
