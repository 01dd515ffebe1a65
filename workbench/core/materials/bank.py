"""Materials (素材) as frozen values parsed from YAML, and the bank of several folders."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ...errors import MaterialError
from ..nodes import slot_text
from ..patterns import iter_patterns
from ..textfields import SLOT_CLOSE, SLOT_OPEN, TextField, TextFieldError, parse_text
from ..yamlsource import LineDict, LineList, YamlSyntaxError, load_yaml, read_text
from .forms import MAX_TOPIC_CHARS, SLOTS, MaterialForm, form_names, get_form

if TYPE_CHECKING:
    from .search import Hit, MaterialIndex

#: The folder of materials shipped with the project (found the way `templates/` is).
SHIPPED_DIR = Path(__file__).resolve().parents[3] / "materials"

#: Environment variable with the office's material folders (os.pathsep-separated).
MATERIALS_ENV = "WORKBENCH_MATERIALS"

#: Environment variable naming the writer's own folder (default ~/.workbench/materials).
USER_MATERIALS_ENV = "WORKBENCH_USER_MATERIALS"

#: Where a material came from, best first: ties in search rank in this order.
ORIGINS = ("user", "office", "shipped")

#: Longest material text, in characters (a long opening paragraph fits).
MAX_TEXT_CHARS = 600

#: Longest heading of a heading set, in characters.
MAX_HEADING_CHARS = 40

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SLOT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_TOPIC = re.compile(r"^[\w\u3400-\u9fff]+$")
_SLOT_MARK = re.compile(f"{SLOT_OPEN}([^{SLOT_CLOSE}]*){SLOT_CLOSE}")

_FILE_FIELDS = {"materials": True, "topics": False, "form": False, "description": False}
_ENTRY_FIELDS = {"id": True, "form": False, "text": False, "headings": False, "topics": False,
                 "slots": False, "source": False, "kind": False, "note": False}

#: Separator of the headings of a heading set when shown as one line.
HEADING_SEPARATOR = " / "


@dataclass(frozen=True, slots=True)
class Material:
    """A material (素材): a phrase, sentence or heading set a writer drops into a speech.

    `text` is the source, `{{ slot }}` references included; a heading set (标题组) has
    its `headings` and a `text` that joins them with " / ". `origin` is "shipped",
    "office" or "user"; `path` and `line` say where the entry is written.
    """

    id: str
    form: MaterialForm
    text: str
    topics: tuple[str, ...]
    headings: tuple[str, ...] = ()
    slots: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    kind: str | None = None
    note: str = ""
    origin: str = "shipped"
    path: str | None = None
    line: int | None = None
    fields: tuple[TextField, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_heading_set(self) -> bool:
        """True for a set of parallel level-1 headings (标题组)."""
        return self.form.id == "headings"

    @property
    def slot_names(self) -> frozenset[str]:
        """The fact slots the text refers to."""
        return frozenset().union(*(f.names for f in self.fields)) if self.fields else frozenset()

    def label_of(self, slot: str, labels: Mapping[str, str] | None = None) -> str:
        """Return the label of `slot`: from `labels` (the draft's facts), the entry, or the bank."""
        if labels and slot in labels:
            return labels[slot]
        return self.slots.get(slot) or SLOTS.get(slot) or slot

    def fill(self, values: Mapping[str, Any] | None = None,
             labels: Mapping[str, str] | None = None) -> str:
        """Return the text with `values` (a draft's facts) filled in; an unfilled slot reads
        【label】, labels taken from `labels` first. A heading set gives one line per heading."""
        return "\n".join(self.fill_parts(values, labels))

    def fill_parts(self, values: Mapping[str, Any] | None = None,
                   labels: Mapping[str, str] | None = None) -> list[str]:
        """Return the filled text of each part: the headings of a heading set, else the text."""
        context = values or {}
        return [_SLOT_MARK.sub(lambda m: slot_text(self.label_of(m.group(1), labels)),
                               f.render(context)) for f in self.fields]

    @property
    def display_text(self) -> str:
        """The text as a picker shows it: slots as 【label】, headings joined by " / "."""
        return HEADING_SEPARATOR.join(self.fill_parts()) if self.is_heading_set else self.fill()


class _Parser:
    """Builds the materials of one file from its YAML data, failing with file, line and field."""

    def __init__(self, path: str, origin: str) -> None:
        self.path = path
        self.origin = origin

    def fail(self, message: str, line: int | None, field_name: str | None = None) -> NoReturn:
        raise MaterialError(message, self.path, line, field_name)

    def mapping(self, data: Any, fields: Mapping[str, bool], where: str, line: int | None,
                ) -> LineDict:
        if not isinstance(data, LineDict):
            self.fail("应为键值映射（mapping）", getattr(data, "line", line), where or None)
        for key in data:
            if key not in fields:
                self.fail(f"未知字段“{key}”", data.line_of(key), f"{where}.{key}".lstrip("."))
        for key, required in fields.items():
            if required and key not in data:
                self.fail("缺少必填字段", data.line, f"{where}.{key}".lstrip("."))
        return data

    def string(self, data: LineDict, key: str, where: str, limit: int = MAX_TEXT_CHARS) -> str:
        value = data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail("应为非空文本", data.line_of(key), f"{where}.{key}".lstrip("."))
        text = "".join(line.strip() for line in value.strip().splitlines())
        if len(text) > limit:
            self.fail(f"文字过长（{len(text)} 字，上限 {limit} 字）", data.line_of(key),
                      f"{where}.{key}".lstrip("."))
        return text

    def topics(self, data: LineDict, where: str) -> tuple[str, ...]:
        raw = data.get("topics")
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            self.fail("应为主题列表，如 [安全生产, 通用]", data.line_of("topics"),
                      f"{where}.topics".lstrip("."))
        out: list[str] = []
        for i, topic in enumerate(items):
            line = raw.item_lines[i] if isinstance(raw, LineList) else data.line_of("topics")
            if not isinstance(topic, str) or not _TOPIC.match(topic.strip()) \
                    or len(topic.strip()) > MAX_TOPIC_CHARS:
                self.fail(f"主题“{topic}”应为不超过 {MAX_TOPIC_CHARS} 字、不含标点的词语", line,
                          f"{where}.topics[{i}]".lstrip("."))
            if topic.strip() not in out:
                out.append(topic.strip())
        return tuple(out)

    def form(self, data: LineDict, where: str) -> MaterialForm:
        value = data.get("form")
        if not isinstance(value, str):
            self.fail(f"应为句式名称：{form_names()}", data.line_of("form"),
                      f"{where}.form".lstrip("."))
        try:
            return get_form(value)
        except KeyError as exc:
            self.fail(str(exc.args[0]), data.line_of("form"), f"{where}.form".lstrip("."))

    def slots(self, data: LineDict, where: str) -> dict[str, str]:
        raw = data.get("slots")
        if raw is None:
            return {}
        if not isinstance(raw, LineDict):
            self.fail("应为“要素标识: 显示名称”的映射", data.line_of("slots"), f"{where}.slots")
        out = {}
        for key, label in raw.items():
            if not isinstance(key, str) or not _SLOT_ID.match(key):
                self.fail(f"要素标识“{key}”只能用英文字母、数字和下划线", raw.line_of(key),
                          f"{where}.slots")
            if not isinstance(label, str) or not label.strip():
                self.fail("应为非空文本", raw.line_of(key), f"{where}.slots.{key}")
            out[key] = label.strip()
        return out

    def text_field(self, data: LineDict, key: str, text: str, known: Iterable[str],
                   where: str) -> TextField:
        try:
            return parse_text(text, known)
        except TextFieldError as exc:
            self.fail(str(exc), data.line_of(key), where)

    def entry(self, raw: Any, where: str, line: int | None, defaults: LineDict) -> Material:
        item = self.mapping(raw, _ENTRY_FIELDS, where, line)
        ident = self.string(item, "id", where, 80)
        if not _ID.match(ident):
            self.fail(f"标识“{ident}”只能用英文小写字母、数字和连字符", item.line_of("id"),
                      f"{where}.id")
        for key in ("form", "topics"):
            if key not in item and key not in defaults:
                self.fail("缺少必填字段（也可在文件顶层给出默认值）", item.line, f"{where}.{key}")
        form = self.form(item if "form" in item else defaults, where if "form" in item else "")
        topics = self.topics(item if "topics" in item else defaults,
                             where if "topics" in item else "")
        slots = self.slots(item, where)
        known = set(SLOTS) | set(slots)
        headings: tuple[str, ...] = ()
        if form.id == "headings":
            if "text" in item:
                self.fail("标题组用 headings 列出各个标题，不用 text", item.line_of("text"),
                          f"{where}.text")
            raw_headings = item.get("headings")
            if not isinstance(raw_headings, LineList) or not 3 <= len(raw_headings) <= 4:
                self.fail("标题组应列出 3 至 4 个对仗的标题", item.line_of("headings"),
                          f"{where}.headings")
            values = []
            for k, heading in enumerate(raw_headings):
                hline = raw_headings.item_lines[k]
                if not isinstance(heading, str) or not heading.strip() or "\n" in heading.strip():
                    self.fail("应为一行非空文本", hline, f"{where}.headings[{k}]")
                if len(heading.strip()) > MAX_HEADING_CHARS:
                    self.fail(f"标题过长（上限 {MAX_HEADING_CHARS} 字）", hline,
                              f"{where}.headings[{k}]")
                values.append(heading.strip().rstrip("。"))
            if len(set(values)) != len(values):
                self.fail("标题组中有重复的标题", item.line_of("headings"), f"{where}.headings")
            headings = tuple(values)
            fields = tuple(self.text_field(item, "headings", h, known, f"{where}.headings[{k}]")
                           for k, h in enumerate(headings))
            text = HEADING_SEPARATOR.join(headings)
        else:
            if "headings" in item:
                self.fail("只有标题组（form: 标题组）才有 headings", item.line_of("headings"),
                          f"{where}.headings")
            if "text" not in item:
                self.fail("缺少必填字段", item.line, f"{where}.text")
            text = self.string(item, "text", where)
            fields = (self.text_field(item, "text", text, known, f"{where}.text"),)
        kind = None
        if "kind" in item:
            kind = self.kind(item, form, where)
        source = self.string(item, "source", where, 120) if "source" in item else None
        note = self.string(item, "note", where, 200) if "note" in item else ""
        return Material(ident, form, text, topics, headings, slots, source, kind, note,
                        self.origin, self.path, item.line, fields)

    def kind(self, item: LineDict, form: MaterialForm, where: str) -> str:
        value = self.string(item, "kind", where, 40)
        if form.kinds is None:
            self.fail(f"句式“{form.label}”没有细分类型（kind）", item.line_of("kind"), f"{where}.kind")
        kinds = {p.id: p.id for p in iter_patterns(form.kinds)}
        kinds |= {p.label: p.id for p in iter_patterns(form.kinds)}
        if value not in kinds:
            names = "、".join(p.label for p in iter_patterns(form.kinds))
            self.fail(f"类型“{value}”未知，应为 {names}", item.line_of("kind"), f"{where}.kind")
        return kinds[value]

    def materials(self, data: Any) -> list[Material]:
        if data is None:
            self.fail("文件为空，应有 materials 列表", 1, "materials")
        top = self.mapping(data, _FILE_FIELDS, "", 1)
        if "topics" in top:
            self.topics(top, "")
        if "form" in top:
            self.form(top, "")
        raw = top["materials"]
        if not isinstance(raw, LineList):
            self.fail("应为素材列表", top.line_of("materials"), "materials")
        out: list[Material] = []
        seen: dict[str, int | None] = {}
        for i, entry in enumerate(raw):
            material = self.entry(entry, f"materials[{i}]", raw.item_lines[i], top)
            if material.id in seen:
                self.fail(f"标识“{material.id}”重复（第 {seen[material.id]} 行已用）",
                          material.line, f"materials[{i}].id")
            seen[material.id] = material.line
            out.append(material)
        return out


def parse_materials(text: str, path: str = "<素材>", origin: str = "shipped") -> list[Material]:
    """Parse and validate material YAML `text`; errors name `path`, the line and the field."""
    try:
        data = load_yaml(text)
    except YamlSyntaxError as exc:
        raise MaterialError(str(exc), path, exc.line) from None
    return _Parser(path, origin).materials(data)


def load_material_file(path: str | os.PathLike[str], origin: str = "shipped") -> list[Material]:
    """Load and validate the material file at `path`."""
    path = Path(path)
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise MaterialError(f"无法读取素材文件（{reason}）", path) from None
    return parse_materials(text, str(path), origin)


def iter_material_files(directory: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield the `*.yaml`/`*.yml` files of `directory` in name order."""
    folder = Path(directory)
    yield from sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def check_dir(directory: str | os.PathLike[str]) -> list[Material]:
    """Validate every material file in `directory` and return its materials.

    Raises `MaterialError` for the first problem (a missing folder, bad YAML, a bad
    entry, an id used twice in the folder), naming file, line and field; `.others` on
    the error counts the further files that failed.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise MaterialError("素材目录不存在", folder)
    errors: list[MaterialError] = []
    out: list[Material] = []
    seen: dict[str, Material] = {}
    for path in iter_material_files(folder):
        try:
            materials = load_material_file(path, "office")
        except MaterialError as exc:
            errors.append(exc)
            continue
        for material in materials:
            first = seen.get(material.id)
            if first is not None:
                errors.append(MaterialError(
                    f"标识“{material.id}”已在 {Path(first.path or '').name} 第 {first.line} 行使用",
                    material.path, material.line, "id"))
                continue
            seen[material.id] = material
            out.append(material)
    if errors:
        error = errors[0]
        error.others = len(errors) - 1  # type: ignore[attr-defined]
        raise error
    if not out:
        raise MaterialError("目录中没有素材文件（*.yaml）", folder)
    return out


def user_materials_dir() -> Path:
    """Return the writer's own folder: `WORKBENCH_USER_MATERIALS`, else ~/.workbench/materials."""
    env = os.environ.get(USER_MATERIALS_ENV, "").strip()
    return Path(env) if env else Path.home() / ".workbench" / "materials"


def material_dirs(extra: Iterable[str | os.PathLike[str]] = (), *, shipped: bool = True,
                  user: bool | str | os.PathLike[str] = True) -> list[tuple[Path, str]]:
    """Return (folder, origin) in load order: shipped, `WORKBENCH_MATERIALS`, `extra`, the
    writer's own (`user`: True for `user_materials_dir()`, a path, or False)."""
    dirs: list[tuple[Path, str]] = [(SHIPPED_DIR, "shipped")] if shipped else []
    env = os.environ.get(MATERIALS_ENV, "")
    dirs += [(Path(p), "office") for p in env.split(os.pathsep) if p.strip()]
    dirs += [(Path(p), "office") for p in extra]
    if user is not False:
        dirs.append((user_materials_dir() if user is True else Path(user), "user"))
    return dirs


class MaterialBank:
    """The materials of some folders; a later folder's entry replaces an earlier one's id.

    A broken file never stops the others from loading (see `errors`). `index` is built
    on first use (word segmentation loads then, never at import).
    """

    def __init__(self, materials: Iterable[Material] = ()) -> None:
        self._by_id: dict[str, Material] = {}
        self.errors: list[MaterialError] = []
        self._index: MaterialIndex | None = None
        for material in materials:
            self._by_id[material.id] = material

    # -- the collection -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Material]:
        return iter(self.materials)

    def __contains__(self, key: object) -> bool:
        return key in self._by_id

    def get(self, material_id: str) -> Material | None:
        """Return the material with id `material_id`, or None."""
        return self._by_id.get(material_id)

    @property
    def materials(self) -> list[Material]:
        """Every material, the writer's first, then the office's, then the shipped ones."""
        rank = {origin: i for i, origin in enumerate(ORIGINS)}
        return sorted(self._by_id.values(), key=lambda m: rank.get(m.origin, len(rank)))

    def topics(self) -> list[str]:
        """Return the topics in use: the standard ones first, then others by name."""
        from .forms import TOPICS

        used = {t for m in self._by_id.values() for t in m.topics}
        return [t for t in TOPICS if t in used] + sorted(used - set(TOPICS))

    def add(self, material: Material) -> None:
        """Add `material` (e.g. one the writer just saved), replacing one of the same id."""
        old = self._by_id.get(material.id)
        self._by_id[material.id] = material
        if self._index is not None:
            if old is not None:
                self._index.remove(old)
            self._index.add(material, first=True)

    def add_dir(self, directory: str | os.PathLike[str], origin: str = "office",
                missing_ok: bool = False) -> None:
        """Load every material file in `directory`; failures go to `errors`."""
        folder = Path(directory)
        if not folder.is_dir():
            if not missing_ok:
                self.errors.append(MaterialError("素材目录不存在", folder))
            return
        for path in iter_material_files(folder):
            try:
                materials = load_material_file(path, origin)
            except MaterialError as exc:
                self.errors.append(exc)
                continue
            for material in materials:
                self._by_id[material.id] = material
        self._index = None

    # -- search -------------------------------------------------------------------------

    @property
    def index(self) -> MaterialIndex:
        """The search index, built on first use."""
        if self._index is None:
            from .search import MaterialIndex

            self._index = MaterialIndex(self.materials)
        return self._index

    def search(self, query: str = "", *, form: str | None = None, topic: str | None = None,
               prefer: Sequence[str] = (), limit: int = 20) -> list[Hit]:
        """Return the best `limit` materials for `query` (see `MaterialIndex.search`).

        Without words, the materials the filters let through are listed (the draft's
        topics first) without building the index, so browsing never loads jieba.
        """
        if query.strip() or (self._index is not None and self._index.is_built):
            return self.index.search(query, form=form, topic=topic, prefer=prefer, limit=limit)
        from .search import Hit

        form_id = get_form(form).id if form else None
        chosen = [m for m in self.materials
                  if (form_id is None or m.form.id == form_id) and (not topic or topic in m.topics)]
        wanted = set(prefer)
        first = [m for m in chosen if wanted.intersection(m.topics)]
        rest = [m for m in chosen if not wanted.intersection(m.topics)]
        return [Hit(m, 0, 0, i < len(first)) for i, m in enumerate((first + rest)[:max(0, limit)])]


def load_bank(*extra_dirs: str | os.PathLike[str], shipped: bool = True,
              user: bool | str | os.PathLike[str] = True) -> MaterialBank:
    """Return the bank: the shipped materials, the office's (`WORKBENCH_MATERIALS`),
    `extra_dirs`, then the writer's own folder (which may not exist yet)."""
    bank = MaterialBank()
    for folder, origin in material_dirs(extra_dirs, shipped=shipped, user=user):
        bank.add_dir(folder, origin, missing_ok=origin == "user")
    return bank
