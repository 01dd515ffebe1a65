"""Structure checks: announced counts, numbering and parallel sibling headings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..numbered_terms import NumberedTerm, default_lexicon
from ..numbering import COUNT_NUMERALS, format_ordinal, parse_chinese_numeral
from ..patterns.choices import HeadingSetPattern
from ..text import count_han
from .finding import Finding, Options
from .slogans import iter_slogan_findings
from .speech import Line, Speech

_NUM = COUNT_NUMERALS

#: An announcement of the parts in the opening: 讲三点意见, 从五个方面, 谈两个问题.
_ANNOUNCE_PARTS = re.compile(
    rf"(?:讲|谈|强调|提|说|从|围绕|分)(?:以下|这么|下面)?([{_NUM}]+)(?:点|个方面|个问题|条|个部分|层意思)")

#: An announced count in the body that a list or a run of siblings must follow.
# A count starts where a run of numerals starts and is at most 3 long (九十九): a line of
# 100,000 一 then costs one pass, not one per character. An ordinal (第五项议程：…, a chair's
# hand-over) counts nothing.
_ANNOUNCE = re.compile(
    rf"(?<![{_NUM}第])([{_NUM}]{{1,3}})(?:个方面|个问题|件事|项工作|个环节|个重点|项任务|项措施|点|项|条)"
    rf"([^，。；：！？“”]{{0,8}}?)(：|:|，即|，就是|,即|。(?=[{_NUM}]是))")

#: A run-in item ordinal 一是 (at the start of a sentence or clause) and 第一，.
_ITEM = re.compile(rf"(?:^|(?<=[。；：！？，:;,!?]))([{_NUM}]+)是")
_DI = re.compile(rf"(?:^|(?<=[。；：！？]))第([{_NUM}]+)[，、：]")


# -- count-mismatch ---------------------------------------------------------------------------


def check_counts(speech: Speech, options: Options) -> Iterator[Finding]:
    """`count-mismatch`: an announced count that differs from what follows it.

    The opening's 讲三点意见 against the level-1 parts (an error: the rule is certain);
    以下三个方面： against the list or run of siblings that follows, and quoted numbered
    slogans against the list the text gives for them (`slogans.py`): warnings, since
    they read prose.
    """
    lexicon = options.extra.get("numbered_terms")
    if lexicon is None:
        lexicon = default_lexicon()
    for error in lexicon.errors:  # the rest of the lexicon still applies
        yield Finding("count-mismatch", f"数字术语词典未能载入：{error}", severity="info")
    body = speech.body
    parts = sum(1 for line in body if line.level == 1)
    for index, line in enumerate(body):
        taken: list[range] = []
        if line.role in ("opening", "transition"):
            for match in _ANNOUNCE_PARTS.finditer(line.text):
                taken.append(range(match.start(), match.end()))
                announced = parse_chinese_numeral(match.group(1))
                if announced is not None and parts and announced != parts:
                    yield Finding("count-mismatch",
                                  f"开头说“{match.group(0)}”，正文实际有 {parts} 个部分",
                                  line.part, line.paragraph, match.start(), "error")
        yield from _announced_lists(body, index, line, taken)
        yield from _slogans(body, index, line, lexicon)


@dataclass(frozen=True, slots=True)
class _Count:
    """What follows an announced count: how many items, and the last ordinal's value."""

    items: int
    last: int
    level: int = 0

    def differs(self, announced: int) -> bool:
        return announced != self.items or announced != self.last

    @property
    def note(self) -> str:
        if self.level and self.last != self.items:
            return f"（序号却排到了“{format_ordinal(self.level, self.last)}”）"
        return ""


def _announced_lists(body: list[Line], index: int, line: Line, taken: list[range],
                     ) -> Iterator[Finding]:
    for match in _ANNOUNCE.finditer(line.text):
        if any(match.start(1) in r for r in taken):
            continue  # the opening's 讲三点意见, counted against the parts
        announced = parse_chinese_numeral(match.group(1))
        if announced is None or announced < 2:
            continue
        counted = _count_following(body, index, line.text, match.end())
        if counted is not None and counted.differs(announced):
            what = line.text[match.start(): match.start(3)]
            yield Finding("count-mismatch", f"说“{what}”，后面实际列了 {counted.items} 项{counted.note}",
                          line.part, line.paragraph, match.start(), "warning", what)


