"""Reading checks: punctuation, sentences too long to read aloud, and total length."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..punctuation import iter_half_width
from ..text import count_chars
from .finding import Finding, Options
from .speech import Line, Speech

# -- punctuation ------------------------------------------------------------------------------

_OPENERS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "〈": "〉", "「": "」"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MARKS = re.compile("[" + "".join(_OPENERS) + "".join(_CLOSERS) + "]")
_NAMES = {"“": "左双引号", "”": "右双引号", "‘": "左单引号", "’": "右单引号", "（": "左括号",
          "）": "右括号", "《": "左书名号", "》": "右书名号", "【": "左方括号", "】": "右方括号",
          "〈": "左单书名号", "〉": "右单书名号", "「": "左直角引号", "」": "右直角引号"}


def _name(mark: str) -> str:
    return f"{_NAMES.get(mark, '符号')}（{mark}）"


def check_punctuation(speech: Speech, options: Options) -> Iterator[Finding]:
    """`punctuation`: half-width marks in Chinese text (what `--fix` normalises) and
    quotes or brackets without their partner in the same paragraph."""
    for line in speech.lines:
        spaces = "\u3000" if line.kind == "heading" else ""
        for issue in iter_half_width(line.text, spaces):
            if issue.kind == "空格":
                message = "标题中的半角空格应为全角空格" if issue.fix else "汉字之间有多余的半角空格"
            else:
                message = f"{issue.kind}“{issue.found}”应为“{issue.fix}”"
            yield Finding("punctuation", message, line.part, line.paragraph, issue.offset)
        yield from _unbalanced(line)


def _unbalanced(line: Line) -> Iterator[Finding]:
    stack: list[tuple[str, int]] = []
    for match in _MARKS.finditer(line.text):
        offset, char = match.start(), match.group()
        if char in _OPENERS:
            stack.append((char, offset))
        elif char in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[char]:
                stack.pop()
            elif stack:
                opener, _ = stack.pop()
                yield Finding("punctuation", f"{_name(opener)}与{_name(char)}不配对，应为{_name(_OPENERS[opener])}",
                              line.part, line.paragraph, offset)
            else:
                yield Finding("punctuation", f"{_name(char)}前面没有配对的{_name(_CLOSERS[char])}",
                              line.part, line.paragraph, offset)
    for opener, offset in stack:
        yield Finding("punctuation", f"{_name(opener)}没有配对的{_name(_OPENERS[opener])}",
                      line.part, line.paragraph, offset)


# -- long-sentence ----------------------------------------------------------------------------

#: Characters a line of the official page holds (GB/T 9704: 28 characters a line).
LINE_CHARS = 28
#: The longest stretch without any pause mark: one printed line, about 7 seconds at
#: 240 characters a minute — longer than a reader can voice on one breath.
MAX_CLAUSE_CHARS = LINE_CHARS
#: The longest sentence (to 。！？；): three printed lines, about 21 seconds aloud — beyond
#: that a listener, who cannot re-read, loses the subject before the verb arrives.
MAX_SENTENCE_CHARS = 3 * LINE_CHARS

#: Characters of a sentence quoted in a finding, so the writer finds it.
EXCERPT_CHARS = 12

_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]*")
_PAUSE = re.compile(r"[，、：；。！？,:;!?（）()—…]+")


def check_sentences(speech: Speech, options: Options) -> Iterator[Finding]:
    """`long-sentence`: a sentence over 84 characters (three 28-character lines, ~21 s
    aloud) or a stretch over 28 characters with no pause mark (one line, ~7 s, more than
    one breath). Headings and the title are not checked."""
    rate = options.rate or 240
    for line in speech.body:
        if line.kind != "paragraph":
            continue
        for match in _SENTENCE.finditer(line.text):
            sentence = match.group(0)
            chars = count_chars(sentence.rstrip("。！？；!?;"))
            if chars > MAX_SENTENCE_CHARS:
                yield Finding("long-sentence",
                              f"句子“{excerpt(sentence)}”长 {chars} 字（约 {chars * 60 / rate:.0f} 秒），"
                              f"超过 {MAX_SENTENCE_CHARS} 字"
                              f"（版心三行），念起来听众跟不上，建议拆句",
                              line.part, line.paragraph, match.start())
                continue
            for clause in _clauses(sentence):
                start, text = clause
                chars = count_chars(text.replace("“", "").replace("”", ""))
                if chars > MAX_CLAUSE_CHARS:
                    yield Finding("long-sentence",
                                  f"“{excerpt(text)}”一口气要念 {chars} 字（约 {chars * 60 / rate:.0f} 秒）"
                                  "中间没有停顿，"
                                  f"超过 {MAX_CLAUSE_CHARS} 字（版心一行），建议加逗号或拆句",
                                  line.part, line.paragraph, match.start() + start)


def excerpt(text: str, size: int = EXCERPT_CHARS) -> str:
    """Return the first `size` characters of `text` (its leading spaces and quotes aside),
    with … when there is more: how a finding quotes the sentence it is about."""
    body = text.strip().lstrip("“‘\u3000 ").rstrip("。！？；!?;")
    return body if len(body) <= size else body[:size] + "…"


def _clauses(sentence: str) -> Iterator[tuple[int, str]]:
    start = 0
    for pause in _PAUSE.finditer(sentence):
        yield start, sentence[start: pause.start()]
        start = pause.end()
    yield start, sentence[start:]


# -- length -----------------------------------------------------------------------------------


def check_length(speech: Speech, options: Options) -> Iterator[Finding]:
    """`length`: total length against the target (±20 %) or a given speaking time.

    The length is said to the nearest hundred characters (ten below a thousand): the
    exact count is in the stats line, and a message that stays the same while the writer
    types is one the checklist need not show again."""
    chars = sum(count_chars(line.text) for line in speech.lines)
    rate = options.rate or 240
    target = options.target_chars
    if options.minutes:
        target = int(options.minutes * rate)
    if not target:
        return
    low, high = int(target * 0.8), int(target * 1.2)
    if not low <= chars <= high:
        word = "偏长" if chars > high else "偏短"
        basis = f"{options.minutes:g} 分钟" if options.minutes else "模板目标"
        step = 100 if chars >= 1000 else 10
        about = round(chars / step) * step
        yield Finding("length",
                      f"全文约 {about} 字，约 {chars / rate:.0f} 分钟，{word}（{basis}约 {target} 字，"
                      f"按每分钟 {rate} 字计，宜在 {low}–{high} 字之间）",
                      severity="info")
