"""Drafts: a template plus the writer's choices, facts and paragraph edits; saved as JSON."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

from ..errors import DraftError, FactError, PatternError
from .draftfile import save_checked
from .edits import Edit
from .facts import Facts
from .ignores import pairs_from_json, pairs_to_json
from .jsonsalvage import is_truncation, salvage_json
from .nodes import Document
from .patterns import DEFAULT_PATTERN, get_pattern, iter_patterns
from .roundtrip import HEAD_IDS, RoundTrip
from .templates import SpeechTemplate
from .versions import Version, new_version, trim_versions

#: The draft file format and its current version.
DRAFT_FORMAT = "speech-workbench-draft"
DRAFT_VERSION = 1

#: Largest draft file accepted, in bytes (a 30,000-character speech with edits is ~300 kB).
MAX_DRAFT_BYTES = 5 * 1024 * 1024

#: Most notes kept about what could not be restored (the rest are counted).
MAX_NOTES = 8

#: The keys of a draft file this version reads; others are dropped with a note.
_KNOWN_KEYS = frozenset({"format", "version", "revision", "template", "template_title", "saved_at",
                         "heading_pattern",
                         "opening", "closing", "sections", "facts", "edits", "versions",
                         "roundtrip", "ignored_findings"})

#: What the writer calls the parts of a draft file, for notes about what was lost.
_KEY_NAMES = {"sections": "结构与句式", "facts": "本地要素", "edits": "逐段修改"}


class Section:
    """A part of the template as the writer uses it: included or not, and its pattern."""

    def __init__(self, draft: Draft, part_id: str, include: bool = True,
                 pattern: str | None = None) -> None:
        self._draft = draft
        spec = draft.template.part(part_id)
        self.id = part_id
        self.title = spec.title
        self.include = include
        self._pattern = spec.pattern if spec.pattern in self.patterns else DEFAULT_PATTERN
        if pattern is not None:
            self.pattern = pattern

    @property
    def pattern(self) -> str:
        """The id of the form this part takes; setting an unusable one raises PatternError."""
        return self._pattern

    @pattern.setter
    def pattern(self, value: str) -> None:
        get_pattern(value)
        if value not in self.patterns:
            raise PatternError(f"第“{self.title}”部分不能使用句式“{value}”")
        self._pattern = value

    @property
    def patterns(self) -> list[str]:
        """The ids of the forms offered for this part: those its points are enough for,
        and, of the forms that need wording (排比, 数字概括…), those the template wrote.
        A part without points (a script's hand-over) has only the default form."""
        spec = self._draft.template.part(self.id)
        offered = [p.id for p in iter_patterns("part") if p.is_offered(len(spec.points), spec.forms)]
        return offered or [DEFAULT_PATTERN]

    def __repr__(self) -> str:
        return f"Section({self.id!r}, include={self.include}, pattern={self.pattern!r})"


class Draft:
    """A speech in progress: a template, the parts and their order and forms, facts, edits."""

    def __init__(self, template: SpeechTemplate) -> None:
        self.template = template
        self.facts = Facts(template.fact_specs)
        self.facts.fill_defaults()  # an imported speech's own figures, not samples
        self.sections: list[Section] = [Section(self, p.id) for p in template.parts]
        self.opening = template.openings[0].id
        self.closing = template.closings[0].id
        self.heading_pattern = template.heading_patterns[0].id
        self.edits: dict[str, Edit] = {}
        #: Saved versions (一稿、二稿…), oldest first; bounded by `versions.MAX_VERSIONS`.
        self.versions: list[Version] = []
        #: What could not be restored when the draft was opened (shown to the writer).
        self.notes: list[str] = []
        #: The revision of the file this draft was loaded from or last saved as (0: never
        #: saved); a save refuses to overwrite a file holding a newer one.
        self.revision = 0
        #: The Word round trip: paragraphs a reviewer added or deleted, pending tracked
        #: changes, comments (core/roundtrip.py; the optional "roundtrip" key of the file).
        self.roundtrip = RoundTrip()
        #: Findings the writer ignores here (忽略此处): (rule, paragraph id) pairs, in the
        #: order given (core/ignores.py; the optional "ignored_findings" key of the file).
        self.ignored: list[tuple[str, str]] = []

    # -- the writer's choices -----------------------------------------------------------

    def section(self, part_id: str) -> Section:
        """Return the section with id `part_id`; raises KeyError naming it."""
        for section in self.sections:
            if section.id == part_id:
                return section
        raise KeyError(f"draft has no section {part_id!r}")

    def move(self, part_id: str, offset: int) -> None:
        """Move section `part_id` by `offset` places (negative is up), within bounds."""
        section = self.section(part_id)
        index = self.sections.index(section)
        target = max(0, min(len(self.sections) - 1, index + offset))
        self.sections.insert(target, self.sections.pop(index))

    def reorder(self, part_ids: list[str]) -> None:
        """Put the sections in the order of `part_ids` (which must name each exactly once)."""
        if sorted(part_ids) != sorted(s.id for s in self.sections):
            raise ValueError(f"order {part_ids!r} must name every section once")
        by_id = {s.id: s for s in self.sections}
        self.sections = [by_id[i] for i in part_ids]

    def set_edit(self, paragraph_id: str, text: str | None, generated: str | None = None) -> None:
        """Replace paragraph `paragraph_id`'s text with `text`; None or `generated` (the
        text the template gives it, from the assembled tree) resets it."""
        if text is None or text.strip() == "" or text.strip() == generated:
            self.edits.pop(paragraph_id, None)
            return
        from .text import clean_text

        labels = {spec.id: spec.label for spec in self.facts.specs.values()}
        self.edits[paragraph_id] = Edit.from_text(clean_text(text).strip(), self.facts,
                                                  generated or "", labels)

    def iter_orphan_edits(self, document: Document | None = None) -> Iterator[str]:
        """Yield ids of edits whose paragraph `document` (this draft, assembled) lacks."""
        if document is None:
            raise TypeError("iter_orphan_edits() needs the assembled document")
        ids = {b.id for b in document.blocks}
        ids.update(pid for pid in HEAD_IDS if _has_head(document, pid))
        yield from (pid for pid in self.edits if pid not in ids)

    # -- versions (一稿、二稿…) -----------------------------------------------------------

    def add_version(self, note: str = "", *, document: Document | None = None,
                    saved_at: _dt.datetime | None = None) -> Version:
        """Save `document` (this draft, assembled) as the next version (一稿, 二稿, …).

        The oldest versions are dropped beyond `versions.MAX_VERSIONS` (or when all of
        them together pass `versions.MAX_VERSION_CHARS` characters).
        """
        if document is None:
            raise TypeError("add_version() needs the assembled document")
        version = new_version(self.versions, document, note, saved_at)
        self.versions = trim_versions([*self.versions, version])
        return version

    def version(self, number: int) -> Version:
        """Return the version numbered `number` (2 is 二稿); raises KeyError naming it."""
        for version in self.versions:
            if version.number == number:
                return version
        raise KeyError(f"draft has no version {number!r}")

    # -- persistence --------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Return the draft as JSON data (versioned)."""
        return {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            # Optional too: a draft without it is revision 0.
            "revision": self.revision,
            "template": self.template.id,
            # Optional: what the writer knows the template by, for messages (an imported
            # speech's id, imported-speech, means nothing to them).
            "template_title": self.template.display_title,
            "saved_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "heading_pattern": self.heading_pattern,
            "opening": self.opening,
            "closing": self.closing,
            "sections": [{"id": s.id, "include": s.include, "pattern": s.pattern}
                         for s in self.sections],
            "facts": self.facts.to_json(),
            "edits": {pid: e.to_json() for pid, e in self.edits.items()},
            # Optional (readers before it ignore it), so the format version stays 1.
            **({"versions": [v.to_json() for v in self.versions]} if self.versions else {}),
            # Optional as well (core/roundtrip.py), absent until a reviewed file came back.
            **({"roundtrip": self.roundtrip.to_json()} if not self.roundtrip.is_empty else {}),
            # Optional as well: absent until the writer ignores a finding (忽略此处).
            **({"ignored_findings": pairs_to_json(self.ignored, "paragraph")}
               if self.ignored else {}),
        }

    def dumps(self) -> str:
        """Return the draft as a JSON string."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the draft to `path` atomically, as the next revision; keep the file it
        replaces as `NAME.json.bak`.

        Raises `DraftConflictError` when the file holds a revision newer than this draft's
        (saved from another tab or by another writer since this draft was loaded or last
        saved), and `DraftSaveError` when the disk is full or the folder unwritable. In
        both cases the file is left as it was and this draft keeps its revision.
        """

        def render(revision: int) -> bytes:
            data = self.to_json()
            data["revision"] = revision
            return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

        self.revision = save_checked(Path(path), render, self.revision, MAX_DRAFT_BYTES)

    @classmethod
    def from_json(cls, data: Any, library: Mapping[str, SpeechTemplate] | None = None,
                  source: str = "草稿") -> Draft:
        """Return the draft stored as `data`; raises `DraftError` naming what is wrong.

        What cannot be restored (a fact of the wrong type, an edit or a part the template
        no longer has, a field this version does not know) is left out and described in
        `notes`; only a file that is not a draft, is from a newer version or names no
        known template is refused, naming the field.
        """
        if not isinstance(data, dict):
            _fail(source, "不是讲稿工作台的草稿文件")
        if data.get("format") != DRAFT_FORMAT:
            _fail(source, "不是讲稿工作台的草稿文件", "format")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            _fail(source, "草稿格式版本号无效", "version")
        if version > DRAFT_VERSION:
            _fail(source, f"草稿来自更新的版本（格式 {version}），请升级讲稿工作台", "version")
        if library is None:
            raise TypeError("from_json() needs the library the draft's template comes from")
        template_id = data.get("template")
        if not isinstance(template_id, str) or template_id not in library:
            title = data.get("template_title")
            if isinstance(title, str) and title.strip():
                _fail(source, f"草稿所用模板“{title.strip()[:60]}”不在模板库中"
                              "（导入的范文须先在“导入范文”中再次导入）", "template")
            _fail(source, f"草稿所用模板“{_short(template_id)}”不存在", "template")
        draft = cls(library[template_id])
        try:
            draft._restore(data)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise DraftError(f"{source}: 草稿内容有误（{exc.__class__.__name__}）") from None
        return draft

    def _restore(self, data: dict[str, Any]) -> None:
        # Each part restores on its own: a damaged one costs a note, never the draft.
        notes = self.notes
        revision = data.get("revision", 0)
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
            notes.append("修订号无效，按 0 计")
        else:
            self.revision = revision
        template = self.template
        for key, choices in (("opening", template.openings), ("closing", template.closings),
                             ("heading_pattern", template.heading_patterns)):
            value = data.get(key)
            if value is not None:
                if not isinstance(value, str) or value not in {c.id for c in choices}:
                    notes.append(f"“{_short(value)}”已不在模板中，改用默认")
                else:
                    setattr(self, key, value)
        self._restore_sections(data.get("sections", []))
        self._restore_facts(data.get("facts", {}))
        self._restore_edits(data.get("edits", {}))
        self._restore_versions(data.get("versions", []))
        self.roundtrip = RoundTrip.from_json(data.get("roundtrip"), notes)
        self.ignored, damaged = pairs_from_json(data.get("ignored_findings"), "paragraph")
        if damaged:
            notes.append(f"{damaged} 条“忽略此处”的记录有误，已略去")
        unknown = sorted(str(k) for k in data if k not in _KNOWN_KEYS)
        if unknown:
            more = f" 等 {len(unknown)} 个" if len(unknown) > 5 else ""
            notes.append(f"本版本不认识的字段 {'、'.join(_short(k) for k in unknown[:5])}{more} 已略去")
        if len(notes) > MAX_NOTES:  # a hostile file must not make a huge message
            notes[MAX_NOTES - 1:] = [f"另有 {len(notes) - MAX_NOTES + 1} 处问题未列出"]

    def _restore_sections(self, sections: Any) -> None:
        if not isinstance(sections, list):
            self.notes.append("结构与句式的记录有误，已改用模板默认")
            return
        known = {p.id for p in self.template.parts}
        restored: list[Section] = []
        damaged = 0
        for entry in sections:
            part_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(part_id, str):
                damaged += 1
                continue
            if part_id not in known or part_id in {s.id for s in restored}:
                self.notes.append(f"部分“{_short(part_id)}”已不在模板中")
                continue
            section = Section(self, part_id, bool(entry.get("include", True)))
            pattern = entry.get("pattern")
            if pattern:
                try:
                    section.pattern = str(pattern)
                except PatternError:
                    self.notes.append(f"部分“{section.title}”的句式“{_short(pattern)}”不可用，改用默认")
            restored.append(section)
        if damaged:
            self.notes.append(f"{damaged} 处部分记录有误，已略去")
        restored += [Section(self, p.id) for p in self.template.parts
                     if p.id not in {s.id for s in restored}]
        if restored:
            self.sections = restored

    def _restore_facts(self, facts: Any) -> None:
        if not isinstance(facts, dict):
            self.notes.append("本地要素的记录有误，已全部略去")
            return
        self.facts.clear()  # the file holds every value: a default the writer cleared stays cleared
        for key, value in facts.items():
            try:
                self.facts[str(key)] = value
            except FactError as exc:
                if exc.expected == "range":  # saved before the template bounded it (min/max)
                    self.notes.append(f"{exc}，已清空")
                    continue
                spec = self.facts.specs.get(str(key))
                label = spec.label if spec else str(key)
                self.notes.append(f"要素“{_short(label)}”的值“{_short(value)}”无效，已略去")
            except (TypeError, ValueError):
                self.notes.append(f"要素“{_short(key)}”的值“{_short(value)}”无效，已略去")

    def _restore_edits(self, edits: Any) -> None:
        if not isinstance(edits, dict):
            self.notes.append("逐段修改的记录有误，已全部略去")
            return
        damaged = 0
        for key, value in edits.items():
            try:
                edit = Edit.from_json(value)
            except (TypeError, ValueError):
                damaged += 1
                continue
            if edit.segments:  # an empty edit (a file cut inside it) would blank its paragraph
                self.edits[str(key)] = edit
            else:
                damaged += 1
        if damaged:
            self.notes.append(f"{damaged} 段修改的记录有误，已略去")

    def _restore_versions(self, data: Any) -> None:
        # A damaged history must not cost the writer the draft: bad entries are left out,
        # with a note.
        versions: list[Version] = []
        bad = not isinstance(data, list)
        for entry in data if isinstance(data, list) else []:
            try:
                version = Version.from_json(entry)
            except (TypeError, ValueError):
                bad = True
                continue
            if versions and version.number <= versions[-1].number:
                bad = True
                continue
            versions.append(version)
        if bad:
            self.notes.append("部分历史版本记录有误，已略去")
        self.versions = trim_versions(versions)

    @classmethod
    def loads(cls, text: str | bytes, library: Mapping[str, SpeechTemplate] | None = None,
              source: str = "草稿") -> Draft:
        """Return the draft in JSON `text`; raises `DraftError` when it cannot be read.

        A file cut off before its end (a full disk, a copy that stopped) opens with all
        that was written before the cut, and a note saying where it stops. A file broken
        in the middle is refused with its line; a refused field is named with its line.
        """
        if len(text) > MAX_DRAFT_BYTES:
            raise DraftError(f"{source}: 文件过大（上限 {MAX_DRAFT_BYTES // 1024 // 1024} MB）")
        if isinstance(text, bytes | bytearray):
            text = _decode(bytes(text), source)
        salvaged: int | None = None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            rescue = salvage_json(text) if is_truncation(text, exc) else None
            if rescue is None or not isinstance(rescue.data, dict):
                raise DraftError(f"{source}:{exc.lineno}: 草稿文件已损坏或不完整"
                                 f"（第 {exc.lineno} 行第 {exc.colno} 列）") from None
            data, salvaged = rescue.data, rescue.line
        except RecursionError:
            raise DraftError(f"{source}: 草稿文件嵌套过深，不是讲稿工作台的草稿") from None
        except ValueError:  # e.g. an integer of more digits than Python converts
            raise DraftError(f"{source}: 草稿文件中有无法读取的数值") from None
        try:
            draft = cls.from_json(data, library, source)
        except DraftError as exc:
            field = getattr(exc, "field", None)
            line = _line_of(text, field) if field else None
            if line is None and salvaged is None:
                raise
            detail = getattr(exc, "detail", str(exc))
            where = f"{source}:{line}" if line else source
            cut = (f"草稿文件已损坏或不完整（第 {salvaged} 行之后缺失），"
                   if salvaged is not None else "")
            field_text = f"（字段 {field}）" if field else ""
            raise DraftError(f"{where}: {cut}{detail}{field_text}") from None
        if salvaged is not None:
            lost = [name for key, name in _KEY_NAMES.items() if key not in data]
            lost_text = f"；{'、'.join(lost)}已缺失，改用模板默认" if lost else ""
            draft.notes.insert(0, f"草稿文件不完整，在第 {salvaged} 行之后中断，"
                                  f"已打开中断前的内容{lost_text}")
        return draft

    @classmethod
    def load(cls, path: str | os.PathLike[str],
             library: Mapping[str, SpeechTemplate] | None = None) -> Draft:
        """Return the draft saved at `path`; raises `DraftError` when it cannot be read."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_DRAFT_BYTES:
                raise DraftError(f"{path}: 文件过大")
            text = path.read_bytes()
        except OSError as exc:
            raise DraftError(f"{path}: 无法读取草稿（{exc.strerror or exc}）") from None
        return cls.loads(text, library, str(path))


def _fail(source: str, detail: str, field: str | None = None) -> NoReturn:
    error = DraftError(f"{source}: {detail}（字段 {field}）" if field else f"{source}: {detail}")
    error.field = field  # type: ignore[attr-defined]
    error.detail = detail  # type: ignore[attr-defined]
    raise error


def _line_of(text: str, field: str) -> int | None:
    # The line of a top-level key: the draft file has one key a line (`dumps` indents).
    match = re.search(rf'"{re.escape(field)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _decode(data: bytes, source: str) -> str:
    # A file cut off mid-character loses at most the last 3 bytes of that character.
    for end in range(len(data), max(len(data) - 4, -1), -1):
        try:
            return data[:end].decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 4:
                break
    raise DraftError(f"{source}: 不是 UTF-8 编码的草稿文件")


def _short(value: Any, limit: int = 20) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _has_head(document: Document, paragraph_id: str) -> bool:
    if paragraph_id == "title":
        return True
    if paragraph_id == "speaker":
        return document.speaker_line is not None
    return document.salutation is not None
