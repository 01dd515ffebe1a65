"""Facts (本地要素): their specs, types, coercion and display form."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from ..errors import FactError
from .text import clean_text

#: The fact types a template may declare.
FACT_TYPES = ("text", "number", "date", "list", "bool")

#: Longest fact value, in characters as it shows in the speech: a fact is a name, a
#: figure or a short phrase, and it may appear dozens of times in one speech, so a huge
#: value (a pasted book, a hostile file) would make the preview huge.
MAX_FACT_CHARS = 2000

_TYPE_LABELS = {"text": "文本", "number": "数字", "date": "日期", "list": "列表", "bool": "是/否"}

#: The unit a label ends with: 去年排查隐患数（处） -> 处.
_LABEL_UNIT = re.compile(r"[（(]([^（）()，、,\s]{1,6})[）)]$")
_PERCENT = ("%", "％")
_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_TRUE = {"true", "yes", "1", "是", "有", "y"}
_FALSE = {"false", "no", "0", "否", "无", "n", ""}


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A fact a template takes: id, Chinese label, type, whether required, an example.

    `min` and `max` bound a number (inclusive); `default` is the value a new draft starts
    with (an imported speech's own figures); `unit` the unit a number may be typed with
    (None: the one the label ends with, as in 去年排查隐患数（处）).
    """

    id: str
    label: str
    type: str = "text"
    required: bool = False
    example: Any = None
    help: str = ""
    #: Bounds of a number fact (inclusive), e.g. 0 for a count, 100 for a percentage.
    min: float | None = None
    max: float | None = None
    default: Any = None
    unit: str | None = None

    @property
    def type_label(self) -> str:
        """The type's Chinese name, for forms and messages."""
        return _TYPE_LABELS[self.type]

    @property
    def unit_text(self) -> str:
        """The unit a number of this fact is written with ("" for none)."""
        if self.unit is not None:
            return self.unit
        match = _LABEL_UNIT.search(self.label) if self.type == "number" else None
        return match.group(1) if match else ""

    @property
    def is_year(self) -> bool:
        """True for a number that is a year (总结年度: 2025, also written 2025年)."""
        return self.type == "number" and (self.id == "year" or self.id.endswith("_year")
                                          or self.label.endswith(("年度", "年份")))

    @property
    def expected_form(self) -> str:
        """How a value should be written, for messages: 数字（如 1260 或 1260处）."""
        if self.type == "number":
            example = display(self.example) if self.example is not None else "12"
            unit = "年" if self.is_year else self.unit_text
            form = f"数字，如 {example}" + (f" 或 {example}{unit}" if unit else "")
            if self.min is not None and self.max is not None:
                form += f"，在 {_num(self.min)} 到 {_num(self.max)} 之间"
            elif self.min is not None:
                form += f"，不小于 {_num(self.min)}"
            elif self.max is not None:
                form += f"，不大于 {_num(self.max)}"
            return form
        if self.type == "date":
            return "日期，如 2026年3月12日 或 2026-03-12"
        if self.type == "bool":
            return "是或否"
        return self.type_label


def coerce(spec: FactSpec, value: Any) -> Any:
    """Return `value` converted to the Python value of `spec`'s type, or None when empty.

    Text is cleaned of characters XML cannot hold. Raises `FactError` naming the fact
    when the value does not fit the type.
    """
    if value is None:
        return None
    kind = spec.type
    try:
        if kind == "text":
            text = clean_text(value if isinstance(value, str) else str(value)).strip()
            return _bounded(spec, text)
        if kind == "number":
            number = _coerce_number(value, _units(spec))
            if number is not None:
                _check_range(spec, number)
            return number
        if kind == "date":
            return _coerce_date(value)
        if kind == "list":
            return _bounded(spec, _coerce_list(value))
        if kind == "bool":
            return _coerce_bool(value)
    except FactError:
        raise
    except (TypeError, ValueError) as exc:
        raise FactError(
            f"要素“{spec.label}”（{spec.id}）应为{spec.expected_form}：{_short(value)}",
            fact=spec.id,
            expected=kind,
        ) from exc
    raise FactError(f"要素“{spec.label}”的类型“{kind}”未知", fact=spec.id)


