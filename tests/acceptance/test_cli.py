"""The CLI, run in-process through main(argv): contracts and exit codes."""

from __future__ import annotations

import pytest

from workbench.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_lists_id_tab_title(capsys):
    code, out, _ = run(capsys, "templates")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) >= 5
    assert all(len(line.split("\t")) == 2 for line in lines)
    assert any(line.startswith("work-safety-plenary\t") for line in lines)


def test_facts_example_then_build_every_format(capsys, tmp_path):
    code, out, _ = run(capsys, "facts", "work-safety-plenary", "--example")
    assert code == 0
    facts = tmp_path / "f.yaml"
    facts.write_text(out, encoding="utf-8")
    for suffix in (".txt", ".md", ".html"):
        target = tmp_path / f"speech{suffix}"
        code, _, err = run(capsys, "build", "work-safety-plenary", "--facts", str(facts),
                           "-o", str(target))
        assert code == 0, err
        assert "青山县" in target.read_text(encoding="utf-8")


def test_facts_lists_the_schema(capsys):
    code, out, _ = run(capsys, "facts", "work-safety-plenary")
    assert code == 0
    assert "- id: place" in out and "label:" in out and "type:" in out


def test_missing_required_fact_exits_2_naming_it(capsys, tmp_path):
    target = tmp_path / "s.txt"
    code, _, err = run(capsys, "build", "work-safety-plenary", "-o", str(target))
    assert code == 2
    assert "place" in err and "地名" in err
    assert not target.exists()
    code, _, _ = run(capsys, "build", "work-safety-plenary", "--allow-missing", "-o", str(target))
    assert code == 0
    assert "【" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("facts", "words"),
    [
        ("place: [unclosed\n", "YAML"),
        ("- a\n- b\n", "映射"),
        ("place: 青山县\nhazards_found: 很多\n", "f.yaml:2"),
    ],
)
def test_bad_facts_file_exits_2_with_one_line(capsys, tmp_path, facts, words):
    path = tmp_path / "f.yaml"
    path.write_text(facts, encoding="utf-8")
    code, _, err = run(capsys, "build", "work-safety-plenary", "--facts", str(path), "-o",
                       str(tmp_path / "s.txt"))
    assert code == 2
    assert words in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_template_exits_2(capsys):
    code, _, err = run(capsys, "facts", "no-such-template")
    assert code == 2
    assert "no-such-template" in err and "Traceback" not in err


def test_missing_facts_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "build", "work-safety-plenary", "--facts",
                       str(tmp_path / "none.yaml"), "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "none.yaml" in err


def test_variants_writes_the_review_sheet_of_a_template(capsys, tmp_path):
    from workbench.cli import main

    out = tmp_path / "审读稿.md"
    assert main(["variants", "work-safety-plenary", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# 审读稿：")
    for title in ("## 默认组稿（示例要素）", "## 开头", "### 形势分析式（situation）",
                  "### 开门见山式（direct）", "## 结尾", "### 要求式（demands）",
                  "## 各部分的句式", "#### 排比（parallel）", "#### 数字概括（slogan）",
                  "#### 对比（contrast）", "## 边界值", "### 下限", "### 上限"):
        assert title in headings, title
    assert "全区" in text and "全市" in text and "上升8%" in text
    assert "【" not in text.split("## 默认组稿")[1].split("## 边界值")[0]
    assert main(["variants", "no-such-template"]) == 2
    assert "no-such-template" in capsys.readouterr().err


def test_patterns_for_a_template_lists_only_the_forms_each_part_offers(capsys):
    from workbench.cli import main

    assert main(["patterns", "--template", "work-style"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.strip().splitlines()]
    by_part: dict[str, set[str]] = {}
    for part, _title, form, _label in rows:
        by_part.setdefault(part, set()).add(form)
    assert by_part["mechanisms"] >= {"runin", "enumeration", "parallel", "contrast"}
    assert "slogan" not in by_part["mechanisms"] and "escalation" not in by_part["awareness"]
    assert "contrast" not in by_part["awareness"]
