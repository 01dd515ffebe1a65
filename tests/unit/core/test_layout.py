"""Layout profiles: the GB/T 9704 defaults, YAML loading, and errors naming line and field."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import ROOT
from workbench.core.layout import GBT9704_SPEECH, LayoutProfile, load_layout, parse_layout
from workbench.errors import TemplateSyntaxError


class TestDefaults:
    def test_standard_page(self):
        p = GBT9704_SPEECH
        assert (p.page_width_mm, p.page_height_mm) == (210, 297)
        assert (p.margin_top_mm, p.margin_bottom_mm, p.margin_left_mm, p.margin_right_mm) == (37, 35, 28, 26)
        assert (p.type_width_mm, p.type_height_mm) == (156, 225)

    def test_grid_figures(self):
        p = GBT9704_SPEECH
        assert round(p.line_spacing_pt * 20) == 579
        assert 22 * p.line_spacing_pt <= p.type_height_mm / 25.4 * 72 < 23 * p.line_spacing_pt
        assert p.char_spacing_pt == -0.25

    def test_fonts_and_sizes(self):
        p = GBT9704_SPEECH
        assert p.fangsong_fonts[:2] == ("仿宋_GB2312", "仿宋")
        assert p.kaiti_fonts[0] == "楷体_GB2312"
        assert p.title_fonts[0] == "方正小标宋简体"
        assert (p.title_size_pt, p.body_size_pt, p.page_number_size_pt) == (22, 16, 14)
        assert p.latin_font == "Times New Roman"

    def test_footer_distance_puts_the_number_7_mm_below_the_type_area(self):
        p = GBT9704_SPEECH
        assert p.footer_distance_mm == pytest.approx(35 - 7 - 14 / 72 * 25.4 / 2)

    def test_compensated_margins(self):
        p = LayoutProfile(compensated_margins=True)
        assert p.word_margins_mm == pytest.approx((34.58, 32.58, 28, 26))
        assert GBT9704_SPEECH.word_margins_mm == (37, 35, 28, 26)

    def test_profiles_are_frozen_and_hashable(self):
        with pytest.raises(AttributeError):
            GBT9704_SPEECH.margin_top_mm = 30  # type: ignore[misc]
        assert hash(LayoutProfile()) == hash(GBT9704_SPEECH)


class TestParsing:
    def test_empty_file_is_the_standard(self):
        assert parse_layout("") == GBT9704_SPEECH
        assert parse_layout("# 只有注释\n") == GBT9704_SPEECH

    def test_fields_and_fonts(self):
        profile = parse_layout(textwrap.dedent("""\
            name: 本单位
            margin_top_mm: 36
            line_spacing_pt: 29
            page_numbers_centred: true
            date_in_chinese_numerals: true
            fonts:
              fangsong: 仿宋
              kaiti: [楷体, KaiTi]
              latin: Times New Roman
            """))
        assert profile.name == "本单位"
        assert profile.margin_top_mm == 36.0 and isinstance(profile.margin_top_mm, float)
        assert profile.line_spacing_pt == 29
        assert profile.page_numbers_centred and profile.date_in_chinese_numerals
        assert profile.fangsong_fonts == ("仿宋",)
        assert profile.kaiti_fonts == ("楷体", "KaiTi")
        assert profile.heiti_fonts == GBT9704_SPEECH.heiti_fonts

    def test_fewer_characters_a_line_widen_the_spacing(self):
        assert parse_layout("chars_per_line: 26").char_spacing_pt > 0

    @pytest.mark.parametrize("path", sorted((ROOT / "layouts").glob("*.yaml")), ids=lambda p: p.name)
    def test_shipped_layouts_load(self, path):
        profile = load_layout(path)
        assert profile != GBT9704_SPEECH
        assert profile.name

    def test_shipped_fallback_profile(self):
        profile = load_layout(ROOT / "layouts" / "fangsong-fallback.yaml")
        assert profile.fangsong_fonts[0] == "仿宋" and profile.kaiti_fonts[0] == "楷体"
        assert profile.compensated_margins


# (YAML, line, field, words in the message)
ERRORS = [
    ("margin_top_mm: 37\nmargin_tpo_mm: 30\n", 2, "margin_tpo_mm", "margin_top_mm"),
    ("margin_top_mm: 三十七\n", 1, "margin_top_mm", "毫米"),
    ("margin_top_mm: 370\n", 1, "margin_top_mm", "0 到 100"),
    ("body_size_pt: true\n", 1, "body_size_pt", "数字"),
    ("chars_per_line: 28.5\n", 1, "chars_per_line", "整数"),
    ("page_numbers_centred: 是\n", 1, "page_numbers_centred", "true"),
    ("name: ''\n", 1, "name", "非空"),
    ("fonts:\n  fangsong: [仿宋, 12]\n", 2, "fonts.fangsong", "字体名"),
    ("fonts:\n  fangsong:\n    - 仿宋\n    - ''\n", 4, "fonts.fangsong", "字体名"),
    ("fonts:\n  songti: 宋体\n  mingti: 明体\n", 3, "fonts.mingti", "fangsong"),
    ("fonts: 仿宋\n", 1, "fonts", "映射"),
    ("fonts:\n  fangsong: '<仿宋>'\n", 2, "fonts.fangsong", "不允许"),
    ("fonts:\n  fangsong: []\n", 2, "fonts.fangsong", "字体名"),
    ("margin_left_mm: 90\nmargin_right_mm: 80\n", 1, "margin_left_mm", "版心"),
    ("chars_per_line: 40\n", 1, "chars_per_line", "排不进"),
    ("- margin_top_mm: 37\n", 1, None, "映射"),
    ("margin_top_mm: [37\n", 2, None, "YAML"),
    ("a: &x 1\nb: *x\n", 1, None, "锚点"),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), ERRORS)
def test_errors_name_file_line_and_field(text, line, field, words):
    with pytest.raises(TemplateSyntaxError) as info:
        parse_layout(text, "unit.yaml")
    err = info.value
    assert (err.path, err.line, err.field) == ("unit.yaml", line, field)
    message = str(err)
    assert message.startswith(f"unit.yaml:{line}: ")
    assert words in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(TemplateSyntaxError) as info:
        load_layout(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(info.value) and "无法读取" in str(info.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("name: 本单位".encode("gbk"))
    with pytest.raises(TemplateSyntaxError):
        load_layout(path)


def test_core_layout_does_not_import_docx():
    import subprocess
    import sys

    code = "import sys, workbench.core.layout; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_single_font_name_means_a_list_of_one():
    assert LayoutProfile(fangsong_fonts="仿宋").fangsong_fonts == ("仿宋",)  # type: ignore[arg-type]
    assert LayoutProfile(kaiti_fonts=["楷体", "KaiTi"]).kaiti_fonts == ("楷体", "KaiTi")  # type: ignore[arg-type]


@pytest.mark.parametrize("kwargs", [{"fangsong_fonts": ()}, {"heiti_fonts": ("",)}, {"latin_font": ""},
                                    {"chars_per_line": 0}])
def test_impossible_profiles_are_refused(kwargs):
    with pytest.raises(ValueError):
        LayoutProfile(**kwargs)
