"""`fact-mismatch`: a figure, date or relative year in the text that contradicts the draft's facts.

- **Figures and dates in the writer's edits.** An edited paragraph keeps fact values as
  references, so a value typed by hand stays when the fact later changes (the text says
  1260处 after the fact became 1300). A fact's value is found where the text shows it
  (anywhere in the speech, and in the template's own text of each edited paragraph),
  with the words right before it (隐患, 整改率; linking words such as 达到, 为, 同比, 下降
  set aside), its unit (处, %, 人…) and the words after the unit. A number in an edited
  paragraph with the same unit that differs from the fact is reported when the same three
  characters stand before it, or when a two-character word around it is the same
  (排查隐患1260处 against 排查的1300处隐患) and the number is within half to twice the
  fact's; different words right after the unit (死亡, 受伤) rule it out. A date is compared
  the same way, by the words after it (…发生的).
- **Relative years** (anywhere): 去年, 今年, 前年, 明年 next to an explicit year (去年（2024年）)
  or before a date a fact gives (去年7月22日 when the fact says 2024年7月22日), that does
  not fit the meeting's year (the `date` fact, `--year`, or the date under the title).

Which paragraphs are the writer's comes from `options.extra["edited"]` (paragraph id ->
the text the template gives it, where the facts' current values stand in their places);
a plain file has none, so only relative years are checked there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .finding import Finding, Options
from .speech import Line, Speech

_WIDE_DIGITS = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d.,]*\d)")
_UNIT = re.compile(r"\s*(?:余|多)?(%|‰|[万亿千百]?[\u4e00-\u9fff])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Words between a quantity's name and its figure, set aside when comparing contexts.
_LINKING = ("达到", "达", "为", "是", "共计", "共", "累计", "约", "近", "超过", "超", "逾", "有", "了",
            "至", "到", "同比", "下降", "增长", "提高", "减少", "上升", "降低", "的", "仅", "只",
            "完成", "实现")
_DATE = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FACT_DATE = re.compile(r"^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$")
_RELATIVE = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}
_RELATIVE_YEAR = re.compile(
    r"(前年|去年|上年|今年|本年|明年)\s*[（(]?\s*(?:即|也就是)?\s*((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)"
    r"|((?:19|20)\d{2})\s*年\s*[（(]\s*(前年|去年|上年|今年|本年|明年)\s*[）)]")
_RELATIVE_DATE = re.compile(r"(前年|去年|上年|今年|本年|明年)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RELATIVE_WORD = re.compile("前年|去年|上年|今年|本年|明年")


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number in the text with what identifies the quantity it gives."""

    offset: int
    text: str
    value: float
    before: str
    unit: str
    after: str

    @property
    def words(self) -> set[str]:
        """The two-character words around the figure (隐患 in 排查隐患1260处 and 1260处隐患)."""
        return {w[i:i + 2] for w in (self.before, self.after) for i in range(len(w) - 1)}


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _context_before(text: str, end: int) -> str:
    """Return up to four Han characters before `end`, linking words set aside."""
    head = text[max(0, end - 12): end].rstrip(" \t\u3000")
    changed = True
    while changed:
        changed = False
        for word in _LINKING:
            if head.endswith(word) and len(head) > len(word):
                head = head[: -len(word)].rstrip(" \t\u3000")
                changed = True
    han = ""
    for char in reversed(head):
        if not _HAN.match(char):
            break
        han = char + han
        if len(han) == 4:
            break
    return han


def _figures(text: str) -> Iterator[_Figure]:
    wide = text.translate(_WIDE_DIGITS)
    for match in _NUMBER.finditer(wide):
        unit = _UNIT.match(wide, match.end())
        if unit is None:
            continue
        if unit.group(1) in ("年", "月", "日"):
            continue  # dates are compared as dates
        tail = wide[unit.end(): unit.end() + 2]
        after = tail if len(tail) == 2 and all(_HAN.match(c) for c in tail) else ""
        raw = match.group(1) + (match.group(2) or "")
        yield _Figure(match.start(), text[match.start(): unit.end()], _number(raw),
                      _context_before(wide, match.start()), unit.group(1), after)


def _same_quantity(found: _Figure, known: _Figure) -> bool:
    if found.unit != known.unit or not (found.before or found.after) or not (known.before or known.after):
        return False
    if found.after and known.after and found.after != known.after:
        return False
    shared = 0
    for a, b in zip(reversed(found.before), reversed(known.before), strict=False):
        if a != b:
            break
        shared += 1
    if shared >= 3:
        return True
    if known.value == 0 or not (shared >= 2 or found.words & known.words):
        return False
    return 0.5 <= found.value / known.value <= 2


def _number_facts(speech: Speech) -> dict[str, float]:
    out = {}
    for fid, value in speech.facts.items():
        try:
            out[fid] = _number(value.translate(_WIDE_DIGITS))
        except ValueError:
            continue
    return out


