"""`workbench check` and `workbench patterns`, run in-process: exit codes, JSON, --fix."""

from __future__ import annotations

import json

import pytest

from workbench import Draft, load_library
from workbench.cli import main

CLEAN = """\
在青山县冬春季安全生产工作会议上的讲话
（2026年12月1日）
同志们：
　　今天召开会议，主要是部署全县冬春季安全生产工作。下面，我讲两点意见。
一、认清形势，强化底线思维
　　（一）看清风险。冬春季用火用电增多，风险明显上升。
　　（二）看准短板。一些企业安全投入不足，隐患整改不够及时。
二、突出重点，狠抓隐患整改
　　（一）盯紧企业。要落实“两个必须”：必须全员培训、必须全面排查。
　　（二）盯紧场所。人员密集场所要逐一检查，发现问题立即整改。
　　同志们，安全生产责任重大。让我们扎实工作，确保青山县平安过冬！
　　谢谢大家！
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clean(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def test_a_clean_speech_exits_0(capsys, clean):
    code, out, err = run(capsys, "check", str(clean))
    assert (code, out) == (0, "")
    assert "未发现问题" in err


def test_a_flawed_speech_exits_1_and_names_line_and_rule(capsys, tmp_path):
    path = tmp_path / "old.txt"
    path.write_text(CLEAN.replace("两点意见", "三点意见").replace("确保青山县", "确保绿水县"),
                    encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    lines = out.strip().splitlines()
    assert f"{path}:4:" in lines[0] and ": count-mismatch: " in lines[0]
    assert any(": stale-fact: " in line and "绿水县" in line for line in lines)


def test_json_is_a_list_of_findings(capsys, tmp_path):
    path = tmp_path / "s.md"
    path.write_text("# " + CLEAN.replace("（二）看准短板", "（三）看准短板"), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list) and data
    # The keys of before, plus the word a finding is about (不再提示此词's key).
    assert set(data[0]) == {"rule", "message", "part", "paragraph", "offset", "severity", "term"}
    assert [d["rule"] for d in data] == ["numbering"]
    assert data[0]["severity"] == "error"  # a heading's ordinal: certain
    assert data[0]["paragraph"] == "7" and data[0]["part"] == "part1"


def test_json_of_a_clean_speech_is_an_empty_list(capsys, clean):
    code, out, _ = run(capsys, "check", str(clean), "--json")
    assert (code, json.loads(out)) == (0, [])


def test_place_and_minutes_options(capsys, clean):
    code, out, _ = run(capsys, "check", str(clean), "--place", "绿水县", "--json")
    assert code == 1 and {d["rule"] for d in json.loads(out)} == {"stale-fact"}
    code, out, _ = run(capsys, "check", str(clean), "--minutes", "15", "--json")
    assert code == 1 and [d["rule"] for d in json.loads(out)] == ["length"]
    code, out, _ = run(capsys, "check", str(clean), "--minutes", "1")
    assert code == 0


def test_fix_normalises_punctuation_and_keeps_the_rest(capsys, tmp_path):
    path = tmp_path / "gbk.txt"
    text = CLEAN.replace("今天召开会议，", "今天召开会议,").replace("“两个必须”", '"两个必须"')
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1 and out.count(": punctuation: ") == 2
    code, out, err = run(capsys, "check", str(path), "--fix")
    assert code == 0 and "已规范标点 2 处" in err
    data = path.read_bytes()
    assert data.decode("gb18030") == CLEAN.replace("\n", "\r\n")
    code, _, err = run(capsys, "check", str(path), "--fix")
    assert code == 0 and "没有需要规范的标点" in err


def test_fix_keeps_a_heading_separator_as_a_full_width_space(capsys, tmp_path):
    path = tmp_path / "pair.txt"
    path.write_text("一、认清形势 克服麻痹\n二、突出重点 消除隐患\n", encoding="utf-8")
    run(capsys, "check", str(path), "--fix")
    assert path.read_text(encoding="utf-8") == "一、认清形势\u3000克服麻痹\n二、突出重点\u3000消除隐患\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_fix_writes_back_in_the_file_s_own_encoding(capsys, tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(CLEAN.replace("今天召开会议，", "今天召开会议,").encode(encoding))
    code, _, err = run(capsys, "check", str(path), "--fix")
    assert code == 0 and "已规范标点 1 处" in err
    assert path.read_bytes() == CLEAN.encode(encoding)


def test_a_zip_bomb_named_docx_is_refused(capsys, tmp_path):
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", " " * (120 * 2**20))
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (2, "")
    assert "压缩炸弹" in err and err.count("\n") == 1


def test_a_word_file_is_read_and_fixed(capsys, tmp_path):
    import docx

    path = tmp_path / "s.docx"
    document = docx.Document()
    for line in CLEAN.replace("今天召开会议，", "今天召开会议,").splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 1 and [d["rule"] for d in json.loads(out)] == ["punctuation"]
    assert json.loads(out)[0]["paragraph"] == "4"
    code, _, _ = run(capsys, "check", str(path), "--fix")
    assert code == 0
    assert "今天召开会议，" in "".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_a_draft_is_checked_against_its_own_facts_and_target(capsys, tmp_path):
    library = load_library()
    draft = Draft(library["work-safety-plenary"])
    draft.facts.fill_examples()
    path = tmp_path / "d.json"
    draft.save(path)
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert {d["rule"] for d in json.loads(out)} <= {"long-sentence", "heading-parallel", "repeated-phrase"}
    draft.set_edit("opening.0", "当前，绿水县正值春季复工复产的关键时期,各类风险交织。")
    draft.save(path)
    code, out, _ = run(capsys, "check", str(path), "--json")
    found = {(d["rule"], d["paragraph"]) for d in json.loads(out)}
    assert code == 1
    assert {("stale-fact", "opening.0"), ("punctuation", "opening.0")} <= found
    code, out, _ = run(capsys, "check", str(path), "--fix", "--json")
    assert ("punctuation", "opening.0") not in {(d["rule"], d["paragraph"]) for d in json.loads(out)}
    assert "关键时期，各类风险" in Draft.load(path, library).render("text")


@pytest.mark.parametrize(("name", "content", "words"), [
    ("missing.txt", None, "不存在"),
    ("speech.pdf", b"%PDF-1.4", "PDF 已损坏"),
    ("speech.pages", b"PK\x03\x04", "不支持"),
    ("empty.txt", b"  \n\n", "空"),
    ("binary.txt", b"\x00\x01\x02", "不是文本"),
    ("latin.txt", b"\xff\xfe\xfa\xfb\x81\x30\xff", "编码"),
    ("broken.json", b"{\"format\": ", "损坏"),
    ("other.json", b"{\"a\": 1}", "不是讲稿工作台的草稿"),
    ("broken.docx", b"PK\x03\x04 not really", "Word"),
])
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_option_exits_2(capsys, clean):
    assert run(capsys, "check", str(clean), "--minutes", "-3")[0] == 2
    assert run(capsys, "check", str(clean), "--rule", "nonsense")[0] == 2


def test_rule_option_limits_the_checks(capsys, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(CLEAN.replace("今天召开会议，", "今天召开会议,").replace("两点意见", "三点意见"),
                    encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--rule", "punctuation", "--json")
    assert code == 1 and {d["rule"] for d in json.loads(out)} == {"punctuation"}


def test_patterns_lists_id_name_applies_to_and_sample(capsys):
    code, out, _ = run(capsys, "patterns")
    assert code == 0
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert all(len(row) == 4 and all(row) for row in rows)
    by_id = {row[0]: row for row in rows}
    assert len([r for r in rows if r[2] == "部分（分论点）"]) >= 8
    assert by_id["slogan"][1] == "数字概括" and "“三个到位”" in by_id["slogan"][3]
    assert by_id["situation"][2] == "开头" and by_id["outlook"][2] == "结尾"
    assert by_id["triple"][2] == "一级标题组"


def test_patterns_json_and_filter(capsys):
    code, out, _ = run(capsys, "patterns", "--applies-to", "closing", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == ["call", "demands", "outlook"]
