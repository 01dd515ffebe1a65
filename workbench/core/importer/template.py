"""Template extraction: an outline -> a template (the shipped YAML format) with local facts.

The template's structure is the outline; the speech's text becomes the template text,
with the place, dates, meeting names, figures and companies turned into facts whose
examples and defaults are the original values, so a new draft of the template gives
back the original speech (modulo punctuation and whitespace).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import yaml

from ..nodes import slot_text
from ..numbering import count_numeral, parse_chinese_numeral
from ..text import count_chars
from .items import item_source
from .localfacts import LocalFacts, Ref, Segments, to_source
from .outline import Item, Outline, Point

#: The template id used when none is given.
DEFAULT_ID = "imported-speech"

_ID_OK = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ANNOUNCE = re.compile(r"(?:讲|谈|强调|提|说)([一二两三四五六七八九十]+)(?:点|个方面|条|个问题)")
_SENTENCE_START = re.compile(r"[。！？\n]")
_DATE_PAREN = re.compile(r"（\d{4}年\d{1,2}月\d{1,2}日）")
_KEY_SPLIT = re.compile(r"[，、；：\s　]")
_ADVERB = re.compile(r"^(?:切实|进一步|全面|持续|坚决|着力|大力|深入|扎实|不断|更加|全力|努力|始终|"
                     r"务必|必须|着眼|聚焦|突出|坚持)+")
_ITEM_FAMILY_FOR_TEMPLATE = "shi"
_OPTIONAL_FIELDS = {"salutation", "speaker_line", "transition", "intro", "body"}
_FALLBACK = {"title": "导入的讲话稿", "key": "要点", "text": "。", "heading": "（待补充）"}


class TemplateExtraction:
    """A template made from an outline: its YAML data, the facts and notes."""

    def __init__(self, outline: Outline, template_id: str = DEFAULT_ID) -> None:
        if not _ID_OK.match(template_id):
            raise ValueError(f"template id {template_id!r} must be lowercase ASCII letters, "
                             "digits and hyphens")
        self.outline = outline
        self.template_id = template_id
        self.notes: list[str] = []
        self.facts = LocalFacts()
        self._slots: list[tuple[dict[str, Any], str, Segments]] = []
        self._speaker_date: str | None = None
        self._titles: list[tuple[dict[str, Any], Segments]] = []
        self.data = self._build()

    # -- fields are registered, factorized together, then written back -----------------------

    def _field(self, target: dict[str, Any], key: str, text: str | Segments) -> None:
        segments: Segments = [text] if isinstance(text, str) else text
        target[key] = None  # keeps the key's place; the text is written after factorizing
        self._slots.append((target, key, segments))

    def _build(self) -> dict[str, Any]:
        outline = self.outline
        data: dict[str, Any] = {"id": self.template_id}
        title = outline.title or "导入的讲话稿"
        if outline.subtitle:
            title = f"{title}\n——{outline.subtitle}"
        self._field(data, "title", title)
        data["occasion"] = ""
        data["target_chars"] = max(1, self._count_chars())
        data["description"] = "由范文导入生成，请核对要素与层次"
        if outline.salutation:
            self._field(data, "salutation", outline.salutation)
        else:
            self.notes.append("范文没有称谓，模板使用默认称谓“同志们：”")
        speaker_name = self._speaker_line(data)
        opening, transition = self._opening(len(outline.parts))
        if transition is not None:
            self._field(data, "transition", transition)
        data["facts"] = []
        openings = {"id": "original", "label": "原文开头"}
        self._field(openings, "text", opening)
        data["openings"] = [openings]
        closings = {"id": "original", "label": "原文结尾"}
        closing = outline.closing
        if not closing:
            closing = "（此处补写结尾）"
            self.notes.append("范文没有识别出结尾，模板中留了占位文字")
        self._field(closings, "text", closing.replace("\n", "\n\n"))
        data["closings"] = [closings]
        data["parts"] = [self._part(n, part) for n, part in enumerate(outline.parts, 1)]
        if not data["parts"]:
            data["parts"] = [self._empty_part()]
        data["facts"] = self._factorize(speaker_name)
        meeting = self.facts.found.get("meeting")
        place = self.facts.found["place"].literal
        occasion = _occasion(outline)
        if place and occasion.replace(place, ""):
            occasion = occasion.replace(place, "")
        data["occasion"] = (meeting.literal if meeting else None) or occasion
        return data

    def _count_chars(self) -> int:
        outline = self.outline
        pieces = [outline.opening or "", outline.closing or ""]
        for part in outline.parts:
            pieces += [part.heading, part.text]
            for point in part.points:
                pieces += [point.heading, point.text, *(item_source(i) for i in point.items)]
        return sum(count_chars(p) for p in pieces)

    def _speaker_line(self, data: dict[str, Any]) -> str | None:
        line = self.outline.speaker_line
        if not line:
            return None
        match = _DATE_PAREN.search(line)
        who = (line[: match.start()] if match else line).strip()
        rest = line[match.start():] if match else ""
        tokens = who.split("\u3000")
        name = tokens[-1] if who else ""
        segments: Segments = []
        if len(tokens) > 1:
            segments.append("\u3000".join(tokens[:-1]) + "\u3000")
        if name:
            segments.append(Ref("speaker", "{{ speaker }}"))
        if rest:
            segments.append(rest)
        self._field(data, "speaker_line", segments)
        self._speaker_date = match.group()[1:-1] if match else None
        return name or None

    def _opening(self, parts: int) -> tuple[str, Segments | None]:
        text = self.outline.opening or ""
        announce = None
        for found in _ANNOUNCE.finditer(text):
            announce = found
        if announce is not None:
            start = _sentence_start(text, announce.start())
            before, after = text[:start], text[start:].replace("\n", "")
            offset = announce.start(1) - start
            numeral = announce.group(1)
            transition: Segments
            if numeral == count_numeral(parts):
                transition = [after[:offset], Ref("parts_count", "{{ parts_count }}"),
                              after[offset + len(numeral):]]
            else:
                transition = [after]
                if parse_chinese_numeral(numeral) != parts:
                    self.notes.append(f"开头说“{announce.group()}”，正文实际有 {parts} 个部分")
            if before.strip():
                return _paragraphs(before), [s for s in transition if s != ""]
            text = after
        sentences = _split_last_sentence(text)
        if sentences is not None:
            before, last = sentences
            return _paragraphs(before), [last]
        if not text.strip():
            self.notes.append("范文没有识别出开头，模板中留了占位文字")
            text = "（此处补写开头）"
        self.notes.append("开头没有可作过渡语的句子，模板使用默认过渡语“下面，我讲…点意见。”")
        return _paragraphs(text), None

    def _part(self, n: int, part: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"id": f"part-{n}", "title": ""}
        heading: Segments = [part.heading or f"第{n}部分"]
        self._field(data, "heading", heading)
        self._titles.append((data, heading))
        points = list(part.points)
        intro = part.text
        if not points:
            from .items import first_sentence

            head, _, rest = first_sentence(intro or part.heading)
            points = [Point(head, rest)]
            intro = ""
            self.notes.append(f"第{n}部分没有分论点，已把首句作为分论点（生成时会加序号）")
        levels = {p.level for p in points}
        if levels == {3}:
            data["pattern"] = "numbered"
        elif levels == {0} and len(points) >= 2:
            data["pattern"] = "enumeration"
        else:
            runin = sum(p.runin for p in points)
            data["pattern"] = "runin" if runin * 2 >= len(points) else "subheadings"
        if intro:
            self._field(data, "intro", _paragraphs(intro))
        data["points"] = [self._point(k, p, data["pattern"]) for k, p in enumerate(points, 1)]
        return data

    def _point(self, k: int, point: Point, pattern: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": f"p{k}"}
        self._field(data, "key", key_phrase(point.heading))
        self._field(data, "heading", point.heading.replace("\n", ""))
        as_items = (pattern != "enumeration" and point.items
                    and all(i.family == _ITEM_FAMILY_FOR_TEMPLATE and not i.items for i in point.items))
        body = point.text
        if point.items and not as_items:
            verbatim = "".join(item_source(i) for i in point.items)
            body = f"{body}\n{verbatim}" if body else verbatim
        if body:
            self._field(data, "body", _paragraphs(body))
        if as_items:
            data["items"] = []
            for item in point.items:
                entry: dict[str, Any] = {}
                self._field(entry, "key", item.key.replace("\n", "") or "要点")
                self._field(entry, "text", _item_text(item))
                data["items"].append(entry)
        return data

    def _empty_part(self) -> dict[str, Any]:
        self.notes.append("范文没有识别出“一、”等部分，模板只有一个占位部分")
        data: dict[str, Any] = {"id": "part-1", "title": "正文", "pattern": "runin"}
        self._field(data, "heading", "（此处补写一级标题）")
        point: dict[str, Any] = {"id": "p1", "key": "要点"}
        self._field(point, "heading", "（此处补写分论点）")
        data["points"] = [point]
        return data

    def _factorize(self, speaker_name: str | None) -> list[dict[str, Any]]:
        fields = [segments for _, _, segments in self._slots]
        title = "".join(t for t in (self.outline.title, self.outline.subtitle) if t)
        post = self.outline.speaker_line or ""
        self.facts.factorize(fields, title, post, self._speaker_date)
        for target, key, segments in self._slots:
            value = to_source(segments)
            if value.strip():
                target[key] = value
            elif key in _OPTIONAL_FIELDS:
                del target[key]
            else:  # the format wants text here; odd input can leave none
                target[key] = _FALLBACK.get(key, "（待补充）")
        labels = {s.id: s.label for s in self.facts.specs}
        for target, heading in self._titles:
            # a part's title is plain text (for the parts list): facts show as 【label】
            shown = "".join(s if isinstance(s, str) else slot_text(labels.get(s.fact, s.fact))
                            for s in heading)
            target["title"] = key_phrase(shown.replace("{", "｛").replace("}", "｝"))
        specs = self.facts.specs
        if speaker_name:
            specs.insert(1, _spec("speaker", "讲话人", "text", False, speaker_name))
        data_facts = []
        for spec in specs:
            required = spec.required and spec.id not in ("date", "speaker")
            entry: dict[str, Any] = {"id": spec.id, "label": spec.label, "type": spec.type,
                                     "required": required}
            if spec.example is not None:
                example = spec.example
                entry["example"] = example.isoformat() if isinstance(example, _dt.date) else example
                # the speech's own value: a draft of the template starts with it
                entry["default"] = entry["example"]
            if spec.help:
                entry["help"] = spec.help
            data_facts.append(entry)
        return data_facts

    def to_yaml(self) -> str:
        """Return the template as YAML in the shipped format."""
        return yaml.dump(self.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         width=10**6)


def _spec(fid: str, label: str, kind: str, required: bool, example: Any) -> Any:
    from ..facts import FactSpec

    return FactSpec(fid, label, kind, required, example)


def _occasion(outline: Outline) -> str:
    title = (outline.title or "").strip()
    match = re.search(r"在(.+?)(?:上|中|时|之际)的", title)
    return (match.group(1) if match else title) or "导入的范文"


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for match in _SENTENCE_START.finditer(text, 0, pos):
        start = match.end()
    return start


def _split_last_sentence(text: str) -> tuple[str, str] | None:
    """Split off the last sentence of `text` when something comes before it."""
    body = text.rstrip()
    if not body:
        return None
    end = len(body)
    start = _sentence_start(body, end - 1)
    if start == 0 or not body[:start].strip():
        return None
    return body[:start], body[start:].strip()


def _paragraphs(text: str) -> str:
    return "\n\n".join(p.strip() for p in text.split("\n") if p.strip())


def _item_text(item: Item) -> str:
    rest = item.text.replace("\n", "")
    if item.sep in ("。", "\n", ""):
        return rest or "。"
    return item.sep + rest


def key_phrase(heading: str) -> str:
    """Return a 2–8 character key phrase for `heading` (its first short clause)."""
    clauses = [c for c in _KEY_SPLIT.split(heading) if c]
    for clause in clauses:
        short = _ADVERB.sub("", clause) or clause
        if 2 <= len(short) <= 8:
            return short
    first = _ADVERB.sub("", clauses[0]) if clauses else ""
    return first[:8] if len(first) >= 2 else (heading[:8] if len(heading) >= 2 else "要点")


class _Dumper(yaml.SafeDumper):
    """A YAML dumper that writes multi-line text as literal blocks (|)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def outline_to_template_yaml(outline: Outline, template_id: str = DEFAULT_ID) -> str:
    """Return YAML for a template whose structure is `outline` and whose specifics are facts."""
    return TemplateExtraction(outline, template_id).to_yaml()
