"""`workbench outline` and `workbench import`, in-process: JSON shape, round trip, exit codes."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from workbench import Draft, load_template
from workbench.cli import main
from workbench.core.punctuation import normalize_punctuation
from workbench.readers import MAX_DOCX_BYTES, MAX_TEXT_BYTES

SPEECHES = Path(__file__).resolve().parents[1] / "data" / "speeches"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def squash(text: str) -> str:
    return re.sub(r"[\s#*]+", "", normalize_punctuation(text))


def test_outline_json_has_the_documented_shape(capsys):
    code, out, err = run(capsys, "outline", SPEECHES / "web_pasted.txt", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["title", "subtitle", "speaker_line", "salutation", "opening", "parts",
                          "closing", "unplaced", "ignored"]
    assert data["title"] == "凝心聚力抓落实奋楫争先开新局"
    assert data["subtitle"] == "在白沙市2026年优化营商环境推进大会上的讲话"
    assert data["speaker_line"] == "王强（2026年1月31日）"
    assert data["salutation"] == "同志们："
    assert [p["heading"] for p in data["parts"]] == [
        "深化改革，持续打造高效便捷的政务环境", "守正创新，着力营造公平公正的法治环境"]
    point = data["parts"][0]["points"][0]
    assert set(point) == {"heading", "text", "items"}
    assert point["heading"] == "推进审批服务提速增效"
    assert point["items"][0] == {"key": "压减审批环节", "text": "凡是没有法律法规依据的证明材料，一律取消。"}
    assert data["parts"][1]["points"][0]["items"] == []
    assert data["closing"].endswith("谢谢大家！")
    assert data["unplaced"] == []
    assert any("责任编辑" in t for t in data["ignored"])
    assert "正文以外忽略" in err


def test_outline_json_absent_parts_are_null_or_empty(capsys, tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("今天的会开得很好。大家辛苦了。", encoding="utf-8")
    code, out, _ = run(capsys, "outline", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] is None and data["salutation"] is None and data["closing"] is None
    assert data["parts"] == [] and data["unplaced"] == [] and data["ignored"] == []


def test_outline_tree(capsys):
    code, out, _ = run(capsys, "outline", SPEECHES / "deeper_levels.md")
    assert code == 0
    lines = out.splitlines()
    assert "一、统一思想认识，把准安全形势" in lines
    assert "  1.认清风险挑战" in lines
    assert "    （1）〖存量风险尚未出清〗：部分企业隐患整改不彻底，存在反弹现象。" in lines
    assert "  （一）完善责任体系〔单列〕" in lines
    assert lines[-1].startswith("〔识别出 3 个部分、7 个分论点")


def _import(capsys, tmp_path, name, *extra):
    target = tmp_path / "imported.yaml"
    code, _, err = run(capsys, "import", SPEECHES / name, "-o", target, *extra)
    assert code == 0, err
    return target, err


@pytest.mark.parametrize("name", ["clean.txt", "web_pasted.txt", "single_line.txt", "deeper_levels.md"])
def test_import_then_build_with_the_examples_gives_back_the_speech(capsys, tmp_path, name):
    target, err = _import(capsys, tmp_path, name, "--id", "my-speech")
    assert "已导入模板“my-speech”" in err
    template = load_template(target)  # the same validation as the shipped templates
    assert template.id == "my-speech"
    draft = Draft(template)
    draft.facts.fill_examples()
    rebuilt = squash(draft.render("text"))
    _, out, _ = run(capsys, "outline", SPEECHES / name, "--json")
    original = squash((SPEECHES / name).read_text(encoding="utf-8"))
    for ignored in json.loads(out)["ignored"]:
        original = original.replace(squash(ignored), "", 1)
    assert rebuilt == original


def test_import_then_build_through_the_cli(capsys, tmp_path):
    _import(capsys, tmp_path, "clean.txt", "--id", "forest-fire")
    code, out, _ = run(capsys, "--templates", tmp_path, "facts", "forest-fire", "--example")
    assert code == 0
    facts = tmp_path / "facts.yaml"
    facts.write_text(out.replace("青山县", "红河市"), encoding="utf-8")
    speech = tmp_path / "speech.txt"
    code, _, err = run(capsys, "--templates", tmp_path, "build", "forest-fire", "--facts", facts,
                       "-o", speech)
    assert code == 0, err
    text = speech.read_text(encoding="utf-8")
    assert "青山" not in text
    assert "在红河市2026年森林防灭火工作会议上的讲话" in text
    assert "红河人民" in text and "我红河市发展" in text


def test_import_facts_are_local_specifics(capsys, tmp_path):
    target, err = _import(capsys, tmp_path, "web_pasted.txt")
    template = load_template(target)
    assert template.id == "imported"  # from the output file's name
    facts = {f.id: f for f in template.facts}
    assert facts["place"].example == "白沙市"
    assert str(facts["date"].example) == "2026-01-31"
    assert "meeting" not in facts  # named in the title only: kept as text
    assert "2026年优化营商环境推进大会" in template.title.source
    assert {f.example for f in template.facts if f.id.startswith("figure_")} >= {18650, 2340, 98.5, 1.2}
    assert [f.example for f in template.facts if f.id.startswith("company_")] == ["金鹰电子有限公司"]
    assert "要素：地名（place）" in err
    yaml_text = target.read_text(encoding="utf-8")
    assert "白沙" not in yaml_text.split("facts:")[0] + yaml_text.split("openings:")[1]


def test_import_to_stdout(capsys):
    code, out, _ = run(capsys, "import", SPEECHES / "clean.txt", "-o", "-")
    assert code == 0
    assert out.startswith("id: imported-speech\n")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bomb.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b" " * (150 * 2**20)}),
         "压缩炸弹"),
        ("ratio.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"a" * (30 * 2**20)}),
         "压缩"),
        ("big.txt", b"a" * (MAX_TEXT_BYTES + 10), "过大"),
        ("big.docx", b"PK\x03\x04" + b"\x00" * (MAX_DOCX_BYTES + 10), "过大"),
        ("fake.docx", "同志们：这不是 Word 文档。".encode(), "不是 Word 文档"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "不是文本文件"),
        ("zip.txt", _zip({"a.txt": b"x"}), "压缩包"),
        ("speech.pdf", b"%PDF-1.7", "PDF 已损坏"),
        ("speech.pages", b"PK\x03\x04", "不支持的文件类型"),
        ("speech.doc", "同志们：这不是 Word 文档。".encode(), "内容却不是 Word 或 WPS 文档"),
        ("empty.txt", b"", "没有文字"),
    ],
)
@pytest.mark.parametrize("command", ["outline", "import"])
def test_bad_files_exit_2_with_one_chinese_line(capsys, tmp_path, command, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    argv = [command, path] + (["-o", tmp_path / "out.yaml"] if command == "import" else [])
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("错误：")
    assert words in err
    assert not (tmp_path / "out.yaml").exists()


def test_missing_file_and_bad_id_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "outline", tmp_path / "nope.txt")
    assert code == 2 and "不存在" in err
    code, _, err = run(capsys, "import", SPEECHES / "clean.txt", "-o", tmp_path / "t.yaml",
                       "--id", "Bad Id")
    assert code == 2 and "模板标识" in err


def test_outline_of_a_docx_matches_its_text(capsys, tmp_path):
    import docx

    text = (SPEECHES / "clean.txt").read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "speech.docx"
    document.save(path)
    code, from_docx, _ = run(capsys, "outline", path, "--json")
    assert code == 0
    _, from_text, _ = run(capsys, "outline", SPEECHES / "clean.txt", "--json")
    assert json.loads(from_docx) == json.loads(from_text)
    code, _, err = run(capsys, "import", path, "-o", tmp_path / "speech.yaml")
    assert code == 0, err
    assert load_template(tmp_path / "speech.yaml").id == "speech"
