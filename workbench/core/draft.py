"""Drafts: a template plus the writer's choices, facts and paragraph edits; saved as JSON."""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import DraftError, FactError, PatternError
from .atomicfile import atomic_write
from .edits import Edit
from .facts import Facts
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
        and, of the forms that need wording (排比, 数字概括…), those the template wrote."""
        spec = self._draft.template.part(self.id)
        return [p.id for p in iter_patterns("part") if p.is_offered(len(spec.points), spec.forms)]

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
        self.notes: list[str] = []
        #: The Word round trip: paragraphs a reviewer added or deleted, pending tracked
        #: changes, comments (core/roundtrip.py; the optional "roundtrip" key of the file).
        self.roundtrip = RoundTrip()

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
        }

    def dumps(self) -> str:
        """Return the draft as a JSON string."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the draft to `path` atomically: a temp file in the same folder, renamed."""
        atomic_write(Path(path), self.dumps().encode("utf-8"))

    @classmethod
    def from_json(cls, data: Any, library: Mapping[str, SpeechTemplate] | None = None,
                  source: str = "草稿") -> Draft:
        """Return the draft stored as `data`; raises `DraftError` naming what is wrong."""
        if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            raise DraftError(f"{source}: 不是讲稿工作台的草稿文件")
        version = data.get("version")
        if not isinstance(version, int) or version < 1:
            raise DraftError(f"{source}: 草稿版本号无效")
        if version > DRAFT_VERSION:
            raise DraftError(f"{source}: 草稿来自更新的版本（格式 {version}），请升级讲稿工作台")
        if library is None:
            raise TypeError("from_json() needs the library the draft's template comes from")
        template_id = data.get("template")
        if not isinstance(template_id, str) or template_id not in library:
            title = data.get("template_title")
            if isinstance(title, str) and title.strip():
                raise DraftError(f"{source}: 草稿所用模板“{title.strip()[:60]}”不在模板库中"
                                 "（导入的范文须先在“导入范文”中再次导入）")
            raise DraftError(f"{source}: 草稿所用模板“{template_id}”不存在")
        draft = cls(library[template_id])
        try:
            draft._restore(data)
        except (FactError, PatternError) as exc:
            raise DraftError(f"{source}: {exc}") from None
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise DraftError(f"{source}: 草稿内容有误（{exc.__class__.__name__}）") from None
        return draft

    def _restore(self, data: dict[str, Any]) -> None:
        template = self.template
        for key, choices in (("opening", template.openings), ("closing", template.closings),
                             ("heading_pattern", template.heading_patterns)):
            value = data.get(key)
            if value is not None:
                if value not in {c.id for c in choices}:
                    self.notes.append(f"“{value}”已不在模板中，改用默认")
                else:
                    setattr(self, key, value)
        sections = data.get("sections", [])
        if not isinstance(sections, list):
            raise TypeError("sections")
        known = {p.id for p in template.parts}
        restored: list[Section] = []
        for entry in sections:
            part_id = entry["id"]
            if part_id not in known or part_id in {s.id for s in restored}:
                self.notes.append(f"部分“{part_id}”已不在模板中")
                continue
            section = Section(self, part_id, bool(entry.get("include", True)))
            pattern = entry.get("pattern")
            if pattern:
                try:
                    section.pattern = pattern
                except PatternError:
                    self.notes.append(f"部分“{section.title}”的句式“{pattern}”不可用，改用默认")
            restored.append(section)
        restored += [Section(self, p) for p in known - {s.id for s in restored}]
        if restored:
            self.sections = restored
        facts = data.get("facts", {})
        if not isinstance(facts, dict):
            raise TypeError("facts")
        self.facts.clear()  # the file holds every value: a default the writer cleared stays cleared
        for key, value in facts.items():
            try:
                self.facts[str(key)] = value
            except FactError as exc:
                # A value saved before the template bounded it (min/max) must not cost
                # the writer the draft; a value of the wrong type still does.
                if exc.expected != "range":
                    raise
                self.notes.append(f"{exc}，已清空")
        edits = data.get("edits", {})
        if not isinstance(edits, dict):
            raise TypeError("edits")
        self.edits = {str(k): Edit.from_json(v) for k, v in edits.items()}
        self._restore_versions(data.get("versions", []))
        self.roundtrip = RoundTrip.from_json(data.get("roundtrip"), self.notes)

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
        """Return the draft in JSON `text`; raises `DraftError` when it cannot be read."""
        if len(text) > MAX_DRAFT_BYTES:
            raise DraftError(f"{source}: 文件过大（上限 {MAX_DRAFT_BYTES // 1024 // 1024} MB）")
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            where = f"第 {line} 行" if line else ""
            raise DraftError(f"{source}: 草稿文件已损坏或不完整{where}") from None
        return cls.from_json(data, library, source)

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


def _has_head(document: Document, paragraph_id: str) -> bool:
    if paragraph_id == "title":
        return True
    if paragraph_id == "speaker":
        return document.speaker_line is not None
    return document.salutation is not None
