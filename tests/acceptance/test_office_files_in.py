"""Files in: .doc, .wps, .odt, .rtf and PDF written by LibreOffice itself, read back to the
outline the .docx gives; the commands that read speeches take them; a file that cannot be
read is one Chinese line and leaves no temporary file behind.

The files are made once per session (tests/support/office_files.py); run under
`flock /tmp/wb-heavy.lock` (LibreOffice).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support.libreoffice import heavy_lock
from tests.support.tracked import DocxEditor
from workbench import Draft, load_library
from workbench.cli import main
from workbench.convert import convert
from workbench.core.importer import parse_outline
from workbench.errors import SourceImportError
from workbench.readers import SourceDocument, read_document
from workbench.readers.office import read_office

pytestmark = pytest.mark.slow

_PAGE_NUMBER = re.compile(r"^\s*[—-]\s*\d+\s*[—-]\s*$")


@pytest.fixture(autouse=True, scope="module")
def _heavy():
    """Take the machine's LibreOffice/browser lock (a no-op under `flock` already)."""
    with heavy_lock():
        yield


_READ: dict[Path, SourceDocument] = {}


def _read(path: Path) -> SourceDocument:
    """`read_document(path)`, once per file (a conversion takes about a second)."""
    if path not in _READ:
        _READ[path] = read_document(path)
    return _READ[path]


def _outline(path: Path) -> dict:
    return parse_outline(_read(path).paragraphs).to_json()


def _levels(outline: dict) -> list[tuple[int, str]]:
    """The headings with their levels: 一、 parts, （一） points, 一是 items."""
    out = []
    for part in outline["parts"]:
        out.append((1, part["heading"]))
        for point in part["points"]:
            out.append((point.get("level", 2), point["heading"]))
            out.extend((3, item.get("key", "")) for item in point.get("items", []))
    return out


@pytest.fixture(scope="module")
def docx_outline(office_files) -> dict:
    return _outline(office_files.docx)


@pytest.mark.parametrize("suffix", ["doc", "wps", "odt", "rtf"])
def test_office_files_give_the_outline_of_the_docx(office_files, docx_outline, suffix):
    outline = _outline(office_files[suffix])
    assert len(docx_outline["parts"]) == 3 and len(_levels(docx_outline)) >= 9
    assert outline == docx_outline


@pytest.mark.parametrize("suffix", ["doc", "wps", "odt", "rtf"])
def test_office_files_keep_paragraphs_styles_and_levels(office_files, suffix):
    word = _read(office_files.docx)
    other = _read(office_files[suffix])
    assert other.name.endswith(f"讲话.{suffix}") and other.kind == "docx"
    assert other.texts == word.texts
    levels = [p.outline_level for p in word.paragraphs]
    assert levels.count(1) == 3
    if suffix != "rtf":  # RTF keeps the styles' names but not their outline levels
        assert [p.outline_level for p in other.paragraphs] == levels


@pytest.mark.parametrize("which", ["pdf", "pdf_with_head"])
def test_a_pdf_gives_the_outline_of_the_docx(office_files, docx_outline, which):
    outline = _outline(getattr(office_files, which))
    for key in ("title", "speaker_line", "salutation"):
        assert outline[key] == docx_outline[key], key
    assert _levels(outline) == _levels(docx_outline)
    assert outline == docx_outline


@pytest.mark.parametrize("which", ["pdf", "pdf_with_head"])
def test_a_pdf_is_rejoined_into_the_paragraphs_of_the_docx_without_its_furniture(office_files, which):
    pdf = _read(getattr(office_files, which))
    word = [t.replace("\n", "") for t in _read(office_files.docx).texts if t.strip()]
    assert pdf.kind == "pdf" and len(word) >= 20
    # Line and page breaks rejoined without spaces, character for character.
    assert pdf.texts == word
    assert not any(_PAGE_NUMBER.match(t) for t in pdf.texts)
    assert not any(office_files.head in t for t in pdf.texts)
    assert [p.position.number for p in pdf.paragraphs] == list(range(1, len(word) + 1))


def test_the_pdf_has_several_pages_and_its_paragraphs_cross_them(office_files):
    layout = subprocess.run(["pdftotext", "-layout", str(office_files.pdf), "-"], capture_output=True,
                            check=True).stdout.decode()
    pages = [p for p in layout.split("\f") if p.strip()]
    assert len(pages) >= 4
    # The last body line of page 1 ends mid-sentence; the reader carries it over.
    last = [line.strip() for line in pages[0].splitlines() if line.strip()][-2]
    assert last[-1] not in "。！？；："
    assert any(t.startswith("今天召开") and last in t for t in _read(office_files.pdf).texts)


