"""Local specifics (本地要素) found in an imported speech, turned into fact references.

Text is held as segments: literal strings and `Ref`s to facts. Each stage finds one kind
of specific in the literal segments that earlier stages left (the place first, so a
company or meeting named after the county keeps no trace of it), then replaces every
occurrence. Rendering a `Ref` with its fact's example gives back the literal it replaced.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..facts import FactSpec, coerce, display
from ..places import SHORT_NAME_SUFFIXES

#: Administrative suffixes of a place name (县/市/区 keep a short form: 青山县 -> 青山).

#: Idioms that contain a county's short form but do not name it (绿水青山).
IDIOMS = ("绿水青山", "青山绿水", "金山银山", "东山再起", "万水千山", "江山如画", "锦绣河山",
          "大好河山", "青山常在", "靠山吃山")

_HAN = "\u4e00-\u9fff"
_GENERIC = set("全各本我该每这那此其县市区镇乡村城社")
_PLACE_IN_TITLE = re.compile(rf"在([{_HAN}]{{2,4}}?)([县市区])")
_PLACE_OUR = re.compile(rf"我([{_HAN}]{{2,3}}?)([县市区])")
_PLACE_ORGAN = re.compile(rf"(?:^|[^{_HAN}])([{_HAN}]{{2,3}}?)([县市区])(?:委|人民政府|政府|人大|政协)")
_TOWN = re.compile(rf"(?:^|(?<=[，。、；：“（\n在对和与及]))([{_HAN}]{{2,3}}?)(镇|乡|街道)(?![村镇长政党干])")
_DATE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
_MEETING = re.compile(r"在(.+?)(?:上|中|时|之际)的")
_UPPER = re.compile(r"(?:传达|学习|贯彻|落实)(?:学习|贯彻|落实)?([^，。；：、]{4,30}?(?:会议|全会|大会))精神")
_UNITS = ("万人次", "人次", "万元", "亿元", "万吨", "万亩", "公里", "千米", "个百分点", "处", "人", "名",
          "%", "％", "家", "个", "起", "次", "户", "项", "辆", "吨", "亩", "座", "所", "条", "台", "套",
          "件", "场", "批", "元", "万")
_FIGURE = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?=(" + "|".join(re.escape(u) for u in _UNITS) + "))")
_COMPANY = re.compile(
    rf"([{_HAN}（）]{{1,24}}?)(有限责任公司|股份有限公司|有限公司|公司|集团(?!化)|厂(?![房区长矿址]))")
_COMPANY_CUT = re.compile(
    "督促|要求|推动|组织|指导|支持|鼓励|引导|帮助|协调|配合|会同|联合|依托|通过|以及|包括|其中|特别是|"
    "尤其是|对|由|在|和|与|及|是|把|被|让|向|为|同|跟|给|从|等|如|像|将|了|的|或")
_COMPANY_GENERIC = re.compile(r"^(?:各|该|本|这|那|每|全|某|子|分|母|总|国有|民营|上市|一家|有关|相关|"
                              r"[县市区镇乡]属|大型|小型|中小|重点|骨干|龙头|工|电|水|药|类)+$")
#: Words that open a figure's clause without naming the figure (去年, 力争, 共…), stripped
#: whole from the label's start; the label itself is never cut inside a word.
_LABEL_LEAD = re.compile(r"^(?:去年以来|今年以来|近年来|去年|今年|明年|全年|上半年|下半年|年底前|年内|"
                         r"目前|截至目前|当前|力争|争取|确保|共|累计|已经|已)+")
_LABEL_TRIM = re.compile(r"(?:达到|达|为|是|约|共|了|近|超过|累计|全年|今年|去年|已)+$")
#: A clause ending so counts something named after the figure (全县还有12个村…).
_LABEL_EXISTENTIAL = ("有",)
#: Longest label clause, in characters; a longer one starts after its last 的、在、对…
_LABEL_MAX = 16
_LABEL_CUT = "的在对和与及把将从向"


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a fact inside template text; `expr` is the Jinja expression."""

    fact: str
    expr: str


Segments = list[str | Ref]


@dataclass(slots=True)
class Found:
    """A fact found in the speech: its spec and how to render it."""

    spec: FactSpec
    literal: str


