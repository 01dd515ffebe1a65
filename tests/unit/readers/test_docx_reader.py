"""The .docx reader on files built with python-docx's XML layer: tracked changes, content
controls, hyperlinks, fields, smart tags, paragraph marks, tables, styles, bookmarks and
comments. Each case states the text with every change accepted and with every one rejected."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from workbench.readers import (
    DELETED,
    INSERTED,
    MOVED_FROM,
    MOVED_TO,
    PARAGRAPH,
    TEXT,
    Segment,
    SourceImportError,
    read_document,
    read_source,
    rewrite_text,
)
from workbench.readers.word import PARAGRAPH_MARK

NS = nsdecls("w", "m")
WHO = 'w:author="王主任" w:date="2026-03-06T09:30:00Z"'


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(inner: str, n: int = 1, who: str = WHO) -> str:
    return f'<w:ins w:id="{n}" {who}>{inner}</w:ins>'


def dele(text: str, n: int = 2, who: str = WHO) -> str:
    return f'<w:del w:id="{n}" {who}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def p(inner: str, ppr: str = "") -> str:
    return f"<w:p {NS}>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def build(*blocks: str, document: docx.document.Document | None = None) -> bytes:
    """Return a .docx whose body holds `blocks` (XML of w:p, w:tbl, w:sdt, …), in order."""
    document = document or docx.Document()
    body = document.element.body
    for block in blocks:
        body.insert(len(body) - 1, parse_xml(block.replace("<w:p>", f"<w:p {NS}>")
                                             if block.startswith("<w:p>") else block))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read(*blocks: str, as_original: bool = False):
    return read_document(build(*blocks), "讲话.docx", as_original=as_original)


def texts(*blocks: str) -> tuple[list[str], list[str]]:
    return read(*blocks).texts, read(*blocks, as_original=True).texts


# -- what a paragraph reads as ----------------------------------------------------------------

CASES = [
    # (inner XML of one paragraph, text accepted, text rejected)
    ("plain", r("同志们："), "同志们：", "同志们："),
    ("insertion", r("安全") + ins(r("生产")) + r("工作"), "安全生产工作", "安全工作"),
    ("deletion", r("坚决") + dele("有力") + r("遏制"), "坚决遏制", "坚决有力遏制"),
    ("replacement", dele("旧句。") + ins(r("新句。")), "新句。", "旧句。"),
    ("move", f'<w:moveFrom w:id="3" {WHO}>{r("先说")}</w:moveFrom>' + r("中间")
     + f'<w:moveTo w:id="4" {WHO}>{r("先说")}</w:moveTo>', "中间先说", "先说中间"),
    ("hyperlink", r("详见") + f'<w:hyperlink w:anchor="x">{r("附件")}</w:hyperlink>' + r("。"),
     "详见附件。", "详见附件。"),
    ("insertion in a hyperlink", f'<w:hyperlink w:anchor="x">{r("网")}{ins(r("站"))}</w:hyperlink>',
     "网站", "网"),
    ("smart tag", r("在") + f'<w:smartTag w:uri="urn:x" w:element="place">{r("青山县")}</w:smartTag>'
     + r("召开"), "在青山县召开", "在青山县召开"),
    ("content control", r("地点：") + f"<w:sdt><w:sdtPr><w:alias w:val=\"地名\"/></w:sdtPr>"
     f"<w:sdtContent>{r('青山县')}</w:sdtContent></w:sdt>", "地点：青山县", "地点：青山县"),
    ("content control showing its placeholder", r("地点：") + "<w:sdt><w:sdtPr><w:showingPlcHdr/>"
     f"</w:sdtPr><w:sdtContent>{r('单击或点击此处输入文字。')}</w:sdtContent></w:sdt>", "地点：", "地点："),
    ("simple field", r("第") + f'<w:fldSimple w:instr=" PAGE ">{r("3")}</w:fldSimple>' + r("页"),
     "第3页", "第3页"),
    ("complex field", r("共") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
     '<w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("12")
     + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r("页"), "共12页", "共12页"),
    ("custom XML", f'<w:customXml w:element="meeting">{r("全体会议")}</w:customXml>', "全体会议", "全体会议"),
    ("deleted text outside a deletion", r("正文") + '<w:r><w:delText>残留</w:delText></w:r>', "正文", "正文"),
    ("inserted then deleted", r("甲") + ins(dele("乙", 5)) + r("丙"), "甲丙", "甲丙"),
    ("tab and line break", '<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t>'
     '<w:br w:type="page"/></w:r>', "甲\t乙\n丙", "甲\t乙\n丙"),
    ("ruby", r("起") + '<w:r><w:ruby><w:rubyPr/><w:rt>' + r("zhuàn") + '</w:rt><w:rubyBase>' + r("撰")
     + "</w:rubyBase></w:ruby></w:r>" + r("稿"), "起撰稿", "起撰稿"),
    ("math", r("增长") + '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>', "增长x+1", "增长x+1"),
]


@pytest.mark.parametrize(("inner", "accepted", "original"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_paragraph_reads_accepted_and_rejected(inner, accepted, original):
    assert texts(p(inner)) == ([accepted], [original])


def test_python_docx_alone_would_drop_the_insertion():
    # The bug this reader exists for: Paragraph.text skips runs inside w:ins.
    data = build(p(r("安全") + ins(r("生产")) + r("工作")))
    assert docx.Document(io.BytesIO(data)).paragraphs[-1].text == "安全工作"
    assert read_document(data, "a.docx").texts == ["安全生产工作"]


# -- segments and the count of changes ------------------------------------------------------------


def test_segments_keep_kind_author_and_date():
    document = read(p(r("坚决") + dele("有力") + ins(r("全力")) + r("遏制")))
    assert document.paragraphs[0].segments == (
        Segment(TEXT, "坚决"), Segment(DELETED, "有力", "王主任", "2026-03-06T09:30:00Z"),
        Segment(INSERTED, "全力", "王主任", "2026-03-06T09:30:00Z"), Segment(TEXT, "遏制"))
    assert document.paragraphs[0].has_changes
    assert document.tracked_changes == 2


def test_runs_of_one_change_split_by_formatting_count_once():
    split = ins(r("加强") + '<w:r><w:rPr><w:b/></w:rPr><w:t>监管</w:t></w:r>', 1) + ins(r("执法"), 2)
    document = read(p(r("要") + split))
    assert document.tracked_changes == 1
    assert document.paragraphs[0].segments[1] == Segment(INSERTED, "加强监管执法", "王主任",
                                                         "2026-03-06T09:30:00Z")


def test_changes_by_other_authors_or_apart_count_apart():
    other = 'w:author="李科长" w:date="2026-03-07T10:00:00Z"'
    document = read(p(ins(r("一"), 1) + ins(r("二"), 2, other) + r("中") + ins(r("三"), 3)))
    assert document.tracked_changes == 3


def test_moves_read_at_their_destination():
    document = read(p(f'<w:moveFrom w:id="3" {WHO}>{r("甲")}</w:moveFrom>' + r("乙")),
                    p(r("丙") + f'<w:moveTo w:id="4" {WHO}>{r("甲")}</w:moveTo>'))
    assert document.texts == ["乙", "丙甲"]
    assert [s.kind for s in document.paragraphs[0].segments] == [MOVED_FROM, TEXT]
    assert [s.kind for s in document.paragraphs[1].segments] == [TEXT, MOVED_TO]
    assert document.tracked_changes == 2


def test_a_file_without_changes_says_nothing():
    document = read(p(r("同志们：")))
    assert document.tracked_changes == 0 and document.revision_note is None


def test_the_note_names_the_file_the_count_and_the_reading():
    assert read(p(ins(r("甲")))).revision_note == "讲话.docx: 文件含 1 处修订，已按全部接受读取"
    assert read(p(ins(r("甲"))), as_original=True).revision_note == "讲话.docx: 文件含 1 处修订，已按全部拒绝读取"


# -- paragraph marks ------------------------------------------------------------------------------

MARK_DEL = f'<w:rPr><w:del w:id="9" {WHO}/></w:rPr>'
MARK_INS = f'<w:rPr><w:ins w:id="9" {WHO}/></w:rPr>'


def test_a_paragraph_deleted_whole_disappears_when_accepted():
    blocks = (p(r("一段。")), p(dele("删掉的一段。"), MARK_DEL), p(r("三段。")))
    assert texts(*blocks) == (["一段。", "三段。"], ["一段。", "删掉的一段。", "三段。"])
    document = read(*blocks)
    assert [q.position.number for q in document.paragraphs] == [1, 3]
    assert document.paragraphs[1].segments[:2] == (
        Segment(DELETED, "删掉的一段。", "王主任", "2026-03-06T09:30:00Z"),
        Segment(DELETED, PARAGRAPH_MARK, "王主任", "2026-03-06T09:30:00Z"))
    assert document.tracked_changes == 1  # the text and its mark are one change


def test_a_paragraph_inserted_whole_disappears_when_rejected():
    blocks = (p(r("一段。"), MARK_INS), p(ins(r("新加的一段。"))), p(r("三段。")))
    assert texts(*blocks) == (["一段。", "新加的一段。", "三段。"], ["一段。", "三段。"])
    assert read(*blocks).tracked_changes == 1


def test_a_deleted_mark_joins_two_paragraphs_when_accepted():
    blocks = (p(r("前半句，"), MARK_DEL), p(r("后半句。")))
    assert texts(*blocks) == (["前半句，后半句。"], ["前半句，", "后半句。"])
    assert read(*blocks).paragraphs[0].position.number == 1


# -- block structure ------------------------------------------------------------------------------


def test_content_controls_around_paragraphs_are_read_through():
    block = (f'<w:sdt {NS}><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>'
             f'{p(r("第一段。"))}{p(r("第二段。"))}</w:sdtContent></w:sdt>')
    assert read(block, p(r("第三段。"))).texts == ["第一段。", "第二段。", "第三段。"]


def test_a_table_row_is_one_paragraph_and_a_deleted_row_goes_when_accepted():
    cell = "<w:tc><w:tcPr/>{}</w:tc>"
    row = "<w:tr>{}{}</w:tr>"
    deleted_row = (f'<w:tr><w:trPr><w:del w:id="7" {WHO}/></w:trPr>'
                   + cell.format(p(dele("废止")))
                   + cell.format(p(dele("条款"))) + "</w:tr>")
    table = (f"<w:tbl {NS}><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
             + row.format(cell.format(p(r("单位"))), cell.format(p(r("责任")) + p(r("人"))))
             + deleted_row + "</w:tbl>")
    accepted, original = texts(p(r("表前。")), table, p(r("表后。")))
    assert accepted == ["表前。", "单位 责任\n人", "表后。"]
    assert original == ["表前。", "单位 责任\n人", "废止 条款", "表后。"]
    assert read(p(r("表前。")), table, p(r("表后。"))).numbers == [1, 2, 4]


def test_style_names_and_outline_levels():
    document = docx.Document()
    data = build(p(r("一、总体要求"), '<w:pStyle w:val="Heading1"/>'),
                 p(r("正文。")),
                 p(r("（一）分项"), '<w:outlineLvl w:val="1"/>'),
                 document=document)
    paragraphs = read_document(data, "a.docx").paragraphs
    assert [(q.style, q.outline_level) for q in paragraphs] == [
        ("Heading 1", 1), ("Normal", None), ("Normal", 2)]
    assert all(q.position.unit == PARAGRAPH for q in paragraphs)


def test_bookmarks_belong_to_the_paragraph_they_start_in_or_before():
    blocks = (f'<w:bookmarkStart {NS} w:id="1" w:name="wb-p1"/>', p(r("一段。")),
              p('<w:bookmarkStart w:id="2" w:name="wb-p2"/>' + r("二段。") + '<w:bookmarkEnd w:id="2"/>'),
              f'<w:bookmarkEnd {NS} w:id="1"/>')
    assert [q.bookmarks for q in read(*blocks).paragraphs] == [("wb-p1",), ("wb-p2",)]


# -- comments -------------------------------------------------------------------------------------


def test_comments_come_with_author_initials_text_and_their_paragraph():
    document = docx.Document()
    document.add_paragraph("同志们：")
    body = document.add_paragraph("要压实责任。")
    run = body.add_run("层层传导压力。")
    document.add_comment(run, text="这句再具体些。\n举个例子。", author="王主任", initials="WZR")
    buffer = io.BytesIO()
    document.save(buffer)
    read_back = read_document(buffer.getvalue(), "批注.docx")
    assert read_back.texts == ["同志们：", "要压实责任。层层传导压力。"]
    [comment] = read_back.comments
    assert (comment.author, comment.initials, comment.text) == ("王主任", "WZR", "这句再具体些。\n举个例子。")
    assert comment.paragraph == 1 and comment.anchor == "层层传导压力。"
    assert comment.date.startswith("20")


def test_a_file_without_comments_has_none():
    assert read(p(r("正文。"))).comments == ()


# -- writing text back (check --fix) ----------------------------------------------------------------


def test_rewrite_fixes_current_text_and_leaves_deleted_text_alone():
    data = build(p(r("甲,乙") + ins(r("丙,丁")) + dele("戊,己")))
    new, changed = rewrite_text(data, "a.docx", lambda t: t.replace(",", "，"))
    assert changed == [("甲,乙", "甲，乙"), ("丙,丁", "丙，丁")]
    fixed = read_document(new, "a.docx")
    assert fixed.texts == ["甲，乙丙，丁"]
    assert read_document(new, "a.docx", as_original=True).texts == ["甲，乙戊,己"]
    assert fixed.tracked_changes == 2


def test_rewrite_of_a_text_file_keeps_its_line_ends_and_encoding():
    data = "一、总体要求\r\n正文,句子。\r\n".encode("gb18030")
    new, changed = rewrite_text(data, "a.txt", lambda t: t.replace(",", "，"))
    assert changed == [("正文,句子。", "正文，句子。")]
    assert new == "一、总体要求\r\n正文，句子。\r\n".encode("gb18030")
    assert rewrite_text(new, "a.txt", lambda t: t.replace(",", "，")) == (new, [])


# -- text files ------------------------------------------------------------------------------------


def test_text_lines_are_paragraphs_with_line_numbers():
    document = read_document("标题\r\n\r\n同志们：\n正文。\n".encode(), "讲话.txt")
    assert document.texts == ["标题", "", "同志们：", "正文。"]
    assert [str(q.position) for q in document.paragraphs] == ["讲话.txt:1", "讲话.txt:2", "讲话.txt:3",
                                                             "讲话.txt:4"]
    assert document.kind == "text" and document.encoding == "utf-8" and document.tracked_changes == 0


def test_markdown_is_marked_as_such():
    assert read_document(b"# title\n", "a.md").kind == "markdown"


def test_read_source_joins_the_paragraphs_one_a_line():
    assert read_source(build(p(r("甲")), p(ins(r("乙"))))[:], "a.docx") == "甲\n乙"
    with pytest.raises(SourceImportError, match="没有文字"):
        read_source(build(p(dele("只有删除"))), "a.docx")


def test_a_body_the_walker_cannot_read_is_a_chinese_error(monkeypatch):
    from workbench.readers import word

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(word, "_paragraph_styles", broken)
    with pytest.raises(SourceImportError, match=r"^a\.docx: 无法读取 Word 文档（RuntimeError）$"):
        read_document(build(p(r("甲"))), "a.docx")
