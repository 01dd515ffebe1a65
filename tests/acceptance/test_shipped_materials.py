"""The shipped bank (materials/), the `workbench materials` CLI, the lazy API and start-up."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections import Counter

import pytest

import workbench
from tests.conftest import ROOT
from workbench.cli import main
from workbench.core.checks import check_text
from workbench.core.materials import FORMS, SHIPPED_DIR, SLOTS, TOPICS, check_dir
from workbench.core.numbering import chinese_numeral
from workbench.core.punctuation import normalize_punctuation

#: Each form and each topic the bank must hold at least this often.
MIN_PER_FORM, MIN_PER_TOPIC, MIN_TOTAL = 30, 40, 600


@pytest.fixture(scope="module")
def shipped():
    return check_dir(SHIPPED_DIR)


def _normal(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff]", "", text)


def _bigrams(text: str) -> frozenset[str]:
    text = _normal(text)
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def test_the_bank_is_found_the_way_templates_are():
    assert SHIPPED_DIR == ROOT / "materials"


def test_counts_per_form_and_topic(shipped):
    assert len(shipped) >= MIN_TOTAL
    forms = Counter(m.form.id for m in shipped)
    topics = Counter(t for m in shipped for t in m.topics)
    assert {f.id: forms[f.id] for f in FORMS if forms[f.id] < MIN_PER_FORM} == {}
    assert {t: topics[t] for t in TOPICS if topics[t] < MIN_PER_TOPIC} == {}


def test_no_two_entries_are_duplicates_or_near_identical(shipped):
    texts = Counter(_normal(m.text) for m in shipped)
    assert [t for t, n in texts.items() if n > 1] == []
    grams = [(m.id, _bigrams(m.text)) for m in shipped]
    close = [(a, b, round(len(x & y) / len(x | y), 2))
             for (a, x), (b, y) in itertools.combinations(grams, 2)
             if x and y and len(x & y) / len(x | y) >= 0.45]
    assert close == []


def test_heading_sets_are_parallel_for_the_heading_check(shipped):
    broken = {}
    for material in (m for m in shipped if m.is_heading_set):
        lines = ["在某县工作会议上的讲话", "同志们：", "下面，我讲几点意见。"]
        for n, heading in enumerate(material.headings, 1):
            lines += [f"{chinese_numeral(n)}、{heading}", "要抓好各项工作。"]
        found = [f.message for f in check_text("\n".join(lines)) if f.rule == "heading-parallel"]
        if found:
            broken[material.id] = found
    assert broken == {}


def test_texts_read_like_the_genre(shipped):
    assert [m.id for m in shipped if normalize_punctuation(m.text) != m.text] == []
    # no final full stop (the writer's sentence goes on), no half-width text, no placeholders
    assert [m.id for m in shipped if m.text.endswith("。")] == []
    assert [m.id for m in shipped if re.search(r"××|XX|某某", m.text)] == []
    assert {name for m in shipped for name in m.slot_names} <= set(SLOTS) | {"parts_count"}
    # openings and closings name their kind from the pattern catalogue
    kinds = {m.kind for m in shipped if m.form.id in ("opening", "closing")}
    assert kinds == {"situation", "direct", "review", "call", "demands", "outlook"}


def test_quotations_of_classics_give_their_source(shipped):
    quoted = [m for m in shipped if m.form.id == "quotation" and "“" in m.text
              and "{{" not in m.text and "古人讲“天人合一”" not in m.text]
    assert quoted and [m.id for m in quoted if not m.source] == []


# -- the CLI ---------------------------------------------------------------------------------


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_prints_id_form_text_lines(capsys):
    code, out, _ = run(capsys, "materials", "search", "安全", "--limit", "5")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 5
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 3 for r in rows) and all("安全" in r[2] for r in rows)


def test_search_by_initials_with_filters_and_json(capsys):
    code, out, _ = run(capsys, "materials", "search", "aqsc", "--form", "过渡", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(r["form"] == "过渡" and "安全生产" in r["text"] for r in rows)
    assert {"id", "form", "topics", "text", "file", "line"} <= set(rows[0])
    code, out, _ = run(capsys, "materials", "search", "--topic", "防汛", "--form", "标题组")
    assert code == 0 and all("\t标题组\t" in line for line in out.strip().splitlines())


def test_search_ranks_the_templates_topic_first(capsys):
    code, out, _ = run(capsys, "materials", "search", "责任", "--template", "flood-season",
                       "--json", "--limit", "3")
    assert code == 0 and all("防汛" in r["topics"] for r in json.loads(out))


@pytest.mark.parametrize("argv", [
    ("materials", "search", "安全", "--form", "排列"),
    ("materials", "search", "安全", "--template", "nope"),
    ("materials", "search", "安全", "--limit", "0"),
    ("materials",),
])
def test_bad_search_input_exits_2_with_one_chinese_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_check_passes_the_shipped_bank(capsys):
    code, out, _ = run(capsys, "materials", "check", str(SHIPPED_DIR))
    assert code == 0 and "校验通过" in out


def test_check_names_file_line_and_field_and_exits_2(capsys, tmp_path):
    (tmp_path / "office.yaml").write_text(
        "materials:\n  - id: a\n    form: 排比\n    topics: [通用]\n    txt: 好\n", encoding="utf-8")
    code, out, err = run(capsys, "materials", "check", str(tmp_path))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"错误：{tmp_path / 'office.yaml'}:5: 未知字段“txt”（字段 materials[0].txt）"]
    code, _, err = run(capsys, "materials", "check", str(tmp_path / "none"))
    assert code == 2 and "素材目录不存在" in err


# -- the Python API and start-up -----------------------------------------------------------


def test_the_python_api_searches_checks_and_loads():
    library = workbench.load_library()
    hits = workbench.search_materials("防汛 转移", template=library["flood-season"], limit=3)
    assert hits and hits[0].preferred and "转移" in hits[0].material.text
    assert len(workbench.check_materials(SHIPPED_DIR)) >= MIN_TOTAL
    assert isinstance(workbench.load_materials(user=False), workbench.MaterialBank)
    assert issubclass(workbench.MaterialError, workbench.TemplateError)


def test_the_app_starts_without_the_bank_or_jieba():
    code = ("import sys, workbench, workbench.ui.app\n"
            "from workbench.ui import build_app\n"
            "build_app()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'pypinyin')\n"
            "      or m.startswith('workbench.core.materials')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_the_first_search_loads_jieba_quietly():
    code = ("import sys\nfrom workbench.core.materials import load_bank\n"
            "bank = load_bank(user=False)\nassert 'jieba' not in sys.modules\n"
            "bank.search('', form='排比')\nassert 'jieba' not in sys.modules\n"
            "print(len(bank.search('压实责任')), len(bank.search('aqsc')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stderr == ""
    assert all(int(n) > 0 for n in out.stdout.split())


def test_the_materials_bench_group_runs(tmp_path):
    out = tmp_path / "results.json"
    run_ = subprocess.run([sys.executable, "-m", "bench", "--quick", "--only", "materials",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=240)
    assert run_.returncode == 0, run_.stderr[-3000:]
    figures = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))["figures"]}
    assert {"materials.first_use.shipped", "materials.index.shipped",
            "materials.search.2k"} <= set(figures)
    assert all(f["value"] > 0 for f in figures.values())