def _slogans(body: list[Line], index: int, line: Line,
             lexicon: Mapping[str, NumberedTerm]) -> Iterator[Finding]:
    yield from iter_slogan_findings(body, index, line, lexicon, _count_following,
                                    lambda n: _Count(n, n))


def _count_following(body: list[Line], index: int, text: str, start: int) -> _Count | None:
    """Return what follows `start` in `text` (a 一是 run, a 、 or ； list), or the run of
    sibling lines after `body[index]` when the paragraph ends there; None when nothing
    countable follows."""
    rest = text[start:].lstrip()
    if rest:
        run = list(_item_values(rest))
        if run and run[0] == 1:
            return _run_count(run, 5)
        return _count_list(re.split(r"[。！？]", rest)[0])
    following = body[index + 1:]
    if not following:
        return None
    first = following[0]
    if first.level:
        run = []
        for line in following:
            if line.level and line.level < first.level:
                break
            if line.level == first.level:
                run.append(line.value)
        return _run_count(run, first.level)
    values: list[int] = []
    for line in following:
        if line.level:
            break
        found = list(_item_values(line.text))
        if values and found and found[0] == 1:
            break
        values.extend(found)
    return _run_count(values, 5) if values and values[0] == 1 else None


def _count_list(segment: str) -> _Count | None:
    """Return the number of items in a list sentence: ；-separated groups, unless every
    group is itself a 、 list (查责任、查制度；改作风、改制度: count the first group)."""
    groups = [g for g in segment.split("；") if g.strip()]
    if not groups:
        return None
    if len(groups) > 1 and not all("、" in g for g in groups):
        return _Count(len(groups), len(groups))
    # A 、 list ends at its clause: 选拔一批、培养一批、储备一批，真正把政治过硬、能力突出的…
    first = re.split(r"[，,]", groups[0])[0]
    if "、" in first:
        items = first.count("、") + 1
        return _Count(items, items)
    return None


def _run_count(values: list[int], level: int) -> _Count:
    """Return the items of a run of ordinal `values` (up to a restart at 一)."""
    run: list[int] = []
    for value in values:
        if run and value == 1:
            break
        run.append(value)
    return _Count(len(run), run[-1] if run else 0, level)


def _item_values(text: str) -> Iterator[int]:
    for match in _ITEM.finditer(text):
        value = parse_chinese_numeral(match.group(1))
        if value is not None:
            yield value


# -- numbering ----------------------------------------------------------------------------


@dataclass
class _Counter:
    level: int
    last: int = 0

    def step(self, value: int, line: Line, offset: int) -> Finding | None:
        level, last = self.level, self.last
        self.last = value
        if value == last + 1 or (level >= 5 and value == 1):
            return None
        shown = format_ordinal(level, value)
        if value == last:
            message = f"序号重复：“{shown}”出现了两次"
        elif last == 0:
            message = f"序号“{shown}”前缺少“{format_ordinal(level, 1)}”"
        elif value > last:
            missing = "”“".join(format_ordinal(level, v) for v in range(last + 1, value))
            message = f"序号跳号：“{format_ordinal(level, last)}”之后是“{shown}”，缺少“{missing}”"
        else:
            message = f"序号颠倒：“{format_ordinal(level, last)}”之后是“{shown}”"
        # A heading's ordinal is certain; a 一是 run read from prose is a guess.
        return Finding("numbering", message, line.part, line.paragraph, offset,
                       "error" if level <= 4 else "warning")


def check_numbering(speech: Speech, options: Options) -> Iterator[Finding]:
    """`numbering`: skipped, repeated or reversed ordinals at any level.

    一、 runs through the speech; （一） restarts under each 一、, 1. under each （一）,
    （1） under each 1.; a 一是 run (and a 第一，run) starts at 一是 and ends at the next
    heading or ordinal-led paragraph.
    """
    counters = {level: _Counter(level) for level in (1, 2, 3, 4)}
    items, di = _Counter(5), _Counter(6)
    for line in speech.body:
        if line.level:
            finding = counters[line.level].step(line.value, line, 0)
            if finding:
                yield finding
            for lower in range(line.level + 1, 5):
                counters[lower].last = 0
            items.last = di.last = 0
        for counter, pattern in ((items, _ITEM), (di, _DI)):
            for match in pattern.finditer(line.text):
                value = parse_chinese_numeral(match.group(1))
                if value is None:
                    continue
                finding = counter.step(value, line, match.start())
                if finding:
                    yield finding