def test_a_wps_named_docx_and_a_docx_named_doc_are_read_by_what_they_are(office_files, tmp_path):
    word = _read(office_files.docx).texts
    lying = tmp_path / "其实是doc.docx"
    lying.write_bytes(office_files.doc.read_bytes())
    assert read_document(lying).texts == word
    renamed = tmp_path / "其实是docx.doc"
    renamed.write_bytes(office_files.docx.read_bytes())
    assert read_document(renamed).texts == word
    pdf = tmp_path / "其实是pdf.doc"
    pdf.write_bytes(office_files.pdf.read_bytes())
    assert read_document(pdf).kind == "pdf"


# -- the commands ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["wps", "rtf", "pdf"])  # the readers' tests cover the rest
def test_outline_command_reads_office_files_and_pdf(office_files, capsys, suffix):
    assert main(["outline", str(office_files[suffix]), "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert _levels(tree) == _levels(_outline(office_files.docx))


def test_import_a_pdf_and_a_doc_into_templates(office_files, tmp_path, capsys):
    for suffix in ("pdf", "doc"):
        out = tmp_path / f"from-{suffix}.yaml"
        assert main(["import", str(office_files[suffix]), "-o", str(out)]) == 0
        assert "正本清源，筑牢思想根基" in out.read_text(encoding="utf-8")
    assert "已导入模板" in capsys.readouterr().err


def test_diff_of_the_docx_and_its_doc_odt_and_pdf_finds_no_change(office_files, capsys):
    for suffix in ("doc", "odt", "pdf"):
        assert main(["diff", str(office_files.docx), str(office_files[suffix])]) == 0
        assert "两稿相同" in capsys.readouterr().err


def test_check_reads_an_odt_and_a_pdf_and_refuses_to_fix_them(office_files, capsys):
    for suffix in ("odt", "pdf"):
        assert main(["check", str(office_files[suffix]), "--json"]) in (0, 1)
        json.loads(capsys.readouterr().out)
    assert main(["check", str(office_files.doc), "--fix"]) == 2
    err = capsys.readouterr().err
    assert "--fix 只能改写" in err and len(err.strip().splitlines()) == 1


def test_revise_from_a_doc_keeps_the_reviewers_tracked_change(tmp_path):
    draft = Draft(load_library()["work-style"])
    draft.facts.fill_examples()
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    editor = DocxEditor(buffer.getvalue())
    editor.replace("作风问题本质上是党性问题", "作风问题说到底是党性问题")
    doc = convert(editor.save(), "修改稿.docx", "doc")
    accepted, original = read_document(doc, "修改稿.doc"), read_document(doc, "修改稿.doc", as_original=True)
    assert accepted.tracked_changes == original.tracked_changes == 2  # a deletion and an insertion
    assert "说到底是党性问题" in accepted.text and "本质上是党性问题" not in accepted.text
    assert "本质上是党性问题" in original.text and "说到底是党性问题" not in original.text
    report = draft.revise(doc, "修改稿.doc")
    assert not report.unchanged and report.pending_total >= 1
    path = tmp_path / "d.json"
    draft.save(path)
    fresh = Draft(load_library()["work-style"])
    fresh.facts.fill_examples()
    fresh.save(tmp_path / "e.json")
    (tmp_path / "修改稿.wps").write_bytes(doc)
    assert main(["revise", str(tmp_path / "e.json"), str(tmp_path / "修改稿.wps"), "--accept-all"]) == 0
    assert "说到底是党性问题" in Draft.load(tmp_path / "e.json", load_library()).render("text")


# -- files that cannot be read ---------------------------------------------------------------


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temporary folder of its own for the conversions, to list before and after."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _listing(folder: Path) -> set[str]:
    # The conversion lock file stays by design (it is the lock, not a leftover).
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if not p.name.startswith("workbench-soffice-")}


def _system_leftovers() -> set[str]:
    return {p.name for p in Path("/tmp").iterdir() if p.name.startswith(("wb-office-", "lu"))}


def _encrypted_pdf(source: Path, folder: Path) -> Path:
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"mima"}}')
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", options, "--outdir", str(folder / "out"), str(source)],
                   capture_output=True, check=True, timeout=120)
    return folder / "out" / (source.stem + ".pdf")


