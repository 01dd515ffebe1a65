"""Template schema (模板格式): YAML data -> a validated `SpeechTemplate`, errors at file:line:field.

`parse_template()` checks every field the format has (docs/templates.md) and raises
`TemplateSyntaxError` naming the file, the line and the field; finding and caching template
files is `core/loader.py`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from ..errors import TemplateSyntaxError
from .facts import FACT_TYPES, FactSpec, coerce
from .patterns import get_pattern, iter_patterns
from .templates import Choice, FormSpec, ItemSpec, PartSpec, PointSpec, SideSpec, SpeechTemplate
from .textfields import Condition, TextField, TextFieldError, parse_condition, parse_text
from .yamlsource import LineDict, LineList, parse_yaml

#: A template, part or choice id.
TEMPLATE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ID = TEMPLATE_ID
_FACT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

_TOP_FIELDS = {
    "id": True, "title": True, "occasion": True, "target_chars": True, "facts": True,
    "heading_patterns": False, "openings": True, "parts": True, "closings": True,
    "salutation": False, "speaker_line": False, "transition": False, "phrasings": False,
    "description": False,
}
_FACT_FIELDS = {"id": True, "label": True, "type": True, "required": False, "example": False,
                "help": False, "min": False, "max": False, "default": False, "unit": False}
_CHOICE_FIELDS = {"id": True, "label": True, "text": True}
_HP_FIELDS = {"id": True, "label": True}
_PART_FIELDS = {"id": True, "title": True, "heading": True, "points": True, "intro": False,
                "pattern": False, "when": False, "forms": False}
_SIDE_FIELDS = {"text": True, "points": True}
_POINT_FIELDS = {"id": True, "key": True, "heading": True, "body": False, "items": False,
                 "when": False}
_ITEM_FIELDS = {"key": True, "text": True, "when": False}

_DEFAULT_SALUTATION = "同志们："
_DEFAULT_SPEAKER_LINE = "{{ speaker }}（{{ date }}）"
_DEFAULT_TRANSITION = "下面，我讲{{ parts_count }}点意见。"
_DEFAULT_HEADING_PATTERN = ("default", "标题")


class _Parser:
    """Builds one template from its YAML data, failing with file, line and field."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fact_ids: set[str] = set()
        self.fact_types: dict[str, str] = {}
        self.fact_lines: dict[str, int | None] = {}

    def fail(self, message: str, line: int | None, field_name: str | None) -> NoReturn:
        raise TemplateSyntaxError(message, self.path, line, field_name)

    def mapping(self, data: Any, fields: Mapping[str, bool], where: str, line: int | None) -> LineDict:
        if not isinstance(data, dict):
            self.fail("应为键值映射（mapping）", getattr(data, "line", line), where)
        assert isinstance(data, LineDict)
        for key in data:
            if key not in fields:
                self.fail(f"未知字段“{key}”", data.line_of(key), f"{where}.{key}".lstrip("."))
        for key, required in fields.items():
            if required and key not in data:
                self.fail("缺少必填字段", data.line, f"{where}.{key}".lstrip("."))
        return data

    def string(self, data: LineDict, key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail("应为非空文本", data.line_of(key), f"{where}.{key}".lstrip("."))
        return value.strip() if "\n" not in value.strip() else value.strip("\n")

    def ident(self, data: LineDict, key: str, where: str, pattern: re.Pattern[str] = _ID) -> str:
        value = self.string(data, key, where)
        if not pattern.match(value):
            self.fail(f"标识“{value}”只能用英文小写字母、数字和连字符", data.line_of(key),
                      f"{where}.{key}".lstrip("."))
        return value

    def text(self, data: LineDict, key: str, where: str, default: str | None = None) -> TextField:
        source = self.string(data, key, where, default)
        try:
            return parse_text(source, self.fact_ids, self.fact_types)
        except TextFieldError as exc:
            line = data.line_of(key)
            if line is not None and key in data and "\n" in source:
                line += exc.lineno or 1  # a block scalar starts on the line after its key
            self.fail(str(exc), line, f"{where}.{key}".lstrip("."))

    def seq(self, data: LineDict, key: str, where: str, min_len: int = 1) -> LineList:
        value = data.get(key)
        if not isinstance(value, list):
            self.fail("应为列表", data.line_of(key), f"{where}.{key}".lstrip("."))
        assert isinstance(value, LineList)
        if len(value) < min_len:
            self.fail(f"至少需要 {min_len} 项", data.line_of(key), f"{where}.{key}".lstrip("."))
        return value

    def when(self, data: LineDict, where: str) -> Condition | None:
        if "when" not in data:
            return None
        raw = data["when"]
        if isinstance(raw, list):
            if not raw or not all(isinstance(v, str) for v in raw):
                self.fail("应为要素标识的列表", data.line_of("when"), f"{where}.when")
            value: str | list[str] = list(raw)
        else:
            value = self.string(data, "when", where)
        try:
            return parse_condition(value, self.fact_ids, self.fact_types)
        except TextFieldError as exc:
            self.fail(str(exc), data.line_of("when"), f"{where}.when")

    def unique(self, ids: list[tuple[str, int | None]], where: str) -> None:
        seen: set[str] = set()
        for ident, line in ids:
            if ident in seen:
                self.fail(f"标识“{ident}”重复", line, where)
            seen.add(ident)

    # -- the parts of a template ------------------------------------------------------

    def facts(self, data: LineDict) -> tuple[FactSpec, ...]:
        specs = []
        for i, raw in enumerate(self.seq(data, "facts", "")):
            where = f"facts[{i}]"
            item = self.mapping(raw, _FACT_FIELDS, where, data.line_of("facts"))
            fid = self.ident(item, "id", where, _FACT_ID)
            kind = self.string(item, "type", where)
            if kind not in FACT_TYPES:
                self.fail(f"类型“{kind}”未知，应为 {'/'.join(FACT_TYPES)}", item.line_of("type"),
                          f"{where}.type")
            required = item.get("required", False)
            if not isinstance(required, bool):
                self.fail("应为 true 或 false", item.line_of("required"), f"{where}.required")
            help_text = item.get("help", "")
            if not isinstance(help_text, str):
                self.fail("应为文本", item.line_of("help"), f"{where}.help")
            low, high = self.bounds(item, where, kind)
            unit = self.unit(item, where, kind)
            spec = FactSpec(fid, self.string(item, "label", where), kind, required, None, help_text,
                            min=low, max=high, unit=unit)
            example = self.fact_value(spec, item, "example", where)
            if example is None and required:
                self.fail("必填要素需要示例（example）", item.line, f"{where}.example")
            default = self.fact_value(spec, item, "default", where)
            specs.append(FactSpec(fid, spec.label, kind, required, example, help_text,
                                  min=low, max=high, default=default, unit=unit))
            self.fact_lines[fid] = item.line
        self.unique([(s.id, self.fact_lines[s.id]) for s in specs], "facts.id")
        if not any(s.id == "place" for s in specs):
            self.fail("每个模板都要有要素 place（地名或单位）", data.line_of("facts"), "facts")
        self.fact_ids = {s.id for s in specs}
        self.fact_types = {s.id: s.type for s in specs}
        return tuple(specs)

    def bounds(self, item: LineDict, where: str, kind: str) -> tuple[float | None, float | None]:
        out: list[float | None] = []
        for key in ("min", "max"):
            value = item.get(key)
            if value is not None and kind != "number":
                self.fail("只有数字要素可以设定 min/max", item.line_of(key), f"{where}.{key}")
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                self.fail("应为数字", item.line_of(key), f"{where}.{key}")
            out.append(value)
        low, high = out
        if low is not None and high is not None and low > high:
            self.fail("min 不能大于 max", item.line_of("min"), f"{where}.min")
        return low, high

    def unit(self, item: LineDict, where: str, kind: str) -> str | None:
        """Return a number fact's `unit` (None when not given)."""
        unit = item.get("unit")
        if unit is None:
            return None
        if kind != "number":
            self.fail("只有数字要素可以设定 unit", item.line_of("unit"), f"{where}.unit")
        if not isinstance(unit, str) or not 0 < len(unit.strip()) <= 8:
            self.fail("应为 1–8 个字的单位，如 处、万元", item.line_of("unit"), f"{where}.unit")
        return unit.strip()

    def fact_value(self, spec: FactSpec, item: LineDict, key: str, where: str) -> Any:
        """Return the fact's `key` value (example or default) coerced to its type, or None."""
        value = item.get(key)
        if value is None:
            return None
        try:
            return coerce(spec, value)
        except ValueError as exc:
            name = "示例" if key == "example" else "默认值"
            self.fail(f"{name}不符合类型：{exc}", item.line_of(key), f"{where}.{key}")

    def choices(self, data: LineDict, key: str, with_text: bool = True) -> tuple[Choice, ...]:
        out = []
        for i, raw in enumerate(self.seq(data, key, "")):
            where = f"{key}[{i}]"
            item = self.mapping(raw, _CHOICE_FIELDS if with_text else _HP_FIELDS, where,
                                data.line_of(key))
            text = self.text(item, "text", where) if with_text else None
            out.append(Choice(self.ident(item, "id", where), self.string(item, "label", where),
                              text))
        self.unique([(c.id, None) for c in out], key)
        return tuple(out)

    def parts(self, data: LineDict, heading_ids: list[str]) -> tuple[PartSpec, ...]:
        parts = []
        for i, raw in enumerate(self.seq(data, "parts", "")):
            where = f"parts[{i}]"
            item = self.mapping(raw, _PART_FIELDS, where, data.line_of("parts"))
            heading = item["heading"]
            headings: dict[str, TextField] = {}
            if isinstance(heading, str):
                if len(heading_ids) > 1:
                    self.fail(f"需要为每种标题形式给出标题：{'、'.join(heading_ids)}",
                              item.line_of("heading"), f"{where}.heading")
                headings[heading_ids[0]] = self.text(item, "heading", where)
            else:
                hmap = self.mapping(heading, dict.fromkeys(heading_ids, True), f"{where}.heading",
                                    item.line_of("heading"))
                for hid in heading_ids:
                    headings[hid] = self.text(hmap, hid, f"{where}.heading")
            points = tuple(self.point(raw_point, f"{where}.points[{j}]", item)
                           for j, raw_point in enumerate(self.seq(item, "points", where)))
            self.unique([(p.id, None) for p in points], f"{where}.points.id")
            forms = self.forms(item, where, [p.id for p in points])
            parts.append(PartSpec(
                id=self.ident(item, "id", where),
                title=self.string(item, "title", where),
                headings=headings,
                points=points,
                intro=self.text(item, "intro", where) if "intro" in item else None,
                pattern=self.part_pattern(item, where, forms),
                when=self.when(item, where),
                forms=forms,
            ))
        self.unique([(p.id, None) for p in parts], "parts.id")
        return tuple(parts)

    def part_pattern(self, item: LineDict, where: str, forms: dict[str, FormSpec]) -> str | None:
        if "pattern" not in item:
            return None
        value = self.string(item, "pattern", where)
        line = item.line_of("pattern")
        known = [p.id for p in iter_patterns("part")]
        if value not in known:
            self.fail(f"未知句式“{value}”；可用句式：{'、'.join(known)}", line, f"{where}.pattern")
        pattern = get_pattern(value)
        if pattern.wording_fields and value not in forms:
            if "forms" not in item:
                # A format-1 template: its generated forms are gone; the part starts in
                # the default form, so the template still loads.
                return None
            self.fail(f"句式“{pattern.label}”需要在 forms.{value} 中写出本部分的措辞",
                      line, f"{where}.pattern")
        return value

    def forms(self, item: LineDict, where: str, point_ids: list[str]) -> dict[str, FormSpec]:
        """Parse a part's `forms:`, the wording of each rhetorical form it offers."""
        raw = item.get("forms")
        if raw is None:
            return {}
        written = [p.id for p in iter_patterns("part") if p.wording_fields]
        if not isinstance(raw, dict):
            self.fail("应为“句式 → 措辞”的映射", item.line_of("forms"), f"{where}.forms")
        out: dict[str, FormSpec] = {}
        for form_id, table in raw.items():
            fwhere = f"{where}.forms.{form_id}"
            line = raw.line_of(form_id)
            if form_id not in written:
                self.fail(f"句式“{form_id}”没有可写的措辞；可写措辞的句式：{'、'.join(written)}",
                          line, fwhere)
            pattern = get_pattern(str(form_id))
            data = self.mapping(table, pattern.wording_fields, fwhere, line)
            if len(point_ids) < pattern.min_points:
                self.fail(f"句式“{pattern.label}”至少需要 {pattern.min_points} 个分论点", line, fwhere)
            phrases: dict[str, TextField] = {}
            if pattern.phrases_field:
                phrases = self.phrases(data, pattern.phrases_field, fwhere, point_ids)
            measure = data.get("measure", "个")
            if not isinstance(measure, str):
                self.fail("应为文本（可为空）", data.line_of("measure"), f"{fwhere}.measure")
            sep = data.get("sep")
            if sep is not None and (not isinstance(sep, str) or not sep.strip()):
                self.fail("应为分隔的标点，如“，”“、”“；”", data.line_of("sep"), f"{fwhere}.sep")
            out[str(form_id)] = FormSpec(
                form=str(form_id),
                phrases=phrases,
                lead=self.text(data, "lead", fwhere) if "lead" in data else None,
                end=self.text(data, "end", fwhere) if "end" in data else None,
                sep=sep.strip() if sep else None,
                keyword=self.string(data, "keyword", fwhere) if "keyword" in data else "",
                measure=measure.strip(),
                sides=self.sides(data, fwhere, point_ids) if "sides" in data else (),
            )
        return out

    def phrases(self, data: LineDict, key: str, where: str,
                point_ids: list[str]) -> dict[str, TextField]:
        table = data[key]
        line = data.line_of(key)
        if not isinstance(table, dict):
            self.fail("应为“分论点 id → 措辞”的映射，每个分论点一句", line, f"{where}.{key}")
        assert isinstance(table, LineDict)
        for pid in table:
            if pid not in point_ids:
                self.fail(f"本部分没有分论点“{pid}”", table.line_of(pid), f"{where}.{key}.{pid}")
        for pid in point_ids:
            if pid not in table:
                self.fail(f"缺少分论点“{pid}”的措辞", line, f"{where}.{key}.{pid}")
        return {pid: self.text(table, pid, f"{where}.{key}") for pid in point_ids}

    def sides(self, data: LineDict, where: str, point_ids: list[str]) -> tuple[SideSpec, ...]:
        raw = self.seq(data, "sides", where, 2)
        if len(raw) != 2:
            self.fail("对比要写两方面（sides 两项）", data.line_of("sides"), f"{where}.sides")
        sides = []
        seen: list[str] = []
        for n, entry in enumerate(raw):
            swhere = f"{where}.sides[{n}]"
            side = self.mapping(entry, _SIDE_FIELDS, swhere, data.line_of("sides"))
            points = self.seq(side, "points", swhere)
            for pid in points:
                if pid not in point_ids or pid in seen:
                    self.fail(f"分论点“{pid}”不存在或已归入另一方面", side.line_of("points"),
                              f"{swhere}.points")
                seen.append(str(pid))
            sides.append(SideSpec(self.text(side, "text", swhere), tuple(str(p) for p in points)))
        if seen != point_ids:
            missing = [p for p in point_ids if p not in seen]
            message = (f"分论点“{'、'.join(missing)}”未归入任何一方面" if missing
                       else "两方面的分论点应按本部分的顺序排列")
            self.fail(message, data.line_of("sides"), f"{where}.sides")
        return tuple(sides)

    def point(self, raw: Any, where: str, parent: LineDict) -> PointSpec:
        item = self.mapping(raw, _POINT_FIELDS, where, parent.line)
        items: list[ItemSpec] = []
        if "items" in item:
            for k, raw_item in enumerate(self.seq(item, "items", where)):
                iwhere = f"{where}.items[{k}]"
                entry = self.mapping(raw_item, _ITEM_FIELDS, iwhere, item.line_of("items"))
                items.append(ItemSpec(self.text(entry, "key", iwhere),
                                      self.text(entry, "text", iwhere), self.when(entry, iwhere)))
        return PointSpec(
            id=self.ident(item, "id", where),
            key=self.text(item, "key", where),
            heading=self.text(item, "heading", where),
            body=self.text(item, "body", where) if "body" in item else None,
            items=tuple(items),
            when=self.when(item, where),
        )

    def phrasings(self, data: LineDict) -> dict[str, dict[str, str]]:
        raw = data.get("phrasings")
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail("应为键值映射", data.line_of("phrasings"), "phrasings")
        out: dict[str, dict[str, str]] = {}
        for pattern_id, table in raw.items():
            if not isinstance(table, dict) or not all(
                isinstance(k, str) and isinstance(v, str | list) for k, v in table.items()
            ):
                self.fail("应为“句式 → 文字”的映射", raw.line_of(pattern_id),
                          f"phrasings.{pattern_id}")
            out[str(pattern_id)] = dict(table)
        return out

    def template(self, data: Any) -> SpeechTemplate:
        top = self.mapping(data, _TOP_FIELDS, "", 1)
        facts = self.facts(top)
        if "heading_patterns" in top:
            heading_patterns = self.choices(top, "heading_patterns", with_text=False)
        else:
            heading_patterns = (Choice(*_DEFAULT_HEADING_PATTERN),)
        target = top["target_chars"]
        if not isinstance(target, int) or isinstance(target, bool) or target <= 0:
            self.fail("应为正整数", top.line_of("target_chars"), "target_chars")
        return SpeechTemplate(
            id=self.ident(top, "id", ""),
            title=self.text(top, "title", ""),
            occasion=self.string(top, "occasion", ""),
            target_chars=target,
            facts=facts,
            heading_patterns=heading_patterns,
            openings=self.choices(top, "openings"),
            parts=self.parts(top, [h.id for h in heading_patterns]),
            closings=self.choices(top, "closings"),
            salutation=self.text(top, "salutation", "", _DEFAULT_SALUTATION),
            speaker_line=self.speaker_line(top),
            transition=self.text(top, "transition", "", _DEFAULT_TRANSITION),
            phrasings=self.phrasings(top),
            path=self.path,
        )

    def speaker_line(self, top: LineDict) -> TextField:
        if "speaker_line" in top:
            return self.text(top, "speaker_line", "")
        known = self.fact_ids & {"speaker", "date"}
        if known == {"speaker", "date"}:
            return self.text(top, "speaker_line", "", _DEFAULT_SPEAKER_LINE)
        if known:
            return self.text(top, "speaker_line", "", f"{{{{ {known.pop()} }}}}")
        return TextField("")


def parse_template(text: str, path: str = "<模板>") -> SpeechTemplate:
    """Parse and validate template YAML `text`; errors name `path`, the line and the field."""
    return _Parser(path).template(parse_yaml(text, path))
