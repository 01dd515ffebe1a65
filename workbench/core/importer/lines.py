"""Raw text to units: clean lines, rejoin wrapped lines, split run-together text at ordinals.

A unit is a paragraph, or a piece of one when a whole speech came as one line: the
splitter cuts before ordinals (一、 （一）), the salutation, the closing's 同志们，, 谢谢大家
and footer words, and at spaces that follow a sentence end or an open heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..numbering import CN_NUMERALS as CN
from ..numbering import PART, POINT, match_ordinal
from ..punctuation import normalize_punctuation
from ..text import clean_text

#: Words that start a web page's footer or metadata block (never a speech's text).
FOOTER_WORDS = (
    "责任编辑", "编辑：", "编辑:", "审核：", "审核:", "校对：", "版权所有", "Copyright", "copyright",
    "©", "网站地图", "联系我们", "上一篇", "下一篇", "分享到", "扫一扫", "打印本页", "关闭窗口",
    "【打印】", "【关闭】", "ICP备", "网站标识码", "主办单位", "承办单位", "返回顶部", "相关阅读",
    "相关链接", "【字体", "【字号",
)

_SPACE_CHARS = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_TRANSLATE = {ord(c): " " for c in _SPACE_CHARS}
_TRANSLATE.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})
_TRANSLATE.update({ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\r"): "\n", ord("\x0b"): "\n",
                   ord("\x0c"): "\n"})

_MD_PREFIX = re.compile(r"^ {0,3}(?:(#{1,6})\s+|>\s?|[-*+]\s+(?=\S))")
_MD_RULE = re.compile(r"^ {0,3}(?:[-*_] ?){3,}$")
# Neither part may hold its own opening bracket, so a line of 50,000 "[" is scanned once,
# not once per bracket.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")
_MD_EMPH = re.compile(r"\*\*|__")
#: A paragraph led by a bold sentence (**加强领导。**正文…), as Markdown and our .docx reader write it.
_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(?P<lead>[^*_\n]+?)(?:\*\*|__)(?P<mark>[。！？!?]?)")
_LEAD_END = "。！？!?"


_FOOTER_ALT = "|".join(re.escape(w) for w in FOOTER_WORDS)

#: What must start a paragraph: a line beginning so is never joined to the line before.
_STARTER = re.compile(
    rf"""^(?:[{CN}]{{1,3}}\s*[、.．]
        | [（(]\s*[{CN}]{{1,3}}\s*[）)]
        | \d{{1,2}}\s*[.．、](?!\d)
        | [（(]\s*\d{{1,2}}\s*[）)]
        | (?:各位|尊敬的|同志们|朋友们|女士们)
        | 谢谢
        | [—－-]{{1,2}}
        | [（(]\s*\d{{4}}\s*年
        | [{CN}]{{1,2}}是
        | 其[{CN}][，,、是]
        | (?:首先|其次|再次|最后|第[{CN}])[，,、]
        | {_FOOTER_ALT})""",
    re.X,
)

#: Cut points inside a run-together paragraph.
_CUT = re.compile(
    rf"""(?P<ws>\s+)
       | (?P<l1>(?<![第\d{CN}])[{CN}]{{1,3}}、(?=\S))
       | (?P<l2>[（(][{CN}]{{1,3}}[）)])
       | (?P<sal>(?:各位[\u4e00-\u9fff、，,]{{0,20}}?)?同志们(?:、朋友们)?[：:])
       | (?P<close>同志们[，,！!])
       | (?P<thanks>谢谢(?:大家|各位)?[！!。.]?)
       | (?P<foot>{_FOOTER_ALT})""",
    re.X,
)

#: A salutation at the start of a paragraph (同志们： 各位领导、同志们：).
SALUTATION_HEAD = re.compile(
    r"^(?:尊敬的[^。！？!?：:]{1,40}|各位[^。！？!?：:]{1,30}|同志们(?:、朋友们)?|朋友们|女士们、先生们)[：:]")

_SENTENCE_END = re.compile(r"[。！？!?][”’」』]?$|……[”’]?$")
_HAS_SENTENCE_END = re.compile(r"[。！？!?]")
_OPEN_HEADING = re.compile(rf"^(?:[{CN}]{{1,3}}、|[（(][{CN}]{{1,3}}[）)])(?P<body>[^。！？!?]{{4,}})$")
_JOINER_END = "，、：；“‘（《—,;:("
_CLOSER_START = "，。、；：！？）”’》…,.;:!?)"
_HAN_OR_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…]")
_WS_RUN = re.compile(r"\s+")


@dataclass(slots=True)
class Unit:
    """A paragraph or a piece of a run-together paragraph, its text normalised.

    `header` marks the text before the salutation of a run-together speech, whose
    spaces are kept (single) so navigation and title can be told apart; `collapsed`
    marks pieces cut from a run-together paragraph; `lead` is the bold sentence that
    opens the paragraph (its heading, in forms that lead a point with a bold sentence and
    no ordinal), "" when there is none.
    """

    text: str
    header: bool = False
    collapsed: bool = False
    lead: str = ""


@dataclass(slots=True)
class _Line:
    text: str
    indent: bool
    blank_before: bool
    md_heading: bool
    lead: str = ""


def iter_lines(text: str) -> list[_Line]:
    """Return the non-empty lines of `text`, cleaned, with their paragraph signals."""
    text = clean_text(text.replace("\r\n", "\n")).translate(_TRANSLATE)
    lines: list[_Line] = []
    blank = False
    for raw in text.split("\n"):
        if not raw.strip() or _MD_RULE.match(raw):
            blank = True
            continue
        indent = raw.startswith(("  ", "\u3000"))
        stripped = raw.strip(" \u3000")
        match = _MD_PREFIX.match(stripped)
        md_heading = bool(match and match.group(1))
        if match:
            stripped = stripped[match.end():]
        stripped = _MD_LINK.sub(r"\1", stripped)
        bold = _BOLD_LEAD.match(stripped)
        lead = ""
        if bold and (bold.group("mark") or bold.group("lead").rstrip()[-1:] in _LEAD_END):
            lead = (bold.group("lead") + bold.group("mark")).strip(" \u3000")
        stripped = _MD_EMPH.sub("", stripped).strip(" \u3000")
        if stripped:
            lines.append(_Line(stripped, indent, blank, md_heading, lead))
        blank = False
    return lines


def _wrap_width(lines: list[_Line]) -> int | None:
    """Return the width hard-wrapped text was wrapped at, or None when it was not."""
    lengths = [len(line.text) for line in lines if len(line.text) >= 10]
    if len(lengths) < 6:
        return None
    counts = Counter(lengths)
    for width in sorted(counts, reverse=True):
        share = sum(counts.get(w, 0) for w in range(width - 2, width + 1)) / len(lengths)
        if share >= 0.4:
            return width
    return None


def _is_heading_line(text: str) -> bool:
    return bool(match_ordinal(text, tolerant=True, levels=(PART, POINT)) and len(text) <= 60
                and not _HAS_SENTENCE_END.search(text) and text[-1] not in _JOINER_END)


def join_lines(lines: list[_Line]) -> list[str]:
    """Return the paragraphs: lines wrapped in mid-sentence are joined back together."""
    return [text for text, _ in _join_lines(lines)]


def _join_lines(lines: list[_Line]) -> list[tuple[str, str]]:
    """Return (paragraph, its bold lead) for `lines`, wrapped lines joined back together."""
    if not lines:
        return []
    width = _wrap_width(lines)
    blank_mode = sum(line.blank_before for line in lines[1:]) >= max(2, len(lines) // 5)
    indented = sum(line.indent for line in lines)
    indent_mode = not blank_mode and 0.15 * len(lines) <= indented <= 0.85 * len(lines)
    paragraphs: list[str] = [lines[0].text]
    leads = [lines[0].lead]
    para_indented = lines[0].indent
    prev = lines[0]
    for line in lines[1:]:
        if not line.lead and _continues(prev, line, width, blank_mode, indent_mode, para_indented):
            paragraphs[-1] = _glue(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
            leads.append(line.lead)
            para_indented = line.indent
        prev = line
    return list(zip(paragraphs, leads, strict=True))


def _continues(prev: _Line, line: _Line, width: int | None, blank_mode: bool,
               indent_mode: bool, para_indented: bool) -> bool:
    text, before = line.text, prev.text
    if prev.md_heading or line.md_heading or _STARTER.match(text):
        return False
    if SALUTATION_HEAD.match(before) and len(before) <= 40 and before[-1] in "：:":
        return False
    if (blank_mode and line.blank_before) or (indent_mode and line.indent):
        return False
    if before[-1] in _JOINER_END or text[0] in _CLOSER_START:
        return True
    if width is not None and len(before) >= width - 2:
        return True
    if _is_heading_line(before):
        return False
    if blank_mode:
        return True
    return indent_mode and para_indented


def _glue(left: str, right: str) -> str:
    # only Latin words keep a space across a line break; Chinese and digits join up
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def normalize(text: str, keep_spaces: bool = False) -> str:
    """Return `text` with full-width punctuation, canonical ordinals and no stray spaces."""
    text = text.strip()
    ordinal = match_ordinal(text, tolerant=True)
    if ordinal is not None:
        # （1） keeps its Arabic digit; every ordinal takes the form the genre writes.
        text = f"{ordinal.canonical}{text[ordinal.end:]}"
    if keep_spaces:
        return _WS_RUN.sub(" ", normalize_punctuation(_WS_RUN.sub(" ", text))).strip()
    text = normalize_punctuation(text)
    return _WS_RUN.sub(lambda m: _space(text, m.start(), m.end()), text).strip()


def _space(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not before or not after or _HAN_OR_WIDE.match(before) or _HAN_OR_WIDE.match(after):
        return ""
    return " "


def _tail(text: str, end: int) -> str:
    """Return the last few characters of `text[:end]` without trailing spaces: enough for
    `_SENTENCE_END`, without copying the text before them (a line of 谢谢谢谢… stays linear)."""
    while end and text[end - 1].isspace():
        end -= 1
    return text[max(0, end - 4):end]


def _is_collapsed(paragraph: str) -> bool:
    for match in _CUT.finditer(paragraph):
        kind = match.lastgroup
        if kind == "ws" or match.start() == 0:
            continue
        if kind in ("l1", "l2", "sal", "foot"):
            return True
        if kind == "thanks" and _SENTENCE_END.search(_tail(paragraph, match.start())):
            return True
    return False


def split_units(text: str) -> list[Unit]:
    """Return the units of `text`: paragraphs, with run-together text split at ordinals."""
    units: list[Unit] = []
    for paragraph, lead in _join_lines(iter_lines(text)):
        if _is_collapsed(paragraph):
            units.extend(_split_collapsed(paragraph))
            continue
        salutation = SALUTATION_HEAD.match(paragraph)
        if salutation and salutation.end() < len(paragraph):
            units.append(Unit(normalize(salutation.group())))
            units.append(Unit(normalize(paragraph[salutation.end():])))
        else:
            unit = Unit(normalize(paragraph))
            lead = normalize(lead) if lead else ""
            if lead and len(lead) < len(unit.text) and unit.text.startswith(lead):
                unit.lead = lead
            units.append(unit)
    return [u for u in units if u.text]


def _split_collapsed(paragraph: str) -> list[Unit]:
    """Split a run-together paragraph (a whole speech in one line) into units."""
    units: list[Unit] = []
    header = ""
    sal = next((m for m in _CUT.finditer(paragraph) if m.lastgroup == "sal"), None)
    if sal is not None and not _HAS_SENTENCE_END.search(paragraph[: sal.start()]):
        header, paragraph = paragraph[: sal.start()], paragraph[sal.start():]
    if header.strip():
        units.append(Unit(normalize(header, keep_spaces=True), header=True, collapsed=True))
    buf = ""  # the unit being built; checks look at its ends only, so the pass stays linear

    def flush() -> None:
        nonlocal buf
        piece, buf = buf.strip(), ""
        if piece:
            units.append(Unit(normalize(piece), collapsed=True))

    last = 0
    sal_done = False
    for match in _CUT.finditer(paragraph):
        buf += paragraph[last: match.start()]
        last = match.end()
        kind, token = match.lastgroup, match.group()
        so_far = buf.rstrip()
        at_end = not so_far.strip() or bool(_SENTENCE_END.search(so_far[-3:]))
        open_heading = (len(so_far) < 80 and bool(_OPEN_HEADING.match(so_far.strip()))
                        and so_far[-1] not in _JOINER_END)
        if kind == "ws":
            if so_far.strip() and (at_end or open_heading or so_far.endswith(("：", ":"))):
                flush()
            elif buf and not buf.endswith(" "):
                buf += " "
            continue
        if kind == "l1" and (at_end or open_heading):
            flush()
        elif kind == "l2" and (at_end or open_heading or so_far.endswith(("：", ":", "；", ";"))):
            flush()
        elif kind == "sal" and not sal_done and not so_far.strip():
            sal_done = True
            buf = token
            flush()
            continue
        elif kind in ("close", "thanks") and at_end:
            flush()
            if kind == "thanks":
                buf = token
                flush()
                continue
        elif kind == "foot":
            flush()
        buf += token
    buf += paragraph[last:]
    flush()
    return units
