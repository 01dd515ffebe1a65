"""Word renderer: the file's XML, read back through the style chain, against GB/T 9704."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from tests.support.docx_reader import Reader, open_docx, part_names, twips_to_mm
from workbench.core.layout import GBT9704_SPEECH
from workbench.core.nodes import (
    Document,
    Heading,
    Paragraph,
    RunIn,
    Salutation,
    Slot,
    SpeakerLine,
    Strong,
    Text,
    Title,
)
from workbench.renderers.word import render_docx
from workbench.renderers.word.writer import chinese_date

FANGSONG, KAITI, HEITI, XBS = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"


def speech(*blocks, title="在青山县安全生产工作会议上的讲话", speaker=True, salutation="同志们："):
    """Return a Document with a title, speaker line, salutation and `blocks`."""
    return Document(
        title=Title((Text(title),)),
        speaker_line=SpeakerLine((Text("县委书记　李志远（2026年3月6日）"),)) if speaker else None,
        salutation=Salutation((Text(salutation),)) if salutation else None,
        blocks=tuple(blocks),
    )


SAMPLE = speech(
    Paragraph((Text("今年排查隐患1260处，整改率98.5%，守住“底线”——不碰“红线”……"),)),
    Heading(1, "一、", (Text("提高站位，强化责任意识，坚决守牢安全底线"),)),
    Paragraph((RunIn("h2", "（一）", (Text("压紧压实责任链条"), Text("。"))),
               Text("责任是安全的生命线。"))),
    Paragraph((RunIn("item", "一是", (Text("压实属地责任"),)), Text("。各乡镇要守土尽责。"))),
    Paragraph((RunIn("h3", "1.", (Text("强化考核问责。"),)), Text("要严格考核。"))),
    Paragraph((RunIn("connective", "首先，", (Text("紧盯重点行业。"),)), Text("要盯住危化品。"))),
    Heading(2, "（二）", (Text("紧盯关键时间节点"),)),
    Paragraph((Text("地点在"), Slot("place", "地名"), Text("，要"), Strong((Text("加大投入"),)),
               Text("。"))),
)


def export(document=SAMPLE, layout=None) -> bytes:
    buffer = io.BytesIO()
    render_docx(document, buffer, layout=layout)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def reader():
    return Reader(open_docx(export()))


def find(reader, text):
    """Return the first body paragraph whose text contains `text`."""
    return next(p for p in reader.paragraphs() if text in reader.text(p))


def run_with(reader, paragraph, text):
    """Return the run of `paragraph` whose text contains `text`."""
    return next(r for r in reader.runs(paragraph) if text in r.text)


class TestPage:
    def test_a4_portrait_with_standard_margins(self, reader):
        page = reader.page()
        assert (page["width"], page["height"], page["orient"]) == (11906, 16838, "portrait")
        margins = [round(twips_to_mm(page[k]), 1) for k in ("top", "bottom", "left", "right")]
        assert margins == [37.0, 35.0, 28.0, 26.0]
        assert page["gutter"] == 0

    def test_line_grid_at_the_body_line_pitch(self, reader):
        page = reader.page()
        assert (page["grid_type"], page["line_pitch"]) == ("lines", 579)

    def test_22_lines_fit_the_type_area(self, reader):
        page = reader.page()
        type_height = page["height"] - page["top"] - page["bottom"]
        assert 22 * page["line_pitch"] <= type_height < 23 * page["line_pitch"]

    def test_compensated_margins_move_top_and_bottom_in(self):
        layout = replace(GBT9704_SPEECH, compensated_margins=True)
        page = Reader(open_docx(export(layout=layout))).page()
        assert round(twips_to_mm(page["top"]), 2) == pytest.approx(34.58, abs=0.02)
        assert round(twips_to_mm(page["bottom"]), 2) == pytest.approx(32.58, abs=0.02)
        assert round(twips_to_mm(page["left"]), 1) == 28.0

    def test_mirror_margins_option(self):
        layout = replace(GBT9704_SPEECH, mirror_margins=True)
        assert Reader(open_docx(export(layout=layout))).setting("mirrorMargins") is not None
        assert Reader(open_docx(export())).setting("mirrorMargins") is None


# (paragraph text, style name, East Asian font, size pt, alignment, first-line chars, bold)
LAYOUT_TABLE = [
    ("在青山县安全生产工作会议上的讲话", "Title", XBS, 22, "center", 0, False),
    ("县委书记", "讲话人题注", KAITI, 16, "center", 0, False),
    ("同志们：", "称谓", FANGSONG, 16, "left", 0, False),
    ("今年排查隐患", "Normal", FANGSONG, 16, "both", 200, False),
    ("一、提高站位", "一级标题", HEITI, 16, "both", 200, False),
    ("（二）紧盯关键", "二级标题", KAITI, 16, "both", 200, False),
]


class TestStyles:
    @pytest.mark.parametrize(("text", "style", "font", "size", "jc", "indent", "bold"), LAYOUT_TABLE)
    def test_element_layout(self, reader, text, style, font, size, jc, indent, bold):
        p = find(reader, text)
        run = run_with(reader, p, text[:2])
        assert reader.style_name(reader.style_id(p)) == style
        assert reader.east_asian_font(run.element, p) == font
        assert reader.latin_font(run.element, p) == "Times New Roman"
        assert reader.size_pt(run.element, p) == size
        assert reader.run_attr(run.element, p, "color") == "000000"
        assert reader.para_attr(p, "jc") == jc
        assert reader.first_line_indent(p)[0] == indent
        assert reader.run_flag(run.element, p, "b") is bold

    def test_every_style_names_all_fonts_size_and_colour(self, reader):
        for style_id in ("Normal", "Title", "SpeakerLine", "Salutation", "Level1", "Level2",
                         "Level3", "Level4", "Footer"):
            style = reader.styles[style_id]
            fonts = style.find("{*}rPr/{*}rFonts")
            assert fonts is not None, style_id
            for slot in ("ascii", "hAnsi", "eastAsia"):
                assert fonts.get(f"{{{fonts.nsmap['w']}}}{slot}"), (style_id, slot)
        assert reader.theme_attributes() == []

    def test_no_default_template_leftovers(self):
        data = export()
        names = part_names(data)
        assert not any("stylesWithEffects" in n or "customXml" in n or "thumbnail" in n
                       for n in names)
        reader = Reader(open_docx(data))
        assert "Heading1" not in reader.styles
        styles_xml = reader.styles_element.xml if hasattr(reader.styles_element, "xml") else ""
        assert "4F81BD" not in styles_xml and "365F91" not in styles_xml  # the blue headings

    def test_defaults_are_chinese_and_black(self, reader):
        lang = reader.default_rpr.find("{*}lang")
        assert lang.get(lang.tag.replace("lang", "eastAsia")) == "zh-CN"
        assert reader.default_rpr.find("{*}color").get(lang.tag.replace("lang", "val")) == "000000"

    def test_styles_a_writer_keeps_editing_with(self, reader):
        names = {reader.style_name(sid) for sid in reader.styles}
        assert {"Normal", "Title", "讲话人题注", "称谓", "一级标题", "二级标题", "三级标题",
                "四级标题", "段首标题"} <= names
        for style_id in ("Level1", "Level2", "Level3"):
            assert reader.styles[style_id].find("{*}pPr/{*}outlineLvl") is not None

    def test_level3_is_bold_fangsong_unless_the_profile_says_otherwise(self):
        doc = speech(Heading(3, "1.", (Text("强化考核问责"),)))
        reader = Reader(open_docx(export(doc)))
        p = find(reader, "强化考核")
        run = run_with(reader, p, "强化")
        assert reader.east_asian_font(run.element, p) == FANGSONG
        assert reader.run_flag(run.element, p, "b")
        plain = Reader(open_docx(export(doc, replace(GBT9704_SPEECH, level3_bold=False))))
        p = find(plain, "强化考核")
        assert not plain.run_flag(run_with(plain, p, "强化").element, p, "b")


class TestGrid:
    def test_exact_line_spacing_on_every_body_paragraph(self, reader):
        for p in reader.paragraphs():
            assert reader.para_attr(p, "spacing", "line") == "579"
            assert reader.para_attr(p, "spacing", "lineRule") == "exact"

    def test_sanhao_runs_are_tightened_so_28_characters_fill_156_mm(self, reader):
        assert GBT9704_SPEECH.char_spacing_pt == -0.25
        for p in reader.paragraphs():
            for run in reader.runs(p):
                size = reader.size_pt(run.element, p)
                spacing = reader.char_spacing_twips(run.element, p)
                if size == 16:
                    assert spacing == -5, run.text
                    assert 28 * (16 * 20 + spacing) <= round(156 / 25.4 * 1440)
                    assert 29 * (16 * 20 + spacing) > round(156 / 25.4 * 1440)
                else:
                    assert spacing == 0, run.text

    def test_chinese_line_breaking_on_and_no_hanging_punctuation(self, reader):
        for p in reader.paragraphs():
            assert reader.para_flag(p, "kinsoku") is True
            assert reader.para_flag(p, "overflowPunct") is False
            assert reader.para_flag(p, "autoSpaceDE") is False

    def test_punctuation_keeps_its_full_width(self, reader):
        control = reader.setting("characterSpacingControl")
        assert control.get(control.tag.replace("characterSpacingControl", "val")) == "doNotCompress"


class TestRuns:
    def test_shared_punctuation_is_hinted_east_asian(self, reader):
        hinted = 0
        for run in reader.iter_runs():
            if re.search("[“”‘’—…·]", run.text):
                fonts = run.element.find("{*}rPr/{*}rFonts")
                assert fonts is not None and fonts.get(fonts.tag.replace("rFonts", "hint")) == "eastAsia"
                hinted += 1
        assert hinted

    def test_digits_and_latin_take_their_own_runs_in_times_new_roman(self, reader):
        p = find(reader, "今年排查隐患")
        texts = [r.text for r in reader.runs(p)]
        assert "1260" in texts and "98.5%" in texts
        for run in reader.runs(p):
            has_latin = bool(re.search("[0-9A-Za-z%.]", run.text))
            has_cjk = bool(re.search("[^\x20-\x7e]", run.text))
            assert not (has_latin and has_cjk), run.text
            if has_latin:
                assert reader.latin_font(run.element, p) == "Times New Roman"
                assert run.element.find("{*}rPr/{*}rFonts") is None  # no East Asian hint

    def test_runin_h2_only_the_heading_sentence_is_kaiti(self, reader):
        p = find(reader, "压紧压实")
        lead = run_with(reader, p, "压紧压实")
        rest = run_with(reader, p, "责任是安全")
        assert reader.east_asian_font(lead.element, p) == KAITI
        assert reader.text(p).startswith("（一）压紧压实责任链条。")
        assert reader.east_asian_font(run_with(reader, p, "（一）").element, p) == KAITI
        assert reader.east_asian_font(rest.element, p) == FANGSONG
        assert reader.style_name(reader.style_id(p)) == "Normal"

    def test_item_key_phrase_bold_ordinal_plain(self, reader):
        p = find(reader, "压实属地责任")
        assert not reader.run_flag(run_with(reader, p, "一是").element, p, "b")
        assert reader.run_flag(run_with(reader, p, "压实属地责任").element, p, "b")
        assert not reader.run_flag(run_with(reader, p, "守土尽责").element, p, "b")

    def test_h3_lead_is_bold_fangsong(self, reader):
        p = find(reader, "强化考核问责")
        lead = run_with(reader, p, "强化考核问责")
        assert reader.run_flag(lead.element, p, "b")
        assert reader.east_asian_font(lead.element, p) == FANGSONG
        assert not reader.run_flag(run_with(reader, p, "要严格考核").element, p, "b")

    def test_connective_lead_is_plain(self, reader):
        p = find(reader, "首先，")
        for run in reader.runs(p):
            assert not reader.run_flag(run.element, p, "b")
            assert reader.east_asian_font(run.element, p) == FANGSONG

    def test_strong_is_bold(self, reader):
        p = find(reader, "加大投入")
        assert reader.run_flag(run_with(reader, p, "加大投入").element, p, "b")

    def test_slot_is_highlighted_yellow(self, reader):
        p = find(reader, "【地名】")
        slot = run_with(reader, p, "【地名】")
        assert reader.run_attr(slot.element, p, "highlight") == "yellow"
        assert reader.run_attr(run_with(reader, p, "地点在").element, p, "highlight") is None


class TestTitle:
    def test_long_title_breaks_into_balanced_lines_in_one_paragraph(self):
        doc = speech(title="在青山县安全生产委员会全体（扩大）会议上的讲话")
        reader = Reader(open_docx(export(doc)))
        title = reader.paragraphs()[0]
        assert reader.text(title).split("\n") == ["在青山县安全生产委员会", "全体（扩大）会议上的讲话"]

    def test_short_title_stays_on_one_line(self, reader):
        assert "\n" not in reader.text(reader.paragraphs()[0])

    def test_blank_line_under_the_title_block(self, reader):
        speaker = find(reader, "县委书记")
        assert reader.para_attr(speaker, "spacing", "after") == "579"
        reader = Reader(open_docx(export(speech(speaker=False))))
        assert reader.para_attr(reader.paragraphs()[0], "spacing", "after") == "579"

    def test_slot_in_a_broken_title_keeps_its_highlight(self):
        doc = Document(Title((Text("在"), Slot("place", "县名县名县名"),
                              Text("安全生产委员会全体（扩大）会议上的讲话"))), None, None, ())
        reader = Reader(open_docx(export(doc)))
        title = reader.paragraphs()[0]
        slot = run_with(reader, title, "【")
        assert reader.run_attr(slot.element, title, "highlight") == "yellow"
        assert "【县名县名县名】" in reader.text(title).replace("\n", "")


class TestPageNumbers:
    def test_odd_right_even_left_one_character_in(self, reader):
        assert reader.document.settings.odd_and_even_pages_header_footer
        (odd,) = reader.footer_paragraphs("default")
        (even,) = reader.footer_paragraphs("even")
        assert reader.para_attr(odd, "jc") == "right"
        assert reader.para_attr(odd, "ind", "right") == "320"
        assert reader.para_attr(even, "jc") == "left"
        assert reader.para_attr(even, "ind", "left") == "320"
        for p in (odd, even):
            assert reader.first_line_indent(p) == (0, 0)
            assert reader.footer_text(p) == "— {PAGE} —"

    def test_page_numbers_in_sihao_songti(self, reader):
        (odd,) = reader.footer_paragraphs("default")
        for run in reader.runs(odd):
            assert reader.east_asian_font(run.element, odd) == "宋体"
            assert reader.latin_font(run.element, odd) == "宋体"
            assert reader.size_pt(run.element, odd) == 14
        dash = run_with(reader, odd, "—")
        fonts = dash.element.find("{*}rPr/{*}rFonts")
        assert fonts.get(fonts.tag.replace("rFonts", "hint")) == "eastAsia"

    def test_number_sits_about_7_mm_below_the_type_area(self, reader):
        footer_mm = twips_to_mm(reader.page()["footer"])
        number_centre_mm = footer_mm + 14 / 72 * 25.4 / 2  # an exact 14 pt line
        assert 35 - number_centre_mm == pytest.approx(7, abs=0.2)

    def test_centred_option(self):
        reader = Reader(open_docx(export(layout=replace(GBT9704_SPEECH, page_numbers_centred=True))))
        assert not reader.document.settings.odd_and_even_pages_header_footer
        (p,) = reader.footer_paragraphs("default")
        assert reader.para_attr(p, "jc") == "center"
        assert reader.footer_text(p) == "— {PAGE} —"


class TestProfiles:
    def test_fonts_come_from_the_profile_with_fallbacks_in_the_font_table(self):
        layout = replace(GBT9704_SPEECH, fangsong_fonts=("仿宋", "FangSong"), kaiti_fonts=("楷体",))
        doc = open_docx(export(layout=layout))
        reader = Reader(doc)
        p = find(reader, "今年排查")
        assert reader.east_asian_font(run_with(reader, p, "今年").element, p) == "仿宋"
        p = find(reader, "压紧压实")
        assert reader.east_asian_font(run_with(reader, p, "压紧").element, p) == "楷体"
        font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
        assert '<w:font w:name="仿宋"><w:altName w:val="FangSong"/>' in font_table.blob.decode("utf-8")

    def test_date_in_chinese_numerals_option(self):
        reader = Reader(open_docx(export(layout=replace(GBT9704_SPEECH, date_in_chinese_numerals=True))))
        assert reader.text(find(reader, "县委书记")).endswith("（二〇二六年三月六日）")
        assert reader.text(find(reader, "今年排查")).startswith("今年排查隐患1260处")

    @pytest.mark.parametrize(("text", "expected"), [
        ("2026年3月6日", "二〇二六年三月六日"),
        ("（2026年10月31日）", "（二〇二六年十月三十一日）"),
        ("2030年12月20日", "二〇三〇年十二月二十日"),
        ("1260处", "1260处"),
    ])
    def test_chinese_date(self, text, expected):
        assert chinese_date(text) == expected

    def test_layout_must_be_a_profile(self):
        with pytest.raises(TypeError, match="LayoutProfile"):
            export(layout={"margin_top_mm": 30})


HOSTILE = ("控制\x00\x01\x08\x0b\x1f符\ud800\udfff孤立代理😀表情<script>alert(1)</script>"
           "{{ place }}{% if x %}【伪造】&amp;\u202e反向\u200f\u2066隔离\ufffe\uffff尾\n换行\t制表")


class TestHostileText:
    def test_export_never_fails_on_a_writers_text(self):
        doc = speech(Paragraph((Text(HOSTILE),)), Heading(1, "一、", (Text(HOSTILE),)),
                     title=HOSTILE)
        reader = Reader(open_docx(export(doc)))
        body = "".join(reader.text(p) for p in reader.paragraphs())
        assert "<script>alert(1)</script>" in body
        assert "{{ place }}" in body and "【伪造】&amp;" in body and "😀" in body
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202e\u200f\u2066]", body)

    def test_line_breaks_and_tabs_become_word_breaks(self):
        reader = Reader(open_docx(export(speech(Paragraph((Text("甲\n乙\t丙"),))))))
        p = find(reader, "甲")
        assert p.find(".//{*}br") is not None and p.find(".//{*}tab") is not None

    def test_a_100000_character_fact(self):
        huge = "青山县" * 33334
        doc = speech(Paragraph((Text("地点："), Text(huge), Text("。"))), title=huge)
        reader = Reader(open_docx(export(doc)))
        assert sum(len(reader.text(p)) for p in reader.paragraphs()) > 200000

    def test_empty_document(self):
        doc = Document(Title(()), None, None, ())
        assert len(Reader(open_docx(export(doc))).paragraphs()) == 1


class TestTargets:
    def test_writes_to_a_path(self, tmp_path):
        target = tmp_path / "speech.docx"
        render_docx(SAMPLE, target)
        assert Reader(open_docx(target)).paragraphs()

    def test_writes_to_a_string_path_and_a_binary_file(self, tmp_path):
        render_docx(SAMPLE, str(tmp_path / "a.docx"))
        with open(tmp_path / "b.docx", "wb") as handle:
            render_docx(SAMPLE, handle)
        assert (tmp_path / "a.docx").read_bytes()[:2] == (tmp_path / "b.docx").read_bytes()[:2] == b"PK"

    def test_title_becomes_the_document_title(self, reader):
        assert reader.document.core_properties.title == "在青山县安全生产工作会议上的讲话"
        assert reader.document.core_properties.author == ""

    def test_unwritable_target_raises_render_error(self, tmp_path):
        from workbench.errors import RenderError

        with pytest.raises(RenderError):
            render_docx(SAMPLE, tmp_path / "missing" / "dir" / "x.docx")