def check_fact_mismatch(speech: Speech, options: Options) -> Iterator[Finding]:
    """`fact-mismatch`: figures and dates in edits that contradict facts; relative years
    that contradict the meeting's year."""
    edited = options.extra.get("edited") or {}
    if edited:
        yield from _figure_mismatches(speech, edited)
        yield from _date_mismatches(speech, edited)
    yield from _relative_years(speech, options)


def _figure_mismatches(speech: Speech, edited: Mapping[str, str]) -> Iterator[Finding]:
    numbers = _number_facts(speech)
    if not numbers:
        return
    values = set(numbers.values())
    # The template's own text of an edited paragraph shows the facts where they belong.
    known: list[_Figure] = [f for text in edited.values() for f in _figures(text) if f.value in values]
    edited_figures: list[tuple[Line, _Figure]] = []
    for line in speech.lines:
        for figure in _figures(line.text):
            if figure.value in values:
                known.append(figure)
            elif line.paragraph in edited:
                edited_figures.append((line, figure))
    for line, figure in edited_figures:
        match = next((k for k in known if _same_quantity(figure, k)), None)
        if match is None:
            continue
        shown = match.text.strip()
        yield Finding("fact-mismatch",
                      f"此处为“{figure.text.strip()}”，而本稿要素的现值为“{shown}”"
                      "（修改过的段落中手写的数字不随要素更新），请核对",
                      line.part, line.paragraph, figure.offset, "warning")


def _date_facts(speech: Speech) -> list[tuple[int, int, int]]:
    out = []
    for value in speech.facts.values():
        match = _FACT_DATE.match(value.strip())
        if match:
            out.append((int(match.group(1)), int(match.group(2)), int(match.group(3))))
    return out


def _date_mismatches(speech: Speech, edited: Mapping[str, str]) -> Iterator[Finding]:
    dates = _date_facts(speech)
    if not dates:
        return
    anchors: dict[str, tuple[int, int, int]] = {}
    edited_dates = []
    sources = [(line, line.text) for line in speech.lines if line.kind != "speaker"]
    sources += [(None, text) for text in edited.values()]
    for line, raw in sources:
        text = raw.translate(_WIDE_DIGITS)
        for match in _DATE.finditer(text):
            year = int(match.group(1)) if match.group(1) else None
            month, day = int(match.group(2)), int(match.group(3))
            tail = "".join(_HAN.findall(text[match.end(): match.end() + 4]))[:2]
            fact = next((d for d in dates if d[1:] == (month, day) and year in (None, d[0])), None)
            if fact is not None:
                if len(tail) == 2:
                    anchors.setdefault(tail, fact)
            elif line is not None and line.paragraph in edited and len(tail) == 2:
                edited_dates.append((line, match, tail))
    for line, match, tail in edited_dates:
        fact = anchors.get(tail)
        if fact is None:
            continue
        shown = f"{fact[0]}年{fact[1]}月{fact[2]}日"
        yield Finding("fact-mismatch",
                      f"此处日期为“{match.group(0)}”，而本稿要素的日期为“{shown}”"
                      "（修改过的段落中手写的日期不随要素更新），请核对",
                      line.part, line.paragraph, match.start(), "warning")


def _meeting_year(speech: Speech, options: Options) -> int | None:
    if options.years:
        return max(options.years)
    date = speech.facts.get("date", "")
    for source in (date, speech.speaker):
        years = [int(y) for y in _YEAR.findall(source.translate(_WIDE_DIGITS))]
        if years:
            return max(years)
    return None


def _relative_years(speech: Speech, options: Options) -> Iterator[Finding]:
    year = _meeting_year(speech, options)
    if year is None:
        return
    dates = _date_facts(speech)
    for line in speech.lines:
        if line.kind == "speaker" or _RELATIVE_WORD.search(line.text) is None:
            continue
        text = line.text.translate(_WIDE_DIGITS)
        for match in _RELATIVE_YEAR.finditer(text):
            word = match.group(1) or match.group(4)
            given = int(match.group(2) or match.group(3))
            expected = year + _RELATIVE[word]
            if given != expected:
                yield Finding("fact-mismatch",
                              f"“{match.group(0)}”：本稿会议在 {year} 年，{word}应是 {expected} 年，请核对",
                              line.part, line.paragraph, match.start(), "warning")
        for match in _RELATIVE_DATE.finditer(text):
            word, month, day = match.group(1), int(match.group(2)), int(match.group(3))
            expected = year + _RELATIVE[word]
            fact_years = {d[0] for d in dates if d[1:] == (month, day)}
            if fact_years and expected not in fact_years:
                given = min(fact_years, key=lambda y: abs(y - expected))
                yield Finding("fact-mismatch",
                              f"“{match.group(0)}”：要素中的日期是 {given}年{month}月{day}日，"
                              f"本稿会议在 {year} 年，{word}应是 {expected} 年，请核对",
                              line.part, line.paragraph, match.start(), "warning")