def _bounded(spec: FactSpec, value: Any) -> Any:
    # Measured on the coerced value, as the speech shows it.
    if not value:
        return None
    size = len(value) if isinstance(value, str) else sum(len(v) + 1 for v in value)
    if size > MAX_FACT_CHARS:
        raise FactError(f"要素“{spec.label}”过长（{size} 字，上限 {MAX_FACT_CHARS} 字）",
                        fact=spec.id, expected="length")
    return value


def _check_range(spec: FactSpec, number: float) -> None:
    low, high = spec.min, spec.max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            bounds = f"{_num(low)}到{_num(high)}之间"
        elif low is not None:
            bounds = f"不小于{_num(low)}"
        else:
            bounds = f"不大于{_num(high)}"
        raise FactError(f"要素“{spec.label}”（{spec.id}）应{bounds}：{_num(number)}",
                        fact=spec.id, expected="range")


def _num(value: float) -> str:
    return f"{value:.10g}" if isinstance(value, float) else str(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _units(spec: FactSpec) -> tuple[str, ...]:
    """The units a value of `spec` may be written with after its number."""
    units = [u for u in (spec.unit_text, "年" if spec.is_year else "") if u]
    return tuple(sorted({*units, *_PERCENT}, key=len, reverse=True))


def _coerce_number(value: Any, units: tuple[str, ...] = _PERCENT) -> int | float | None:
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int | float):
        number = value
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        for unit in units:  # 1260处, 2025年, 98.5%: the fact's own unit may follow
            if text.endswith(unit) and len(text) > len(unit):
                text = text[: -len(unit)].rstrip()
                break
        if not text:
            return None
        number = float(text)
    if isinstance(number, float):
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        if number.is_integer() and abs(number) < 1e15:
            return int(number)
    return number


def _coerce_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text) or _CN_DATE.match(text)
    if not match:
        raise ValueError("not a date")
    year, month, day = (int(g) for g in match.groups())
    return _dt.date(year, month, day)


def _coerce_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        parts = re.split(r"[、，,；;\n]+", value)
    elif isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    else:
        raise TypeError("not a list")
    items = [clean_text(p).strip() for p in parts]
    items = [p for p in items if p]
    return items or None


def _coerce_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("not a yes/no value")


def display(value: Any) -> str:
    """Return a fact value as it appears in a speech (Arabic digits, 2026年1月31日, 、)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def to_json_value(value: Any) -> Any:
    """Return a fact value in a form JSON and YAML can hold."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


class Facts(MutableMapping[str, Any]):
    """The facts of a draft: a dict of id -> value, checked against the template's specs.

    Setting a value coerces it to its type (raising `FactError` on a mismatch); setting
    None or an empty string removes the fact. Unknown ids are kept, so a unit profile
    written for another template loses nothing, but they are never rendered.
    """

    def __init__(self, specs: Mapping[str, FactSpec], values: Mapping[str, Any] | None = None):
        self._specs = dict(specs)
        self._values: dict[str, Any] = {}
        if values:
            self.update(values)

    @property
    def specs(self) -> Mapping[str, FactSpec]:
        """The specs of the facts the template takes, by id."""
        return self._specs

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        spec = self._specs.get(key)
        coerced = coerce(spec, value) if spec else value
        if coerced is None or coerced == "":
            self._values.pop(key, None)
        else:
            self._values[key] = coerced

    def __delitem__(self, key: str) -> None:
        del self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Facts({self._values!r})"

    def is_filled(self, key: str) -> bool:
        """Return True when fact `key` has a value."""
        return key in self._values

    def iter_missing(self, required_only: bool = True) -> Iterator[FactSpec]:
        """Yield the specs of facts without a value (only required ones by default)."""
        for spec in self._specs.values():
            if spec.id not in self._values and (spec.required or not required_only):
                yield spec

    def fill_defaults(self) -> None:
        """Give every fact without a value its default (a new draft starts so)."""
        for spec in self._specs.values():
            if spec.id not in self._values and spec.default is not None:
                self[spec.id] = spec.default

    def fill_examples(self) -> None:
        """Give every fact without a value its example."""
        for spec in self._specs.values():
            if spec.id not in self._values and spec.example is not None:
                self[spec.id] = spec.example

    def to_json(self) -> dict[str, Any]:
        """Return the values as plain JSON data."""
        return {k: to_json_value(v) for k, v in self._values.items()}
