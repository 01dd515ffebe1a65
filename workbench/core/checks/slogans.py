"""Numbered slogans (数字概括) against what the text lists for them: “三个到位”：…, 一查…二查….

A quoted numeral is counted only where the text itself lists the items: right after the
slogan (“三个到位”：形势认识到位、…; 做到“三查三改”：一查…二查…三查…) or, for a slogan
the lexicon does not know, as the summary of a short list right before it (行政、技术、
巡查“三个责任人”). Idioms (三令五申, 七上八下) are never counted, and a named term of the
lexicon (四个意识, “两路”精神) only against a list after it. Everything else is no
finding: an unknown term with no list next to it counts nothing. A slogan count read
from prose is a guess, so its findings are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Protocol

from ..numbered_terms import NumberedTerm
from ..numbering import COUNT_NUMERALS, parse_chinese_numeral
from .finding import Finding
from .speech import Line

_NUM = COUNT_NUMERALS

#: A quoted term led by a numeral: “三个到位”, “三查三改”; straight and corner quotes from
#: pasted web text read alike.
_SLOGAN = re.compile(rf"[“「\"]([{_NUM}][\u4e00-\u9fff]{{1,7}})[”」\"]")
_RUN = re.compile(rf"[{_NUM}]+")
_LIST_START = re.compile(r"^(?:：|:|，即|，就是|即|就是)")
_CLAUSE_END = re.compile(r"[，。；：！？（）,;:!?()]")
_HAN = re.compile(r"[\u4e00-\u9fff]")

#: Longest item (characters) of a list before a slogan that the slogan may sum up.
MAX_ITEM_CHARS = 10

class Count(Protocol):
    """What a list holds (structure.py's `_Count`)."""

    @property
    def items(self) -> int: ...

    @property
    def note(self) -> str: ...

    def differs(self, announced: int) -> bool: ...


#: What counts the items after `start` in `text` (structure.py's `_count_following`).
Follower = Callable[[list[Line], int, str, int], "Count | None"]


def iter_slogan_findings(body: list[Line], index: int, line: Line,
                         lexicon: Mapping[str, NumberedTerm], count_following: Follower,
                         make_count: Callable[[int], Count]) -> Iterator[Finding]:
    """Yield the `count-mismatch` findings of the quoted numbered slogans in `line`."""
    text = line.text
    for match in _SLOGAN.finditer(text):
        term = match.group(1)
        entry = lexicon.get(term)
        if entry is not None and entry.is_idiom:
            continue
        runs = list(_RUN.finditer(term))
        if len(runs) > 1 and term[runs[0].end()] == "个":
            runs = runs[:1]  # “四个一”, “三个一批”: one count, the rest is its noun
        after = text[match.end():]
        start = _LIST_START.match(after)
        if len(runs) > 1:
            if start:
                yield from _keyed_runs(line, match, term, runs, after[start.end():])
            continue
        announced = entry.count if entry is not None and entry.count else \
            parse_chinese_numeral(runs[0].group(0))
        if announced is None or announced < 2:
            continue
        counted: Count | None = None
        if start:
            counted = count_following(body, index, text, match.end() + start.end())
        elif entry is None:
            items = _list_before(text, match.start(), match.end())
            if items:
                counted = make_count(items)
        if counted is not None and counted.differs(announced):
            yield Finding("count-mismatch",
                          f"数字概括“{term}”与所列 {counted.items} 项不符{counted.note}",
                          line.part, line.paragraph, match.start(), "warning", term)


def _keyed_runs(line: Line, match: re.Match[str], term: str, runs: list[re.Match[str]],
                rest: str) -> Iterator[Finding]:
    """A slogan with two numerals (三查三改) against the 一查…二查… run after it: each
    numeral is compared with the run keyed by the character after it, when there is one."""
    sentence = re.split(r"[。！？]", rest)[0]
    for run in runs:
        key = term[run.end(): run.end() + 1]
        announced = parse_chinese_numeral(run.group(0))
        if not key or announced is None or announced < 2:
            continue
        values = [parse_chinese_numeral(m.group(1)) for m in
                  re.finditer(rf"(?:^|(?<=[，、；：,;:]))([{_NUM}]+){re.escape(key)}", sentence)]
        seen: list[int] = []
        for value in values:
            if value is None or (seen and value == 1):
                break
            seen.append(value)
        if not seen or seen[0] != 1:
            continue  # no 一查… run: the text does not list this numeral's items
        if len(seen) != announced or seen[-1] != announced:
            yield Finding("count-mismatch",
                          f"数字概括“{term}”中的“{run.group(0)}{key}”与所列 {len(seen)} 项"
                          f"（{'、'.join(f'{_cn(v)}{key}' for v in seen)}）不符",
                          line.part, line.paragraph, match.start(), "warning", term)


def _cn(value: int) -> str:
    return "一二三四五六七八九十"[value - 1] if 1 <= value <= 10 else str(value)


def _list_before(text: str, start: int, end: int) -> int | None:
    """Return the number of items of the 、 list that the slogan at `start:end` sums up
    (行政、技术、巡查“三个责任人”。), or None when what is before it is no such list.

    The slogan must close its clause (no Chinese character right after it: “两路”精神 is a
    name, not a sum) and touch the list's last item; neither side may be a 、 (then the
    slogan is an item of the list itself), and no item may hold a quote (增强“四个意识”、
    坚定“四个自信” lists slogans, it does not sum one up).
    """
    before = text[start - 1: start]
    after = text[end: end + 1]
    if not _HAN.match(before) or _HAN.match(after or " ") or after == "、":
        return None
    clause = _CLAUSE_END.split(text[:start])[-1]
    items = clause.split("、")
    if len(items) < 2 or any(not item or len(item) > MAX_ITEM_CHARS for item in items):
        return None
    if any(q in clause for q in "“”\"「」‘’"):
        return None
    return len(items)