class LocalFacts:
    """The facts of one imported speech, in the order they were found."""

    def __init__(self) -> None:
        self.found: dict[str, Found] = {}
        self._speaker_date: str | None = None

    @property
    def specs(self) -> list[FactSpec]:
        """The fact specs, in order."""
        return [f.spec for f in self.found.values()]

    def add(self, fact_id: str, label: str, kind: str, literal: str, required: bool = True,
            value: Any = None, help_text: str = "") -> str:
        """Declare a fact whose example renders as `literal`; return its id."""
        if fact_id not in self.found:
            spec = FactSpec(fact_id, label, kind, required, literal if value is None else value,
                            help_text)
            self.found[fact_id] = Found(spec, literal)
        return fact_id

    # -- stages -------------------------------------------------------------------------------

    def factorize(self, fields: list[Segments], title: str, speaker_post: str = "",
                  speaker_date: str | None = None) -> None:
        """Find every kind of local specific in `fields` and replace it, stage by stage.

        `fields[0]` is the title; `speaker_date` the date of the speaker line, which
        becomes the fact `date` (other dates are date_1, date_2…).
        """
        self._speaker_date = speaker_date
        self._place(fields, title, speaker_post)
        self._towns(fields)
        self._dates(fields)
        self._meetings(fields, title)
        self._figures(fields)
        self._companies(fields)

    def _place(self, fields: list[Segments], title: str, speaker_post: str) -> None:
        text = "\n".join(_literals(fields))
        match = None
        for pattern, source in ((_PLACE_IN_TITLE, title), (_PLACE_OUR, text),
                                (_PLACE_ORGAN, speaker_post), (_PLACE_ORGAN, text)):
            for candidate in pattern.finditer(source):
                if not _GENERIC & set(candidate.group(1)):
                    match = candidate
                    break
            if match:
                break
        if match is None:
            self.found["place"] = Found(
                FactSpec("place", "地名", "text", False, None, "未在范文中识别出地名，请在正文中自行替换"),
                "")
            return
        short, suffix = match.group(1), match.group(2)
        place = short + suffix
        self.add("place", "地名", "text", place, help_text="讲话针对的县（市、区）名称")
        trim = f'{{{{ place | trim("{SHORT_NAME_SUFFIXES}") }}}}'
        replacements: list[tuple[str, Ref | None]] = [(place, Ref("place", "{{ place }}"))]
        replacements += [(idiom, None) for idiom in IDIOMS if short in idiom]
        replacements.append((short, Ref("place", trim)))
        _replace_all(fields, replacements)

    def _towns(self, fields: list[Segments]) -> None:
        names: list[str] = []
        for literal in _literals(fields):
            for match in _TOWN.finditer(literal):
                if not _GENERIC & set(match.group(1)) and match.group() not in names:
                    names.append(match.group())
        reps: list[tuple[str, Ref | None]] = []
        for n, name in enumerate(names, 1):
            fid = self.add(f"town_{n}", f"乡镇（街道）{n}", "text", name)
            reps.append((name, Ref(fid, f"{{{{ {fid} }}}}")))
        _replace_all(fields, reps)

    def _dates(self, fields: list[Segments]) -> None:
        reps: list[tuple[str, Ref | None]] = []
        seen: set[str] = set()
        for literal in _literals(fields):
            for match in _DATE.finditer(literal):
                text = match.group()
                try:
                    value = _dt.date(*(int(g) for g in match.groups()))
                except ValueError:
                    continue
                if text in seen or display(value) != text:
                    continue
                seen.add(text)
                if text == self._speaker_date:
                    fid, label = "date", "会议日期"
                else:
                    count = sum(1 for f in self.found if f.startswith("date_")) + 1
                    fid, label = f"date_{count}", f"日期{count}"
                self.add(fid, label, "date", text, value=value)
                reps.append((text, Ref(fid, f"{{{{ {fid} }}}}")))
        _replace_all(fields, reps, pattern_of=lambda lit: rf"(?<!\d){re.escape(lit)}")

    def _meetings(self, fields: list[Segments], title: str) -> None:
        reps: list[tuple[str, Ref | None]] = []
        title_field = fields[0] if fields else []
        literal_title = "".join(s if isinstance(s, str) else "\x00" for s in title_field)
        match = _MEETING.search(literal_title)
        if match:
            meeting = match.group(1).split("\x00")[-1].strip()
            # The title keeps the meeting's name as text unless the speech names the
            # meeting again: a fact that only the title uses would only be a blank to fill.
            if len(meeting) >= 4 and any(meeting in lit for lit in _literals(fields[1:])):
                self.add("meeting", "会议名称", "text", meeting, help_text="本次会议的名称")
                reps.append((meeting, Ref("meeting", "{{ meeting }}")))
        for literal in _literals(fields):
            for upper in _UPPER.finditer(literal):
                name = upper.group(1)
                if len(name) >= 4 and "upper_meeting" not in self.found:
                    self.add("upper_meeting", "传达的上级会议", "text", name)
                    reps.append((name, Ref("upper_meeting", "{{ upper_meeting }}")))
        reps.sort(key=lambda r: -len(r[0]))
        _replace_all(fields, reps)

    def _figures(self, fields: list[Segments]) -> None:
        ids: dict[tuple[str, str], str] = {}
        for field in fields:
            for i, seg in enumerate(field):
                if not isinstance(seg, str):
                    continue
                out: Segments = []
                last = 0
                for match in _FIGURE.finditer(seg):
                    number, unit = match.group(1), match.group(2)
                    key = (number, unit)
                    if key not in ids:
                        fid = f"figure_{len(ids) + 1}"
                        label = figure_label(seg, match.start(), match.end())
                        value = _number(number)
                        if value is not None and display(value) == number:
                            self.add(fid, label, "number", number, value=value)
                        else:
                            self.add(fid, label, "text", number)
                        ids[key] = fid
                    out.append(seg[last: match.start()])
                    out.append(Ref(ids[key], f"{{{{ {ids[key]} }}}}"))
                    last = match.end()
                if out:
                    out.append(seg[last:])
                    field[i: i + 1] = [s for s in out if s != ""]
        _flatten(fields)

    def _companies(self, fields: list[Segments]) -> None:
        names: list[str] = []
        for literal in _literals(fields):
            for match in _COMPANY.finditer(literal):
                name_part = _COMPANY_CUT.split(match.group(1))[-1]
                if len(name_part) < 2 or _COMPANY_GENERIC.match(name_part):
                    continue
                name = name_part + match.group(2)
                if name not in names:
                    names.append(name)
        reps: list[tuple[str, Ref | None]] = []
        for n, name in enumerate(names, 1):
            fid = self.add(f"company_{n}", f"企业名称{n}", "text", name)
            reps.append((name, Ref(fid, f"{{{{ {fid} }}}}")))
        reps.sort(key=lambda r: -len(r[0]))
        _replace_all(fields, reps)


