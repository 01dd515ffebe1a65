"""Outline recovery: units -> title block, salutation, opening, parts, points, closing.

One linear pass over the units finds where the speech begins and ends (navigation
before the title and footers after 谢谢大家 are ignored), then the parts (一、), their
points (（一）, or 1. / 一是… paragraphs when a part has no （一）) and the enumerations
inside each point. Text that fits nowhere is kept in `unplaced`, never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..numbering import CN_NUMERALS as CN
from ..numbering import chinese_numeral, parse_chinese_numeral
from .items import first_sentence, item_body, split_items
from .leads import led_points
from .lines import FOOTER_WORDS, Unit, split_units
from .outline import Outline, Part, Point
from .paragraphs import Paragraphs, joined_text
from .speaker import read_speaker

_L1 = re.compile(rf"^([{CN}]{{1,3}})、")
_L2 = re.compile(rf"^（([{CN}]{{1,3}})）")
_SALUTATION = re.compile(
    r"^(?:尊敬的[^。！？]{1,40}|各位[^。！？]{1,30}|同志们|朋友们|女士们、先生们)[^。！？]{0,20}：$")
_THANKS = re.compile(r"^谢谢(?:大家|各位)?[！。]?$")
_CLOSING_START = re.compile(r"^(?:同志们|各位同志)(?:、朋友们)?[，！]")
_TITLE = re.compile(
    r"在[^。！？>|｜/\\：:]{2,80}?(?:上|中|时|之际)的(?:讲话|发言|致辞|讲话提纲|主持词|总结讲话"
    r"|动员讲话|表态发言|工作报告|辅导报告|主题报告|报告)")
_TITLE_END = re.compile(r"(?:讲话|发言|致辞|讲话稿|讲稿|报告|讲话提纲|主持词)$")
_SUBTITLE = re.compile(r"^(?:——|—|－－|--)\s*")
_TRAILING_DASH = re.compile(r"(?:——|—|－－|--)\s*$")
_DATE_PAREN = re.compile(r"（\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*）")
_META = re.compile(r"来源|发布时间|发布日期|发布者|发布机构|发文机关|所属机构|索引号|成文日期|主题分类|"
                   r"作者|浏览|点击|阅读|字号|字体|打印|分享|时间：|"
                   r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}")
_NAV = re.compile(r"首页|当前位置|您的位置|您现在的位置|[>›»|｜]|网站|导航|登录|注册|搜索|English|"
                  r"无障碍|频道|栏目|正文|新闻中心|政务公开|领导讲话$")
_FOOTER = re.compile("|".join(re.escape(w) for w in FOOTER_WORDS)
                     + r"|https?://|www\.|\.cn\b|\.com\b|电话：|邮编|备案")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SPEAKER = re.compile(r"^[\u4e00-\u9fff·、\u3000 ]{2,30}$")
_SENTENCE_END = re.compile(r"[。！？]")
_CLAUSE = re.compile(r"[，；]")


@dataclass(slots=True)
class _PartDraft:
    heading: str
    units: list[Unit] = field(default_factory=list)
    fused_rest: str = ""


def parse_outline(text: Paragraphs) -> Outline:
    """Return the outline of the speech in `text` (plain text or Markdown), or in its
    paragraphs (strings, or `SourceParagraph`s from `workbench.readers`).

    Copes with web-pasted text: navigation and footers (kept in `ignored`), half-width
    punctuation, lines wrapped mid-sentence, a whole speech on one line, extra spaces,
    a date line, a spaced-out speaker name and a subtitle line starting with ——.
    """
    return _Builder(split_units(joined_text(text))).build()


class _Builder:
    """Builds an `Outline` from units in a few linear passes."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.ignored: list[str] = []
        self.unplaced: list[str] = []
        self.notes: list[str] = []
        self.title: str | None = None
        self.subtitle: str | None = None
        self.speaker: str | None = None
        self.date: str | None = None

    # -- the frame: header, salutation, end -------------------------------------------------

    def build(self) -> Outline:
        units = self.units
        first_l1 = next((i for i, u in enumerate(units) if _L1.match(u.text)), len(units))
        salutation = None
        start = 0
        for i, unit in enumerate(units[:first_l1]):
            if _SALUTATION.match(unit.text) and len(unit.text) <= 40:
                salutation, start = unit.text, i + 1
                break
        if salutation is None:
            start = self._header_end(first_l1)
            self.notes.append("未找到称谓（如“同志们：”）")
        self._header(units[: start - 1 if salutation else start])
        end = self._body_end(start)
        body = units[start:end]
        opening, parts, closing = self._body(body)
        if not parts:
            self.notes.append("未识别出“一、”“（一）”等层次标题，全文作为开头")
        return Outline(
            title=self.title,
            subtitle=self.subtitle,
            speaker_line=self._speaker_line(),
            salutation=salutation,
            opening=opening or None,
            parts=tuple(parts),
            closing=closing or None,
            unplaced=tuple(self.unplaced),
            ignored=tuple(self.ignored),
            notes=tuple(self.notes),
        )

    def _header_end(self, limit: int) -> int:
        """Without a salutation: the header is the leading short lines without a sentence end."""
        for i, unit in enumerate(self.units[:limit]):
            if _SENTENCE_END.search(unit.text) and not _is_meta(unit.text):
                return i
        return limit

    def _body_end(self, start: int) -> int:
        units = self.units
        thanks = None
        for i in range(len(units) - 1, start - 1, -1):
            if _THANKS.match(units[i].text):
                thanks = i
                break
        if thanks is not None:
            self.ignored.extend(u.text for u in units[thanks + 1:])
            return thanks + 1
        end = len(units)
        while end > start and _is_footer(units[end - 1].text):
            end -= 1
        self.ignored.extend(u.text for u in units[end:])
        return end

    # -- title block --------------------------------------------------------------------------

    def _header(self, units: list[Unit]) -> None:
        pieces = _join_wrapped_title([u.text for u in units])
        title_at = None
        for i, text in enumerate(pieces):
            match = _TITLE.search(text)
            if match:
                before, title, after = text[: match.start()], match.group(), text[match.end():]
                title_at = i
                break
        if title_at is None:
            for i, text in enumerate(pieces):
                if not _is_nav(text) and not _is_meta(text) and _TITLE_END.search(text):
                    title_at, before, title, after = i, "", text, ""
                    break
        if title_at is None:
            for i, text in enumerate(pieces):
                if not (_is_nav(text) or _is_meta(text) or _SUBTITLE.match(text)
                        or _DATE_PAREN.search(text)):
                    title_at, before, title, after = i, "", text, ""
                    break
        if title_at is None:
            for text in pieces:
                self._after_title(text)
            return
        self.ignored.extend(p for p in pieces[:title_at] if p.strip())
        before = before.strip()
        dashes = _TRAILING_DASH.search(before)
        if dashes:
            before, title = before[: dashes.start()].strip(), dashes.group().strip() + title
        if _SUBTITLE.match(title):
            # "——在…上的讲话" matched: the main title is the line (or text) before it
            self.subtitle = _squash(_SUBTITLE.sub("", title))
            if before and not _is_nav(before):
                self.title = _squash(before)
            elif before:
                self._nav_then_title(before)
            elif title_at and not _is_nav(pieces[title_at - 1]) and not _is_meta(pieces[title_at - 1]):
                self.title = _squash(pieces[title_at - 1])
                self.ignored.remove(pieces[title_at - 1])
        else:
            self.title = _squash(title)
            if before:
                self.ignored.append(before)
        for text in [after, *pieces[title_at + 1:]]:
            if text.strip():
                self._after_title(text.strip())

    def _nav_then_title(self, text: str) -> None:
        cut = max(text.rfind(c) for c in ">›»|｜")
        cut = max(cut, text.rfind("正文") + 1 if "正文" in text else -1)
        self.title = _squash(text[cut + 1:]) or None
        self.ignored.append(text[: cut + 1].strip())

    def _after_title(self, text: str) -> None:
        if _SUBTITLE.match(text) and self.subtitle is None:
            self.subtitle = _squash(_SUBTITLE.sub("", text))
            return
        match = _DATE_PAREN.search(text) or _DATE_LINE.match(text)
        if match:
            self.date = "（" + _squash(match.group()).strip("（）") + "）"
            for side in (text[: match.start()].strip(), text[match.end():].strip()):
                if side:
                    self._after_title(side)
            return
        speaker = None if _is_meta(text) or _is_nav(text) else read_speaker(text)
        if _is_meta(text) or _is_nav(text):
            self.ignored.append(text)
        elif speaker is not None and self.speaker is None:
            self.speaker = speaker
        elif self.title is None and not _SENTENCE_END.search(text):
            self.title = _squash(text)
        elif speaker is None and _SPEAKER.match(text):
            # Reads like a header line but not as a speaker's: a site's banner, a menu,
            # an advert (speaker.py).
            self.ignored.append(text)
        else:
            self.unplaced.append(text)

    def _speaker_line(self) -> str | None:
        if self.speaker is None and self.date is None:
            return None
        return (self.speaker or "") + (self.date or "")

    # -- the body -----------------------------------------------------------------------------

    def _body(self, body: list[Unit]) -> tuple[str, list[Part], str]:
        level = _L1 if any(_L1.match(u.text) for u in body) else _L2
        opening: list[str] = []
        drafts: list[_PartDraft] = []
        for unit in body:
            match = level.match(unit.text)
            if match and parse_chinese_numeral(match.group(1)) == len(drafts) + 1:
                drafts.append(_PartDraft(unit.text[match.end():]))
                drafts[-1].units.append(unit)
            elif drafts:
                drafts[-1].units.append(unit)
            else:
                opening.append(unit.text)
        closing: list[str] = []
        if drafts:
            closing = self._closing(drafts[-1], level)
        else:
            opening, closing = self._closing_without_parts(opening)
        self._split_fused(drafts)
        parts = [self._part(n, d, level) for n, d in enumerate(drafts, 1)]
        return "\n".join(opening), parts, "\n".join(closing)

    def _closing(self, draft: _PartDraft, level: re.Pattern[str]) -> list[str]:
        """Take the closing (同志们，… 谢谢大家！) off the end of the last part."""
        units = draft.units
        sub = _L2 if level is _L1 else None
        last_point = 0
        for i, unit in enumerate(units):
            if i and sub is not None and sub.match(unit.text):
                last_point = i
        for i in range(max(1, last_point + 1), len(units)):
            if _CLOSING_START.match(units[i].text):
                closing = [u.text for u in units[i:]]
                del units[i:]
                return closing
        if len(units) > 1 and _THANKS.match(units[-1].text):
            self.notes.append("未找到以“同志们，”开始的结尾，结尾只取“谢谢大家”")
            return [units.pop().text]
        self.notes.append("未找到结尾")
        return []

    def _closing_without_parts(self, opening: list[str]) -> tuple[list[str], list[str]]:
        for i in range(len(opening) - 1, 0, -1):
            if _CLOSING_START.match(opening[i]):
                return opening[:i], opening[i:]
        if len(opening) > 1 and _THANKS.match(opening[-1]):
            return opening[:-1], opening[-1:]
        return opening, []

    def _split_fused(self, drafts: list[_PartDraft]) -> None:
        """Split level-1 headings run together with their first sentence (one-line text)."""
        clean = [d.heading for d in drafts
                 if d.units[0].collapsed and not _SENTENCE_END.search(d.units[0].text)]
        profile = _clause_profile(clean)
        for n, draft in enumerate(drafts, 1):
            unit = draft.units[0]
            if not unit.collapsed or not _SENTENCE_END.search(unit.text):
                continue
            head, rest = _split_heading(draft.heading, profile)
            if rest:
                draft.heading, draft.fused_rest = head, rest
                if profile is None:
                    self.notes.append(f"第{chinese_numeral(n)}部分的标题可能与正文连在一起，请核对")

    def _part(self, n: int, draft: _PartDraft, level: re.Pattern[str]) -> Part:
        units = draft.units
        heading = draft.heading
        intro: list[str] = []
        if draft.fused_rest:
            intro.append(draft.fused_rest)
        elif _SENTENCE_END.search(heading):
            # a run-in level-1 heading: 一、标题。正文…
            heading, _, rest = first_sentence(heading)
            if rest:
                intro.append(rest)
        leads = [""] * len(intro)
        sub = _L2 if level is _L1 else None
        groups: list[list[Unit]] = []
        for unit in units[1:]:
            match = sub.match(unit.text) if sub else None
            if match and parse_chinese_numeral(match.group(1)) == len(groups) + 1:
                groups.append([unit])
            elif groups:
                groups[-1].append(unit)
            else:
                intro.append(unit.text)
                leads.append(unit.lead)
        if groups:
            points = self._points(groups)
            return Part(heading.strip(), "\n".join(intro), tuple(points))
        led = led_points(intro, leads)
        if led is not None:
            # 一方面…另一方面…, 首先…其次…, bold lead sentences: the forms without ordinals
            before, points = led
            return Part(heading.strip(), "\n".join(before), tuple(points))
        return self._part_without_subheadings(n, heading.strip(), "\n".join(intro))

    def _points(self, groups: list[list[Unit]]) -> list[Point]:
        heads = [_L2.sub("", g[0].text, count=1) for g in groups]
        clean = [h for g, h in zip(groups, heads, strict=True)
                 if g[0].collapsed and not _SENTENCE_END.search(h)]
        profile = _clause_profile(clean)
        points = []
        for group, head in zip(groups, heads, strict=True):
            rest_units = [u.text for u in group[1:]]
            if not _SENTENCE_END.search(head):
                heading, rest, runin = head, "", False
            elif group[0].collapsed and profile is not None:
                heading, rest = _split_heading(head, profile)
                runin = not rest
                if runin:
                    heading, _, rest = first_sentence(head)
            else:
                heading, _, rest = first_sentence(head)
                runin = True
            text = "\n".join(t for t in [rest, *rest_units] if t)
            body, items = split_items(text)
            points.append(Point(heading, body, items, runin=runin, level=2))
        return points

    def _part_without_subheadings(self, n: int, heading: str, text: str) -> Part:
        """A part without （一）: its points are 1. paragraphs or 一是… paragraphs, if any."""
        intro, items = split_items(text, ("arabic", "shi"))
        if not items:
            return Part(heading, text, ())
        points = []
        for item in items:
            whole = item_body(item)
            lead, end, rest = first_sentence(whole)
            body, inner = split_items(rest)
            body = body if inner else rest
            level = 3 if item.family == "arabic" else 0
            points.append(Point(lead, body, inner, runin=end != "\n", level=level))
        return Part(heading, intro, tuple(points))


