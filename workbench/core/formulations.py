"""The dictionary of fixed formulations (规范表述): exact wordings, their series and sources.

Entries are YAML files in `formulations/` (shipped) and in the folders named by
`WORKBENCH_FORMULATIONS` (the office's own), validated on load with file, line and field.
A file holds one topic::

    topic: 安全生产
    entries:
      - id: safety-policy
        text: 安全第一、预防为主、综合治理
        elements: [安全第一, 预防为主, 综合治理]     # a series, in its fixed order
        source: 《中华人民共和国安全生产法》第三条
        variants: [安全第一、预防为主]               # accepted forms, never reported

An entry of a later folder replaces the entry with the same id of an earlier one. The
dictionary is loaded on first use (`default_dictionary()`); the matching index is built
then too (see `workbench.core.checks.formulation`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from .datafolders import EnvCached, data_dirs, iter_folder
from .yamlsource import FieldParser, LineDict, parse_yaml, read_yaml_file

#: The folder of formulations shipped with the project.
SHIPPED_DIR = Path(__file__).resolve().parents[2] / "formulations"

#: Environment variable with extra formulation folders (os.pathsep-separated).
FORMULATIONS_ENV = "WORKBENCH_FORMULATIONS"

#: Longest wording (characters) an entry may have.
MAX_TEXT_CHARS = 300

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TOP_FIELDS = {"topic": True, "entries": True, "description": False}
_ENTRY_FIELDS = {"id": True, "text": True, "source": True, "elements": False, "variants": False,
                 "topic": False, "note": False}


@dataclass(frozen=True, slots=True)
class Formulation:
    """One fixed formulation: its exact `text`, its `elements` in order when it is a
    series (党政同责、一岗双责、齐抓共管、失职追责), the `source` it is quoted from, its
    `topic`, and `variants` (other accepted forms, never reported)."""

    id: str
    text: str
    source: str
    topic: str
    elements: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    path: str = ""
    line: int | None = None

    @property
    def is_series(self) -> bool:
        """True when the formulation is a series of elements in a fixed order."""
        return len(self.elements) >= 2


class _Parser(FieldParser):
    """Builds the entries of one file, failing with file, line and field."""

    def string(self, data: LineDict, key: str, where: str, limit: int = MAX_TEXT_CHARS) -> str:
        value = data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail("应为非空文本", data.line_of(key), f"{where}.{key}")
        value = value.strip()
        if "\n" in value:
            self.fail("应为一行文字", data.line_of(key), f"{where}.{key}")
        if len(value) > limit:
            self.fail(f"过长（上限 {limit} 字）", data.line_of(key), f"{where}.{key}")
        return value

    def strings(self, data: LineDict, key: str, where: str, min_len: int) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or len(value) < min_len:
            self.fail(f"应为至少 {min_len} 项的列表", data.line_of(key), f"{where}.{key}")
        out = []
        for i, item in enumerate(value):
            if isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.fail("应为非空文本", data.line_of(key), f"{where}.{key}[{i}]")
            out.append(item.strip())
        return tuple(out)

    def entry(self, raw: Any, where: str, topic: str, line: int | None) -> Formulation:
        item = self.mapping(raw, _ENTRY_FIELDS, where, line)
        ident = self.string(item, "id", where, 64)
        if not _ID.match(ident):
            self.fail(f"标识“{ident}”只能用英文小写字母、数字和连字符", item.line_of("id"), f"{where}.id")
        text = self.string(item, "text", where)
        if not _HAN.search(text):
            self.fail("规范表述应含汉字", item.line_of("text"), f"{where}.text")
        source = self.string(item, "source", where, 120)
        elements: tuple[str, ...] = ()
        if "elements" in item:
            elements = self.strings(item, "elements", where, 2)
            if len(set(elements)) != len(elements):
                self.fail("要素重复", item.line_of("elements"), f"{where}.elements")
            position = 0
            for i, element in enumerate(elements):
                found = text.find(element, position)
                if found < 0:
                    self.fail(f"“{element}”不在规范表述中，或顺序与规范表述不一致",
                              item.line_of("elements"), f"{where}.elements[{i}]")
                position = found + len(element)
        variants = self.strings(item, "variants", where, 1) if "variants" in item else ()
        own_topic = self.string(item, "topic", where, 40) if "topic" in item else topic
        if "note" in item and not isinstance(item["note"], str):
            self.fail("应为文本", item.line_of("note"), f"{where}.note")
        return Formulation(ident, text, source, own_topic, elements, variants, self.path,
                           item.line)

    def file(self, data: Any) -> list[Formulation]:
        top = self.mapping(data, _TOP_FIELDS, "", 1)
        topic = self.string(top, "topic", "", 40)
        raw = top["entries"]
        if not isinstance(raw, list) or not raw:
            self.fail("应为非空列表", top.line_of("entries"), "entries")
        entries = [self.entry(item, f"entries[{i}]", topic, top.line_of("entries"))
                   for i, item in enumerate(raw)]
        seen: dict[str, Formulation] = {}
        for entry in entries:
            if entry.id in seen:
                self.fail(f"标识“{entry.id}”重复", entry.line, "id")
            seen[entry.id] = entry
        return entries


def parse_formulations(text: str, path: str = "<规范表述>") -> list[Formulation]:
    """Parse and validate one formulations file's YAML `text`; errors name `path`, line
    and field (`TemplateSyntaxError`)."""
    return _Parser(path).file(parse_yaml(text, path))


def load_formulations(path: str | os.PathLike[str]) -> list[Formulation]:
    """Load and validate the formulations file at `path`."""
    path = Path(path)
    return parse_formulations(read_yaml_file(path, "规范表述文件"), str(path))


class FormulationDictionary(Mapping[str, Formulation]):
    """The formulations by id, from some folders; later folders replace earlier entries.

    A broken file never stops the others from loading: it is listed in `errors`.
    `cache` belongs to the matcher (paragraph text -> what it found), so the checks
    read an unchanged paragraph once.
    """

    def __init__(self, entries: Iterable[Formulation] = ()) -> None:
        self._entries: dict[str, Formulation] = {}
        self.errors: list[TemplateError] = []
        #: Built by the matcher on first use; reset whenever entries change.
        self.index: Any = None
        self.cache: dict[Any, Any] = {}
        self.lock = threading.Lock()
        for entry in entries:
            self.add(entry)

    def __getitem__(self, key: str) -> Formulation:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: Formulation) -> None:
        """Add `entry`, replacing an entry with its id."""
        self._entries[entry.id] = entry
        self.index = None
        self.cache = {}

    def add_dir(self, directory: str | os.PathLike[str]) -> None:
        """Load every `*.yaml`/`*.yml` in `directory`; a broken file goes to `errors`."""
        for entry in iter_folder(directory, load_formulations, self.errors, "规范表述目录不存在"):
            self.add(entry)

    @property
    def topics(self) -> dict[str, int]:
        """Return topic -> number of entries."""
        out: dict[str, int] = {}
        for entry in self._entries.values():
            out[entry.topic] = out.get(entry.topic, 0) + 1
        return out


def formulation_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Return the formulation folders in load order: shipped, `WORKBENCH_FORMULATIONS`, `extra`."""
    return data_dirs(SHIPPED_DIR, FORMULATIONS_ENV, extra)


def load_dictionary(*extra_dirs: str | os.PathLike[str], shipped: bool = True) -> FormulationDictionary:
    """Return the dictionary of the shipped formulations, then the office's folders."""
    dictionary = FormulationDictionary()
    dirs = formulation_dirs(extra_dirs)
    for directory in dirs if shipped else dirs[1:]:
        dictionary.add_dir(directory)
    return dictionary


_DEFAULT: EnvCached[FormulationDictionary] = EnvCached(FORMULATIONS_ENV, load_dictionary)


def default_dictionary() -> FormulationDictionary:
    """Return the dictionary of the shipped and `WORKBENCH_FORMULATIONS` folders, loaded
    on the first call (and again when the variable changes)."""
    return _DEFAULT.get()