def _number(text: str) -> int | float | None:
    try:
        return coerce(FactSpec("n", "n", "number"), text)
    except ValueError:
        return None


def figure_label(text: str, start: int, end: int) -> str:
    """Return the label of the figure `text[start:end]` (number and unit), in whole words:
    the clause before it with its unit (排查火灾隐患（处）), or, when that clause only says
    there is some (全县还有12个村未通客车), the clause with 多少 in the figure's place."""
    unit = _FIGURE.match(text, start)
    unit_text = unit.group(2) if unit else ""
    label = _clause_before(text, start)
    if not label or label.endswith(_LABEL_EXISTENTIAL):
        after = _han_run(text, end + len(unit_text), forward=True)
        if after:
            return f"{label}多少{unit_text}{after}"
    return f"{label or '数字'}（{unit_text}）"


def _clause_before(text: str, end: int) -> str:
    clause = _han_run(text, end, forward=False)
    label = _LABEL_TRIM.sub("", clause)
    shorter = _LABEL_LEAD.sub("", label)
    label = shorter if len(shorter) >= 2 or label.endswith(_LABEL_EXISTENTIAL) else label
    if len(label) > _LABEL_MAX:
        tail = label[-_LABEL_MAX:]
        cut = max(tail.rfind(c) for c in _LABEL_CUT)
        label = tail[cut + 1:] if 0 <= cut < len(tail) - 2 else label
    return label


def _han_run(text: str, at: int, forward: bool) -> str:
    """Return the run of Chinese characters that ends (or, `forward`, starts) at `at`."""
    if forward:
        stop = at
        while stop < len(text) and stop - at < _LABEL_MAX and _is_han(text[stop]):
            stop += 1
        return text[at:stop] if stop - at < _LABEL_MAX else ""
    start = at
    while start > 0 and _is_han(text[start - 1]):
        start -= 1
    return text[start:at]


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _literals(fields: Iterable[Segments]) -> Iterable[str]:
    for field in fields:
        for seg in field:
            if isinstance(seg, str):
                yield seg


def _flatten(fields: list[Segments]) -> None:
    for field in fields:
        merged: Segments = []
        for seg in field:
            if isinstance(seg, str) and merged and isinstance(merged[-1], str):
                merged[-1] += seg
            elif seg != "":
                merged.append(seg)
        field[:] = merged


def _replace_all(fields: list[Segments], replacements: list[tuple[str, Ref | None]],
                 pattern_of: Callable[[str], str] = re.escape) -> None:
    """Replace every literal occurrence of each value by its `Ref` (None protects it)."""
    replacements = [(lit, ref) for lit, ref in replacements if lit]
    if not replacements:
        return
    pattern = re.compile("|".join(f"({pattern_of(lit)})" for lit, _ in replacements))
    for field in fields:
        out: Segments = []
        for seg in field:
            if not isinstance(seg, str):
                out.append(seg)
                continue
            last = 0
            for match in pattern.finditer(seg):
                ref = replacements[match.lastindex - 1][1] if match.lastindex else None
                out.append(seg[last: match.start()])
                out.append(ref if ref is not None else match.group())
                last = match.end()
            out.append(seg[last:])
        field[:] = out
    _flatten(fields)


def to_source(segments: Segments) -> str:
    """Return template text for `segments`: literals and `{{ refs }}`; Jinja markup in a
    literal ({{ {% {#), or any brace beside a reference, is made full-width (｛｝), since it
    would be read as markup."""
    out = []
    has_ref = any(isinstance(seg, Ref) for seg in segments)
    for seg in segments:
        if isinstance(seg, Ref):
            out.append(seg.expr)
        elif has_ref or any(mark in seg for mark in ("{{", "{%", "{#", "}}", "%}", "#}")):
            # template markup in a speech cannot be kept as is: braces go full-width
            out.append(seg.replace("{", "｛").replace("}", "｝"))
        else:
            out.append(seg)
    return "".join(out)
