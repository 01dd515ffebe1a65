"""Title breaking: balanced lines (梯形/菱形) at word boundaries, never inside a word."""

from __future__ import annotations

import pytest

from workbench.renderers.word.title import MAX_BALANCED_CHARS, break_costs, break_title, text_width

# (title, expected lines) at 20 characters a line (2号 on a 156 mm line)
CASES = [
    ("在全市重点项目建设推进会上的表态发言", ["在全市重点项目建设推进会上的表态发言"]),
    ("在青山县安全生产委员会全体（扩大）会议上的讲话",
     ["在青山县安全生产委员会", "全体（扩大）会议上的讲话"]),
    ("在青山县作风建设暨党风廉政建设工作会议上的讲话",
     ["在青山县作风建设", "暨党风廉政建设工作会议上的讲话"]),
    ("在2026年青山县经济工作会议暨全县高质量发展推进大会上的讲话",
     ["在2026年青山县经济工作会议", "暨全县高质量发展推进大会上的讲话"]),
    ("坚定信心，真抓实干，奋力开创青山县高质量发展新局面——在中共青山县委十四届五次全会上的讲话",
     ["坚定信心，真抓实干，", "奋力开创青山县高质量发展新局面", "——在中共青山县委十四届五次全会上的讲话"]),
]


@pytest.mark.parametrize(("title", "lines"), CASES)
def test_breaks_at_word_boundaries(title, lines):
    assert break_title(title, 20) == lines


@pytest.mark.parametrize("title", [c[0] for c in CASES])
def test_lines_fit_and_keep_every_character(title):
    lines = break_title(title, 20)
    assert "".join(lines) == title
    assert all(0 < text_width(line) <= 20 for line in lines)


def test_two_lines_are_balanced_not_greedy():
    lines = break_title("在青山县安全生产委员会全体（扩大）会议上的讲话", 20)
    widths = [text_width(line) for line in lines]
    assert max(widths) - min(widths) <= 2  # greedy filling would give 20 + 4


def test_never_breaks_inside_brackets_quotes_or_a_slot():
    title = "在全省深化“放管服”改革优化营商环境电视电话会议上的讲话【会议名称】"
    costs = break_costs(title)
    for start, end in (("“", "”"), ("【", "】")):
        a, b = title.index(start), title.index(end)
        assert not any(a < i <= b for i in costs), start


def test_never_starts_a_line_with_closing_punctuation():
    title = "提高站位，强化责任，坚决守牢底线，全力以赴推进安全生产工作"
    for i in break_costs(title):
        assert title[i] not in "，。、；：）”"


def test_never_splits_latin_words_or_numbers():
    title = "在2026年GDP增长目标推进会议上的讲话和部署"
    for i in break_costs(title):
        assert not (title[i - 1].isascii() and title[i - 1].isalnum()
                    and title[i].isascii() and title[i].isalnum())


def test_a_title_without_any_good_point_still_fits():
    title = "一二三四五六七八九十" * 3
    lines = break_title(title, 20)
    assert len(lines) == 2 and all(text_width(line) <= 20 for line in lines)


def test_huge_title_is_left_to_the_word_processor():
    title = "青" * (MAX_BALANCED_CHARS + 1)
    assert break_title(title, 20) == [title]


def test_ascii_counts_half_width():
    assert text_width("2026年") == 3
