"""The lexicon of numbered terms and idioms (含数字的术语和成语): what a numeral in quotes means.

`count-mismatch` compares a quoted numbered slogan (“三个到位”) with the list the text gives
for it. Many quoted numerals count nothing: an idiom (三令五申, 七上八下, 五湖四海) or a
named term whose items the text never lists (四个意识, 一票否决, “两路”精神). The lexicon
says which is which; the rule still decides by the text's structure (an unknown term with
no list after it is no finding), the lexicon only rules out what structure alone would
guess wrong.

Entries are YAML files in `numbered-terms/` (shipped) and in the folders named by
`WORKBENCH_NUMBERED_TERMS` (the office's own), validated on load with file, line and
field. A file holds one topic::

    topic: 成语与俗语
    entries:
      - term: 三令五申
        kind: idiom                       # the numerals count nothing: never a finding
      - term: 四个意识
        kind: term                        # a named term: counted only against a list after it
        items: [政治意识, 大局意识, 核心意识, 看齐意识]

An entry of a later folder replaces the entry with the same term of an earlier one, so an
office silences a term for everyone by listing it as an idiom (不再提示此词).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from .datafolders import EnvCached, data_dirs, iter_folder
from .numbering import COUNT_NUMERALS
from .yamlsource import FieldParser, LineDict, parse_yaml, read_yaml_file

#: The folder of numbered terms shipped with the project.
SHIPPED_DIR = Path(__file__).resolve().parents[2] / "numbered-terms"

#: Environment variable with extra folders of numbered terms (os.pathsep-separated).
NUMBERED_TERMS_ENV = "WORKBENCH_NUMBERED_TERMS"

#: The kinds of entry: an idiom counts nothing; a term counts its items.
KINDS = ("idiom", "term")

#: Numerals a term may start with or contain.
NUMERALS = COUNT_NUMERALS + "百千万"

_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
_TOP_FIELDS = {"topic": True, "entries": True, "description": False}
_ENTRY_FIELDS = {"term": True, "kind": True, "count": False, "items": False, "note": False}


@dataclass(frozen=True, slots=True)
class NumberedTerm:
    """One numbered term or idiom: its `term` as quoted (without quotes), its `kind`
    (idiom or term), and for a term the `count` of its items (by default its leading
    numeral) and the `items` when the entry gives them."""

    term: str
    kind: str
    count: int | None = None
    items: tuple[str, ...] = ()
    topic: str = ""
    path: str = ""
    line: int | None = None

    @property
    def is_idiom(self) -> bool:
        """True when the numerals of the term count nothing."""
        return self.kind == "idiom"


class _Parser(FieldParser):
    """Builds the entries of one file, failing with file, line and field."""

    def text(self, data: LineDict, key: str, where: str, limit: int) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail("应为非空文本", data.line_of(key), f"{where}.{key}")
        value = value.strip()
        if "\n" in value or len(value) > limit:
            self.fail(f"应为一行文字，不超过 {limit} 字", data.line_of(key), f"{where}.{key}")
        return value

    def entry(self, raw: Any, where: str, topic: str, line: int | None) -> NumberedTerm:
        item = self.mapping(raw, _ENTRY_FIELDS, where, line)
        term = self.text(item, "term", where, 12).strip("“”\"「」")
        if not _HAN_ONLY.match(term):
            self.fail("词语应为 2 到 12 个汉字（不带引号）", item.line_of("term"), f"{where}.term")
        if not any(ch in NUMERALS for ch in term):
            self.fail("词语中没有数字（一二三……）", item.line_of("term"), f"{where}.term")
        kind = item.get("kind")
        if kind not in KINDS:
            self.fail("应为 idiom（成语、俗语，数字不计数）或 term（术语，数字是所含项数）",
                      item.line_of("kind"), f"{where}.kind")
        count: int | None = None
        items: tuple[str, ...] = ()
        if "count" in item:
            value = item["count"]
            if kind != "term" or isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
                self.fail("只有 term 可写 count，且应为 1 到 20 的整数", item.line_of("count"),
                          f"{where}.count")
            count = value
        if "items" in item:
            value = item["items"]
            if kind != "term" or not isinstance(value, list) or len(value) < 2:
                self.fail("只有 term 可写 items，且应为至少 2 项的列表", item.line_of("items"),
                          f"{where}.items")
            for i, element in enumerate(value):
                if not isinstance(element, str) or not element.strip():
                    self.fail("应为非空文本", item.line_of("items"), f"{where}.items[{i}]")
            items = tuple(e.strip() for e in value)
            if count is not None and count != len(items):
                self.fail(f"count 为 {count}，items 却有 {len(items)} 项", item.line_of("items"),
                          f"{where}.items")
            count = len(items)
        if "note" in item and not isinstance(item["note"], str):
            self.fail("应为文本", item.line_of("note"), f"{where}.note")
        return NumberedTerm(term, str(kind), count, items, topic, self.path, item.line)

    def file(self, data: Any) -> list[NumberedTerm]:
        top = self.mapping(data, _TOP_FIELDS, "", 1)
        topic = self.text(top, "topic", "", 40)
        raw = top["entries"]
        if not isinstance(raw, list) or not raw:
            self.fail("应为非空列表", top.line_of("entries"), "entries")
        entries = [self.entry(item, f"entries[{i}]", topic, top.line_of("entries"))
                   for i, item in enumerate(raw)]
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.term in seen:
                self.fail(f"词语“{entry.term}”重复", entry.line, f"entries[{i}].term")
            seen.add(entry.term)
        return entries


def parse_numbered_terms(text: str, path: str = "<数字术语>") -> list[NumberedTerm]:
    """Parse and validate one lexicon file's YAML `text`; errors name `path`, line and
    field (`TemplateSyntaxError`)."""
    return _Parser(path).file(parse_yaml(text, path))


def load_numbered_terms(path: str | os.PathLike[str]) -> list[NumberedTerm]:
    """Load and validate the lexicon file at `path`."""
    path = Path(path)
    return parse_numbered_terms(read_yaml_file(path, "数字术语文件"), str(path))


class NumberedTermLexicon(Mapping[str, NumberedTerm]):
    """The numbered terms by their text; later folders replace earlier entries.

    A broken file never stops the others from loading: it is listed in `errors`.
    """

    def __init__(self, entries: Iterable[NumberedTerm] = ()) -> None:
        self._entries: dict[str, NumberedTerm] = {}
        self.errors: list[TemplateError] = []
        for entry in entries:
            self.add(entry)

    def __getitem__(self, key: str) -> NumberedTerm:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: NumberedTerm) -> None:
        """Add `entry`, replacing an entry with its term."""
        self._entries[entry.term] = entry

    def add_dir(self, directory: str | os.PathLike[str]) -> None:
        """Load every `*.yaml`/`*.yml` in `directory`; a broken file goes to `errors`."""
        for entry in iter_folder(directory, load_numbered_terms, self.errors, "数字术语目录不存在"):
            self.add(entry)


def numbered_term_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Return the lexicon folders in load order: shipped, `WORKBENCH_NUMBERED_TERMS`, `extra`."""
    return data_dirs(SHIPPED_DIR, NUMBERED_TERMS_ENV, extra)


def load_lexicon(*extra_dirs: str | os.PathLike[str], shipped: bool = True) -> NumberedTermLexicon:
    """Return the lexicon of the shipped numbered terms, then the office's folders."""
    lexicon = NumberedTermLexicon()
    dirs = numbered_term_dirs(extra_dirs)
    for directory in dirs if shipped else dirs[1:]:
        lexicon.add_dir(directory)
    return lexicon


_DEFAULT: EnvCached[NumberedTermLexicon] = EnvCached(NUMBERED_TERMS_ENV, load_lexicon)


def default_lexicon() -> NumberedTermLexicon:
    """Return the lexicon of the shipped and `WORKBENCH_NUMBERED_TERMS` folders, loaded on
    the first call (and again when the variable changes)."""
    return _DEFAULT.get()
