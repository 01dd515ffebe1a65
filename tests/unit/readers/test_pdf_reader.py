"""The PDF reader's rebuilding of paragraphs from pdftotext's line boxes, on pages written
here as `pdftotext -bbox-layout` writes them (no poppler needed): furniture removed,
lines and pages rejoined, paragraphs split where a writer would see them split."""

from __future__ import annotations

import pytest

from workbench.readers import pdf
from workbench.readers.pdf import _pages, _paragraphs, _without_furniture

#: An A4 page with a 16 pt body: 28 characters a line from x=79.5 to 527.5.
LEFT, SIZE, WIDTH = 79.5, 16.0, 28
HEIGHT = SIZE * 1.3
RIGHT = LEFT + WIDTH * SIZE


class Page:
    """One page of lines, written top to bottom like pdftotext's XHTML."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.y = 100.0

    def line(self, text: str, *, indent: int = 0, size: float = SIZE, centred: bool = False,
             y: float | None = None, gap: float = 0.0) -> Page:
        width = len(text) * size
        x0 = LEFT + (WIDTH * SIZE - width) / 2 if centred else LEFT + indent * SIZE
        top = self.y + gap if y is None else y
        bottom = top + size * 1.3
        self.lines.append(
            f'<line xMin="{x0:.3f}" yMin="{top:.3f}" xMax="{x0 + width:.3f}" yMax="{bottom:.3f}">'
            f'<word xMin="{x0:.3f}" yMin="{top:.3f}" xMax="{x0 + width:.3f}" yMax="{bottom:.3f}">'
            f"{text}</word></line>")
        if y is None:
            self.y = bottom + 8.0
        return self

    def body(self, text: str) -> Page:
        """A paragraph indented two characters, wrapped at 28 a line."""
        first, rest = text[:WIDTH - 2], text[WIDTH - 2:]
        self.line(first, indent=2)
        while rest:
            self.line(rest[:WIDTH])
            rest = rest[WIDTH:]
        return self

    def xml(self) -> str:
        return ('<page width="595.3" height="841.9"><flow><block>' + "".join(self.lines)
                + "</block></flow></page>")


def read(*pages: Page) -> list[str]:
    xhtml = "<doc>" + "".join(p.xml() for p in pages) + "</doc>"
    return list(_paragraphs(_without_furniture(_pages(xhtml))))


A = "全县上下要把思想和行动统一到县委的决策部署上来，以更加昂扬的精神状态抓好各项工作落实，确保全年目标任务圆满完成。"
B = "各级各部门要切实扛起责任，主要负责同志要亲自抓、负总责，分管同志要具体抓、抓具体。"


def test_a_wrapped_paragraph_is_one_paragraph_joined_without_spaces():
    assert read(Page().body(A).body(B)) == [A, B]


def test_a_paragraph_continues_across_the_page_break_and_page_numbers_go():
    first = Page().line(A[:WIDTH - 2], indent=2).line(A[WIDTH - 2:2 * WIDTH - 2])
    first.line("— 1 —", centred=True, y=780.0)
    second = Page().line("- 2 -", centred=True, y=40.0)
    second.line(A[2 * WIDTH - 2:]).body(B)
    second.line("— 2 —", centred=True, y=780.0)
    assert read(first, second) == [A, B]


@pytest.mark.parametrize("number", ["— 3 —", "- 3 -", "—3—", "3", "第 3 页", "第3页 共12页", "3/12",
                                    "－ 三 －", "Page 3"])
def test_page_number_forms_at_a_page_edge_are_removed(number):
    page = Page().body(A).line(number, centred=True, y=780.0)
    assert read(page) == [A]


def test_running_heads_and_feet_repeated_on_the_pages_are_removed():
    head, foot = "青山县人民政府办公室", "内部资料　注意保存"
    pages = []
    for n, text in enumerate([A, B, A + B], 1):
        page = Page().line(head, centred=True, y=40.0)
        page.body(text).line(foot, centred=True, y=760.0).line(f"— {n} —", centred=True, y=790.0)
        pages.append(page)
    assert read(*pages) == [A, B, A + B]


def test_a_line_repeated_inside_the_text_is_kept():
    page = Page().body(A).body("同志们，让我们共同努力！").body(B).body("同志们，让我们共同努力！")
    assert read(page) == [A, "同志们，让我们共同努力！", B, "同志们，让我们共同努力！"]


def test_a_blank_page_and_this_page_has_no_text_leave_nothing():
    blank = Page().line("（此页无正文）", centred=True)
    only_number = Page().line("— 2 —", centred=True, y=780.0)
    assert read(Page().body(A), blank, only_number, Page().body(B)) == [A, B]


def test_a_wrapped_title_is_one_paragraph_and_the_speaker_line_another():
    page = Page()
    page.line("在青山县安全生产", size=22, centred=True).line("工作会议上的讲话", size=22, centred=True)
    page.line("县长　王明", centred=True, gap=10).line("同志们：", gap=20).body(A)
    assert read(page) == ["在青山县安全生产工作会议上的讲话", "县长　王明", "同志们：", A]


def test_headings_and_short_lines_end_paragraphs():
    page = Page().line("一、提高政治站位", indent=2).body(A).line("（一）压实责任。", indent=2).body(B)
    assert read(page) == ["一、提高政治站位", A, "（一）压实责任。", B]


def test_without_first_line_indents_a_sentence_end_ends_the_paragraph():
    page = Page()
    # Block paragraphs: no indent, no gap; each ends exactly at a full line with 。.
    first = "一二三四五六七八九十一二三四五六七八九十一二三四五六。"
    second = "二是加强领导，各级党委要把这项工作摆上重要议事日程，定期研究。"
    page.line(first).line(second[:WIDTH]).line(second[WIDTH:])
    assert read(page) == [first, second]


def test_gap_as_wide_as_a_line_separates_paragraphs():
    page = Page().line("第一段到此为止，没有句号也没有缩进但行是满的满满满满满")
    page.line("第二段紧随其后，中间空了一行", gap=HEIGHT + 8)
    assert len(read(page)) == 2


def test_words_are_joined_by_their_gaps():
    words = [(0.0, 64.0, "县委书记"), (80.0, 128.0, "李志远"), (131.0, 163.0, "2026"),
             (166.0, 182.0, "年")]
    assert pdf._line_text(words, HEIGHT) == "县委书记\u3000李志远2026年"
    assert pdf._line_text([(0.0, 30.0, "Speech"), (34.0, 70.0, "Workbench")], HEIGHT) == "Speech Workbench"


def test_latin_words_split_across_lines_keep_a_space():
    page = Page().line("推进数字政府建设，用好一网通办平台和 Speech").line("Workbench 等工具。")
    assert read(page) == ["推进数字政府建设，用好一网通办平台和 Speech Workbench 等工具。"]