# -- helpers ------------------------------------------------------------------------------------


def _clause_profile(headings: list[str]) -> tuple[int, int] | None:
    """Return (clauses, length of the last clause) shared by clean sibling headings."""
    if not headings:
        return None
    shapes = Counter((len(_CLAUSE.split(h)), len(_CLAUSE.split(h)[-1])) for h in headings)
    return shapes.most_common(1)[0][0]


def _split_heading(text: str, profile: tuple[int, int] | None) -> tuple[str, str]:
    """Split a heading run together with the text after it, using its siblings' shape.

    Sibling headings are parallel (对仗): as many clauses, the last one as long. Without a
    profile, the first sentence is taken as the heading.
    """
    sentence, end, rest = first_sentence(text)
    if profile is None:
        return sentence, rest
    count, last_len = profile
    clauses = _CLAUSE.split(sentence)
    if len(clauses) < count or len(clauses[count - 1]) <= last_len:
        return text, ""
    offset = sum(len(c) + 1 for c in clauses[: count - 1]) + last_len
    head, tail = sentence[:offset], sentence[offset:]
    return head, f"{tail}{end}{rest}".strip()


def _is_footer(text: str) -> bool:
    if _FOOTER.search(text):
        return True
    return len(text) <= 8 and not re.search(r"[。！？，]", text) and not _L1.match(text)


def _is_meta(text: str) -> bool:
    return bool(_META.search(text)) and len(text) < 120


def _is_nav(text: str) -> bool:
    return bool(_NAV.search(text)) and not _TITLE.search(text) and len(text) < 120


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).strip()


def _join_wrapped_title(pieces: list[str]) -> list[str]:
    """Join a title wrapped over two lines (在…县2026年… / …会议上的讲话)."""
    if any(_TITLE.search(p) for p in pieces):
        return pieces
    for i in range(len(pieces) - 1):
        joined = pieces[i] + pieces[i + 1]
        if _TITLE.search(joined) and not _is_nav(pieces[i]):
            return [*pieces[:i], joined, *pieces[i + 2:]]
    return pieces
