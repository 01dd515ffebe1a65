"""Layout profiles (版式配置): page, grid, fonts and page numbers of the Word export.

The defaults follow GB/T 9704-2012 as used for speeches; a profile file (YAML) changes
what units commonly change. Every length carries its unit in the field name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, NoReturn

from ..errors import TemplateSyntaxError
from .yamlsource import LineDict, LineList, parse_yaml, read_yaml_file

#: Millimetres in a point.
MM_PER_PT = 25.4 / 72


#: The fields naming fonts by typeface, each a tuple: the font, then its fallbacks.
_FONT_FIELDS = ("title_fonts", "fangsong_fonts", "kaiti_fonts", "heiti_fonts", "songti_fonts")


@dataclass(frozen=True, slots=True)
class LayoutProfile:
    """A layout profile (版式配置): every figure of the Word file in one value.

    Font fields are tuples: the name written into the file first, then the fallbacks a
    word processor may use when the first is not installed (仿宋_GB2312 → 仿宋 → FangSong).
    """

    name: str = "GB/T 9704-2012 讲话稿"
    # Page (GB/T 9704 5.1, 5.2.1): A4 portrait; the type area is 156 mm x 225 mm.
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    #: Some offices move the top and bottom margins in by this much so the printed glyphs,
    #: not Word's line boxes, sit at 37 mm / 35 mm (practice, disputed; off by default).
    compensated_margins: bool = False
    margin_compensation_mm: float = 2.42
    #: Swap left and right margins on even pages, for double-sided binding.
    mirror_margins: bool = False
    # Grid (5.2.3): 22 lines of 28 characters; exact spacing, rounded down to whole twips.
    line_spacing_pt: float = 28.95
    chars_per_line: int = 28
    # Sizes: 2号 title, 3号 text, 4号 page numbers.
    title_size_pt: float = 22.0
    body_size_pt: float = 16.0
    page_number_size_pt: float = 14.0
    # Fonts by typeface (GB/T names the typeface; offices name the installed font).
    title_fonts: tuple[str, ...] = ("方正小标宋简体", "方正小标宋_GBK", "华文中宋")
    fangsong_fonts: tuple[str, ...] = ("仿宋_GB2312", "仿宋", "FangSong")
    kaiti_fonts: tuple[str, ...] = ("楷体_GB2312", "楷体", "KaiTi")
    heiti_fonts: tuple[str, ...] = ("黑体", "SimHei")
    songti_fonts: tuple[str, ...] = ("宋体", "SimSun")
    latin_font: str = "Times New Roman"
    #: Level-3 headings (1.) in bold 仿宋, as many units do.
    level3_bold: bool = True
    # Page numbers (7.5): — 1 —, 7 mm below the type area, outer side, one character in.
    page_number_gap_mm: float = 7.0
    page_numbers_centred: bool = False
    #: Write the date of the speaker line in Chinese numerals (二〇二六年三月六日).
    date_in_chinese_numerals: bool = False

    def __post_init__(self) -> None:
        for name in _FONT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                # A single name is the usual mistake; it means a list of one.
                object.__setattr__(self, name, (value,))
            elif not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
            if not getattr(self, name) or not all(isinstance(f, str) and f for f in getattr(self, name)):
                raise ValueError(f"{name} must name at least one font, got {value!r}")
        if not self.latin_font:
            raise ValueError("latin_font must name a font")
        if self.chars_per_line < 1 or self.body_size_pt <= 0 or self.title_size_pt <= 0:
            raise ValueError(f"impossible grid: {self.chars_per_line} characters of {self.body_size_pt} pt")

    # -- derived figures --------------------------------------------------------------

    @property
    def type_width_mm(self) -> float:
        """Width of the type area (版心), from the standard margins."""
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def type_height_mm(self) -> float:
        """Height of the type area (版心), from the standard margins."""
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def word_margins_mm(self) -> tuple[float, float, float, float]:
        """Top, bottom, left and right margins as written to Word, compensation applied."""
        shift = self.margin_compensation_mm if self.compensated_margins else 0.0
        return (self.margin_top_mm - shift, self.margin_bottom_mm - shift,
                self.margin_left_mm, self.margin_right_mm)

    @property
    def char_spacing_pt(self) -> float:
        """Spacing added after each body character so `chars_per_line` fill the type width.

        Rounded down to a twentieth of a point, so the last character still fits:
        156 mm / 28 = 15.79 pt, so 三号 (16 pt) runs get -0.25 pt.
        """
        width_pt = self.type_width_mm / MM_PER_PT
        twentieths = (width_pt / self.chars_per_line - self.body_size_pt) * 20
        return int(twentieths // 1) / 20

    @property
    def footer_distance_mm(self) -> float:
        """Distance from the page's bottom edge to the footer line, so that the page
        number's dashes sit `page_number_gap_mm` below the type area."""
        number_line_mm = self.page_number_size_pt * MM_PER_PT
        return self.margin_bottom_mm - self.page_number_gap_mm - number_line_mm / 2


#: The standard layout for speeches (GB/T 9704-2012).
GBT9704_SPEECH = LayoutProfile()

