"""`workbench batch`: tables in both formats and encodings, good and broken rows, the zip."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import zipfile

import docx
import openpyxl
import pytest

from workbench import Draft
from workbench.cli import main
from workbench.tables import decode_csv, read_table

TEMPLATE = "work-safety-plenary"

HEADER = ["地名", "会议日期", "传达的上级会议", "重点行业领域", "去年排查隐患数（处）", "隐患整改率（%）",
          "事故起数同比下降（%）", "当前重点时段", "备注"]
GOOD_1 = ["青山县", "2026-03-06", "全市安全生产工作会议", "危险化学品、建筑施工", "120", "95", "10", "汛期", "甲"]
BROKEN = ["绿水县", "明天", "全市安全生产工作会议", "非煤矿山", "12万", "90", "5", "汛期", ""]
MISSING = ["红星镇", "2026-03-06", "", "道路运输", "8", "90", "5", "汛期", ""]
GOOD_2 = ["白云区", "2026年3月6日", "全市安全生产工作会议", "道路运输", "30", "88.5", "3", "岁末年初", ""]
ROWS = [GOOD_1, BROKEN, MISSING, ["", "", "", "", "", "", "", "", ""], GOOD_2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path, rows, encoding):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "各县"
    for row in rows:
        # Excel keeps dates and numbers typed: give the cells real types, as a writer's file has.
        cells = []
        for value in row:
            if value == "2026-03-06":
                cells.append(_dt.datetime(2026, 3, 6))
            elif value.isdigit():
                cells.append(int(value))
            elif value == "88.5":
                cells.append(88.5)
            else:
                cells.append(value or None)
        sheet.append(cells)
    book.save(path)
    return path


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def read_zip(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def report_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture(params=["xlsx", "utf-8", "utf-8-sig", "gb18030"])
def units_file(request, tmp_path):
    """The same five rows (two good, one wrongly typed, one missing a fact, one blank)."""
    if request.param == "xlsx":
        return write_xlsx(tmp_path / "各县.xlsx", [HEADER, *ROWS]), "Excel"
    return write_csv(tmp_path / "各县.csv", [HEADER, *ROWS], request.param), {
        "utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GB18030"}[request.param]


def test_good_rows_come_out_and_broken_rows_are_reported(capsys, tmp_path, units_file):
    path, read_as = units_file
    out = tmp_path / "讲话.zip"
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(path), "-o", str(out))
    assert code == 1, err  # rows were skipped
    files = read_zip(out)
    assert sorted(files) == ["报告.csv", "白云区.docx", "青山县.docx"]
    qingshan = docx_text(files["青山县.docx"])
    assert "青山县" in qingshan and "白云区" not in qingshan
    assert "2026年3月6日" in qingshan and "危险化学品、建筑施工" in qingshan
    assert "88.5" in docx_text(files["白云区.docx"])
    rows = report_rows(files["报告.csv"])
    assert rows[0] == ["行号", "名称", "文件", "结果", "说明"]
    assert read_as in rows[1][4] and "共 4 行，生成 2 份，跳过 2 行" in rows[1][4]
    by_row = {r[0]: r for r in rows[2:]}
    assert by_row["2"][2:4] == ["青山县.docx", "已生成"]
    assert by_row["3"][2:4] == ["", "已跳过"]
    assert "列“会议日期”（B）" in by_row["3"][4] and "应为日期" in by_row["3"][4]
    assert "列“去年排查隐患数（处）”（E）" in by_row["3"][4] and "12万" in by_row["3"][4]
    assert "缺少必填要素“传达的上级会议”" in by_row["4"][4] and "（C）" in by_row["4"][4]
    assert "5" not in by_row  # the blank row is passed over
    assert by_row["6"][1:4] == ["白云区", "白云区.docx", "已生成"]
    assert "跳过：第 3 行（绿水县）" in err and "跳过：第 4 行（红星镇）" in err


def test_all_good_rows_exit_zero(capsys, tmp_path):
    path = write_csv(tmp_path / "u.csv", [HEADER, GOOD_1, GOOD_2], "utf-8")
    out = tmp_path / "out.zip"
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(path), "-o", str(out))
    assert code == 0, err
    assert len(read_zip(out)) == 3
    assert "\r" not in err  # no progress bar when stderr is not a terminal


def test_the_draft_is_shared_and_name_by_names_the_files(capsys, tmp_path, library):
    draft = Draft(library[TEMPLATE])
    draft.facts.fill_examples()
    draft.facts["place"] = "青山县"
    first = draft.sections[0]
    first.include = False
    draft.facts["season"] = "国庆假期"
    draft.save(tmp_path / "d.json")
    # Only the per-unit facts in the table; the required rest comes from the draft.
    path = write_csv(tmp_path / "u.csv", [["单位", "地名"], ["城关镇人民政府", "城关镇"],
                                          ["东湖街道办事处", "东湖街道"]], "gb18030")
    out = tmp_path / "out.zip"
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(path), "--draft",
                       str(tmp_path / "d.json"), "--name-by", "单位", "-o", str(out))
    assert code == 0, err
    files = read_zip(out)
    assert sorted(files) == ["东湖街道办事处.docx", "城关镇人民政府.docx", "报告.csv"]
    text = docx_text(files["城关镇人民政府.docx"])
    assert "城关镇" in text and "青山县" not in text and "国庆假期" in text
    assert first.title not in text  # the part the draft left out stays out
    assert "未使用的列" in report_rows(files["报告.csv"])[1][4]


def test_same_names_get_numbered_files(capsys, tmp_path):
    path = write_csv(tmp_path / "u.csv", [HEADER, GOOD_1, GOOD_1], "utf-8")
    out = tmp_path / "out.zip"
    assert run(capsys, "batch", TEMPLATE, "--units", str(path), "-o", str(out))[0] == 0
    assert sorted(read_zip(out)) == ["报告.csv", "青山县.docx", "青山县（2）.docx"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("u.csv", "单位,备注\n城关镇,x\n".encode(), "没有可用的列"),
    ("u.csv", (",".join(HEADER) + "\n,,\n").encode(), "没有数据行"),
    ("u.csv", b"\xff\xfe\x00\x00garbage", "不是文本文件"),
    ("u.csv", "地名\n青山县\n".encode() + b"\x81\x30\xff", "既不是 UTF-8 也不是 GB18030"),
    ("u.xlsx", b"PK\x03\x04 not really a workbook", "不是有效的 .xlsx 文件"),
    ("u.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 Excel"),
    ("u.txt", b"x", "不支持的表格格式"),
])
def test_bad_input_as_a_whole_exits_2_with_one_line(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.zip"
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(path), "-o", str(out))
    assert code == 2
    assert message in err and name in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == [path]  # nothing left behind


def test_unreadable_file_and_wrong_output_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(tmp_path / "nope.csv"), "-o",
                       str(tmp_path / "o.zip"))
    assert code == 2 and "无法读取" in err
    path = write_csv(tmp_path / "u.csv", [HEADER, GOOD_1], "utf-8")
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(path), "-o", str(tmp_path / "o.docx"))
    assert code == 2 and "应为 .zip" in err


def test_gb18030_is_detected_only_when_utf8_fails():
    text = "地名\n青山县\n"
    assert decode_csv(text.encode("utf-8")) == (text, "UTF-8")
    assert decode_csv(text.encode("gb18030")) == (text, "GB18030")
    assert decode_csv(b"\xef\xbb\xbf" + text.encode()) == (text, "UTF-8（带 BOM）")


def test_excel_cells_read_as_the_text_a_writer_typed(tmp_path):
    path = write_xlsx(tmp_path / "u.xlsx", [HEADER, GOOD_2, GOOD_1])
    table = read_table(path)
    assert table.kind == "xlsx" and table.sheet == "各县"
    assert table.header == HEADER
    assert table.rows[0][4:6] == ["30", "88.5"]
    assert table.rows[1][1] == "2026-03-06"
    assert "各县" in table.describe()


def test_an_excel_percentage_reads_as_the_number_shown(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["地名", "隐患整改率（%）"])
    book.active.append(["青山县", 0.955])
    book.active["B2"].number_format = "0.0%"
    book.save(tmp_path / "u.xlsx")
    assert read_table(tmp_path / "u.xlsx").rows == [["青山县", "95.5"]]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "u.csv", [HEADER, GOOD_1, GOOD_2, BROKEN], "utf-8")
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["batch", TEMPLATE, "--units", str(path), "-o", str(tmp_path / "o.zip")]) == 1
    shown = terminal.getvalue()
    assert "\r批量生成 [" in shown and "] 3/3\n" in shown and "1/3" in shown


def test_a_title_row_above_the_header_is_passed_over(capsys, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])  # a blank first row
    sheet.append(["2026年各县安全生产工作会议要素表"])
    sheet.merge_cells("A2:I2")
    sheet.append(HEADER)
    sheet.append(GOOD_1)
    sheet.append(BROKEN)
    book.save(tmp_path / "u.xlsx")
    out = tmp_path / "o.zip"
    code, _, err = run(capsys, "batch", TEMPLATE, "--units", str(tmp_path / "u.xlsx"), "-o", str(out))
    assert code == 1
    assert sorted(read_zip(out)) == ["报告.csv", "青山县.docx"]
    assert "跳过：第 5 行（绿水县）" in err  # rows keep the numbers Excel shows