@pytest.mark.parametrize(("name", "data", "words"), [
    ("坏文件.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "LibreOffice 无法转换此文件"),
    ("坏文件.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x5a" * 4000, "LibreOffice 无法转换此文件"),
    ("坏文件.rtf", b"{\\rtf1 \x00\x00\x00" + b"\xff" * 100, None),
    ("坏文件.pdf", b"%PDF-1.7\n" + b"\x00" * 300, "PDF 已损坏"),
    ("扫描件.pdf", None, "没有可提取的文字"),
])
def test_a_file_that_cannot_be_read_is_one_line_naming_it_and_leaves_nothing(
        private_tmp, tmp_path, capsys, name, data, words):
    path = tmp_path / name
    if data is None:  # a PDF with pages but no text: an empty document exported
        empty = tmp_path / "empty.docx"
        import docx

        docx.Document().save(empty)
        data = convert(empty.read_bytes(), "empty.docx", "pdf")
    path.write_bytes(data)
    before, system = _listing(private_tmp), _system_leftovers()
    code = main(["outline", str(path)])
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and name in err and "Traceback" not in err
    if words:
        assert words in err
    assert code == 2
    assert _listing(private_tmp) == before
    assert _system_leftovers() <= system


def test_an_encrypted_pdf_is_refused_in_one_line(office_files, tmp_path, capsys):
    pdf = _encrypted_pdf(office_files.docx, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert main(["import", str(pdf), "-o", str(tmp_path / "t.yaml")]) == 2
    err = capsys.readouterr().err
    assert "已加密" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "t.yaml").exists()


def test_a_conversion_over_its_time_is_one_line_and_leaves_nothing(office_files, private_tmp):
    before, system = _listing(private_tmp), _system_leftovers()
    with pytest.raises(SourceImportError, match="超时") as info:
        read_office(office_files.odt.read_bytes(), "慢.odt", "odt", timeout=0.3)
    assert str(info.value).startswith("慢.odt: ") and "\n" not in str(info.value)
    assert _listing(private_tmp) == before
    assert _system_leftovers() <= system
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(private_tmp) not in ps  # no soffice of this conversion still running


def test_without_libreoffice_or_poppler_one_line_says_what_is_missing(office_files, monkeypatch,
                                                                      tmp_path, capsys):
    monkeypatch.setenv("WORKBENCH_SOFFICE", str(tmp_path / "no-soffice"))
    monkeypatch.setenv("WORKBENCH_PDFTOTEXT", str(tmp_path / "no-pdftotext"))
    assert main(["outline", str(office_files.doc)]) == 2
    assert "未安装 LibreOffice" in capsys.readouterr().err
    assert main(["outline", str(office_files.pdf)]) == 2
    err = capsys.readouterr().err
    assert "未安装 poppler-utils" in err and len(err.strip().splitlines()) == 1
    # A .docx needs neither.
    assert main(["outline", str(office_files.docx)]) == 0


def test_a_pdf_without_first_line_indents_is_split_at_sentence_ends(tmp_path):
    # LibreOffice prints a text file flush left, one paragraph a line: no indent to go by.
    source = Path(__file__).resolve().parents[1] / "data" / "speeches" / "clean.txt"
    pdf = tmp_path / "无缩进.pdf"
    pdf.write_bytes(convert(source.read_bytes(), "clean.txt", "pdf"))
    text = read_document(source)
    assert read_document(pdf).texts == [t.strip() for t in text.texts if t.strip()]
    assert _outline(pdf) == parse_outline(text.paragraphs).to_json()


def test_a_pdf_is_read_up_to_its_page_limit_and_within_its_time(office_files, monkeypatch):
    from workbench.readers import pdf as pdf_reader

    whole = _read(office_files.pdf).texts
    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 1)
    first = pdf_reader.read_pdf(office_files.pdf.read_bytes(), "讲话.pdf").texts
    assert 3 <= len(first) < len(whole) and first[:3] == whole[:3]
    with pytest.raises(SourceImportError, match="读取 PDF 超时") as info:
        pdf_reader.read_pdf(office_files.pdf.read_bytes(), "讲话.pdf", timeout=0.001)
    assert str(info.value).startswith("讲话.pdf: ")