_RANGES: dict[str, tuple[float, float]] = {
    "page_width_mm": (100, 600), "page_height_mm": (100, 900),
    "margin_top_mm": (0, 100), "margin_bottom_mm": (0, 100),
    "margin_left_mm": (0, 100), "margin_right_mm": (0, 100),
    "margin_compensation_mm": (0, 20), "line_spacing_pt": (8, 100),
    "chars_per_line": (5, 80), "title_size_pt": (6, 72), "body_size_pt": (6, 72),
    "page_number_size_pt": (6, 72), "page_number_gap_mm": (0, 40),
}
_FONTS_KEYS = {"title": "title_fonts", "fangsong": "fangsong_fonts", "kaiti": "kaiti_fonts",
               "heiti": "heiti_fonts", "songti": "songti_fonts", "latin": "latin_font"}
_TYPES = {f.name: f.type for f in fields(LayoutProfile)}


class _ProfileParser:
    """Builds a profile from YAML data, failing with file, line and field."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str, line: int | None, field_name: str | None = None) -> NoReturn:
        raise TemplateSyntaxError(message, self.path, line, field_name)

    def parse(self, data: Any) -> LayoutProfile:
        if data is None:
            return GBT9704_SPEECH
        if not isinstance(data, LineDict):
            self.fail("版式配置应为“字段: 值”的映射", getattr(data, "line", 1))
        values: dict[str, Any] = {}
        for key, value in data.items():
            line = data.line_of(key)
            if key == "fonts":
                values.update(self.fonts(value, line))
            elif key in _TYPES:
                values[key] = self.value(str(key), value, line)
            else:
                self.fail(f"未知字段“{key}”{_suggest(str(key))}", line, str(key))
        profile = replace(GBT9704_SPEECH, **values)
        self.check(profile, data)
        return profile

    def value(self, key: str, value: Any, line: int | None) -> Any:
        kind = _TYPES[key]
        if kind == "bool":
            if not isinstance(value, bool):
                self.fail("应为 true 或 false", line, key)
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail("应为整数", line, key)
            return self.in_range(key, value, line)
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.fail("应为数字" + _unit_hint(key), line, key)
            return float(self.in_range(key, value, line))
        if kind == "str":
            if not isinstance(value, str) or not value.strip():
                self.fail("应为非空文本", line, key)
            return value.strip()
        return self.font_list(value, line, key)

    def in_range(self, key: str, value: float, line: int | None) -> float:
        low, high = _RANGES[key]
        if not low <= value <= high:
            self.fail(f"应在 {low:g} 到 {high:g} 之间{_unit_hint(key)}，而不是 {value:g}", line, key)
        return value

    def fonts(self, value: Any, line: int | None) -> dict[str, Any]:
        if not isinstance(value, LineDict):
            self.fail("应为字体映射，如 fangsong: [仿宋, FangSong]", line, "fonts")
        out: dict[str, Any] = {}
        for key, names in value.items():
            where = f"fonts.{key}"
            target = _FONTS_KEYS.get(key)
            if target is None:
                known = "、".join(_FONTS_KEYS)
                self.fail(f"未知字体类别“{key}”；可用类别：{known}", value.line_of(key), where)
            fonts = self.font_list(names, value.line_of(key), where)
            out[target] = fonts[0] if target == "latin_font" else fonts
        return out

    def font_list(self, value: Any, line: int | None, where: str) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.fail("应为字体名或字体名列表", line, where)
        names: list[str] = []
        item_lines = items.item_lines if isinstance(items, LineList) else []
        for n, item in enumerate(items):
            item_line = item_lines[n] if n < len(item_lines) else line
            if not isinstance(item, str) or not item.strip():
                self.fail("字体名应为非空文本", item_line, where)
            if len(item) > 64 or any(c in item for c in "<>&\"'\n\t"):
                self.fail(f"字体名“{item[:20]}”含不允许的字符或过长", item_line, where)
            names.append(item.strip())
        return tuple(names)

    def check(self, profile: LayoutProfile, data: LineDict) -> None:
        if profile.type_width_mm < 50:
            self.fail("左右边距过大，版心宽度不足 50 毫米", data.line_of("margin_left_mm"),
                      "margin_left_mm")
        if profile.type_height_mm < 50:
            self.fail("上下边距过大，版心高度不足 50 毫米", data.line_of("margin_top_mm"),
                      "margin_top_mm")
        if profile.char_spacing_pt < -profile.body_size_pt / 4:
            self.fail(f"每行 {profile.chars_per_line} 字排不进版心宽度（字号过大）",
                      data.line_of("chars_per_line"), "chars_per_line")
        if profile.footer_distance_mm < 0:
            self.fail("页码距版心过远，超出了下边距", data.line_of("page_number_gap_mm"),
                      "page_number_gap_mm")


def _unit_hint(key: str) -> str:
    if key.endswith("_mm"):
        return "（毫米）"
    if key.endswith("_pt"):
        return "（磅）"
    return ""


def _suggest(key: str) -> str:
    from difflib import get_close_matches  # only for a mistyped key: not in every kernel

    known = [*_TYPES, "fonts"]
    close = get_close_matches(key, known, n=1)
    return f"，是否应为“{close[0]}”？" if close else ""


def parse_layout(text: str, path: str = "<版式配置>") -> LayoutProfile:
    """Return the profile in YAML `text`; raises `TemplateSyntaxError` naming line and field."""
    return _ProfileParser(path).parse(parse_yaml(text, path))


def load_layout(path: str | os.PathLike[str]) -> LayoutProfile:
    """Return the profile in the YAML file `path`; raises `TemplateSyntaxError`."""
    path = Path(path)
    return parse_layout(read_yaml_file(path, "版式配置"), str(path))
