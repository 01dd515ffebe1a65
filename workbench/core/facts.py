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

_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_TRUE = {"true", "yes", "1", "是", "有", "y"}
_FALSE = {"false", "no", "0", "否", "无", "n", ""}


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A fact a template takes: id, Chinese label, type, whether required, an example."""

    id: str
    label: str
    type: str = "text"
    required: bool = False
    example: Any = None
    help: str = ""

    @property
    def type_label(self) -> str:
        """The type's Chinese name, for forms and messages."""
        return _TYPE_LABELS[self.type]


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
            return _coerce_number(value)
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
            f"要素“{spec.label}”（{spec.id}）应为{spec.type_label}：{_short(value)}",
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
                        fact=spec.id, expected=spec.type)
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _coerce_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int | float):
        number = value
    else:
        text = str(value).strip().replace(",", "").replace("，", "").rstrip("%％")
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

    def fill_examples(self) -> None:
        """Give every fact without a value its example."""
        for spec in self._specs.values():
            if spec.id not in self._values and spec.example is not None:
                self[spec.id] = spec.example

    def to_json(self) -> dict[str, Any]:
        """Return the values as plain JSON data."""
        return {k: to_json_value(v) for k, v in self._values.items()}