# -- heading-parallel -----------------------------------------------------------------------


def check_headings(speech: Speech, options: Options) -> Iterator[Finding]:
    """`heading-parallel`: sibling headings (and run-in sub-headings) of unequal length,
    clause count or keyword slot.

    Headings are split into clauses at ，；： and spaces (三段式: 提高站位，强化意识，坚决…);
    each clause position must have the same number of Chinese characters across the set,
    and a keyword shared by all siblings but one at the start or end of a clause (坚决…)
    names the one that breaks the set.
    """
    groups: dict[tuple[int, int], list[Line]] = {}
    parents = {level: -1 for level in range(0, 6)}
    for index, line in enumerate(speech.body):
        if not line.level or not line.lead:
            continue
        key = (line.level, parents[line.level - 1] if line.level > 1 else -1)
        groups.setdefault(key, []).append(line)
        for level in range(line.level, 6):
            parents[level] = index
    for siblings in groups.values():
        if len(siblings) >= 2:
            yield from _parallel(siblings)


def _parallel(siblings: list[Line]) -> Iterator[Finding]:
    clauses = [HeadingSetPattern.clauses(line.lead) for line in siblings]
    counts = [len(c) for c in clauses]
    n = len(siblings)
    common = _majority(counts)
    if common is None or any(c != common for c in counts):
        for i, line in _breakers(counts, common, siblings):
            shown = "/".join(str(c) for c in counts)
            yield _finding(line, f"同级标题结构不一致：第 {i + 1} 个标题有 {counts[i]} 个分句"
                                 f"（各标题分句数：{shown}）")
        return
    for position in range(common):
        texts = [c[position] for c in clauses]
        lengths = [count_han(t) for t in texts]
        where = f"第 {position + 1} 分句" if common > 1 else ""
        if any(length != lengths[0] for length in lengths):
            usual = _majority(lengths)
            shown = "/".join(str(x) for x in lengths)
            if usual is None:
                yield _finding(siblings[-1], f"同级标题{where}字数不一（依次为 {shown} 字），应当一样长")
            for i, line in _breakers(lengths, usual, siblings) if usual is not None else ():
                yield _finding(line, f"同级标题字数不齐：第 {i + 1} 个标题{where}“{texts[i]}”"
                                     f"{lengths[i]} 字，其余为 {usual} 字（依次为 {shown} 字）")
        if n >= 3:
            yield from _keyword_slot(siblings, texts, where)


def _keyword_slot(siblings: list[Line], texts: list[str], where: str) -> Iterator[Finding]:
    n = len(texts)
    # A shared single character is a coincidence among three headings, a pattern among four.
    slots = [("开头", 2), ("结尾", 2)] + ([("开头", 1), ("结尾", 1)] if n >= 4 else [])
    for name, size in slots:
        values = [t[:size] if name == "开头" else t[-size:] for t in texts]
        value, count = Counter(values).most_common(1)[0]
        if count == n - 1 and count_han(value) == len(value):
            i = next(k for k, v in enumerate(values) if v != value)
            yield _finding(siblings[i], f"同级标题关键词不同位：其余标题{where}以“{value}”{name}，"
                                        f"第 {i + 1} 个标题是“{texts[i]}”")
            return


def _majority(values: list[int]) -> int | None:
    """Return the value most of `values` share (more than any other), or None on a tie."""
    ranked = Counter(values).most_common(2)
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    return None


def _breakers(values: list[int], usual: int | None, siblings: list[Line],
              ) -> Iterator[tuple[int, Line]]:
    """Yield (index, line) of the siblings whose value is not `usual`; without a usual
    value (a tie), the last sibling only, so the set is reported once."""
    if usual is None:
        yield len(siblings) - 1, siblings[-1]
        return
    for i, value in enumerate(values):
        if value != usual:
            yield i, siblings[i]


def _finding(line: Line, message: str) -> Finding:
    return Finding("heading-parallel", message, line.part, line.paragraph, line.lead_offset)
