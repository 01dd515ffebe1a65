"""Drafts: a template plus the writer's choices, facts and paragraph edits; saved as JSON."""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import DraftError, FactError, PatternError
from .facts import Facts, display
from .nodes import Document, block_text
from .patterns import DEFAULT_PATTERN, get_pattern, iter_patterns
from .templates import SpeechTemplate
from .textfields import Missing
from .versions import Version, new_version, trim_versions

if TYPE_CHECKING:
    from .loader import Library

#: The draft file format and its current version.
DRAFT_FORMAT = "speech-workbench-draft"
DRAFT_VERSION = 1

#: Largest draft file accepted, in bytes (a 30,000-character speech with edits is ~300 kB).
MAX_DRAFT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FactRef:
    """A place in an edited paragraph where a fact's current value goes."""

    fact: str


class Edit:
    """A writer's text for one paragraph, with fact values kept as references.

    Keeping the facts as references lets an edited paragraph follow a later fact change
    (a new county name reaches edited paragraphs too).
    """

    __slots__ = ("segments",)

    def __init__(self, segments: list[str | FactRef]) -> None:
        self.segments = segments

    @classmethod
    def from_text(cls, text: str, facts: Mapping[str, Any], generated: str = "",
                  labels: Mapping[str, str] | None = None) -> Edit:
        """Return the edit for `text`, turning back into references the values of `facts`
        that `generated` shows too, and the slots (【label】, by `labels`) of facts still
        unfilled, so the edit follows later fact changes."""
        values = [
            (fid, display(v)) for fid, v in facts.items()
            if not isinstance(v, bool) and len(display(v)) >= 2 and display(v) in generated
        ]
        values += [
            (fid, f"【{label}】") for fid, label in (labels or {}).items()
            if fid not in facts and f"【{label}】" in generated
        ]
        values.sort(key=lambda pair: -len(pair[1]))
        segments: list[str | FactRef] = [text]
        for fid, value in values:
            split: list[str | FactRef] = []
            for seg in segments:
                if isinstance(seg, FactRef):
                    split.append(seg)
                    continue
                pieces = seg.split(value)
                for i, piece in enumerate(pieces):
                    if i:
                        split.append(FactRef(fid))
                    if piece:
                        split.append(piece)
            segments = split
        return cls(segments)

    def render(self, values: Mapping[str, Any]) -> str:
        """Return the edit's text with current fact values (a slot marker where missing)."""
        out = []
        for seg in self.segments:
            if isinstance(seg, FactRef):
                value = values.get(seg.fact)
                out.append(display(value) if value is not None else str(Missing(seg.fact)))
            else:
                out.append(seg)
        return "".join(out)

    def to_json(self) -> list[Any]:
        """Return the segments as JSON data: strings and {"fact": id} objects."""
        return [{"fact": s.fact} if isinstance(s, FactRef) else s for s in self.segments]

    @classmethod
    def from_json(cls, data: Any) -> Edit:
        """Return the edit stored as `data`; raises ValueError when malformed."""
        if isinstance(data, str):
            return cls([data])
        if not isinstance(data, list):
            raise ValueError("edit is not a list")
        segments: list[str | FactRef] = []
        for seg in data:
            if isinstance(seg, str):
                segments.append(seg)
            elif isinstance(seg, dict) and isinstance(seg.get("fact"), str):
                segments.append(FactRef(seg["fact"]))
            else:
                raise ValueError("bad edit segment")
        return cls(segments)


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
        self.sections: list[Section] = [Section(self, p.id) for p in template.parts]
        self.opening = template.openings[0].id
        self.closing = template.closings[0].id
        self.heading_pattern = template.heading_patterns[0].id
        self.edits: dict[str, Edit] = {}
        #: Saved versions (一稿、二稿…), oldest first; bounded by `versions.MAX_VERSIONS`.
        self.versions: list[Version] = []
        self.notes: list[str] = []

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

    def set_edit(self, paragraph_id: str, text: str | None) -> None:
        """Replace paragraph `paragraph_id`'s text with `text`; None or the generated text
        resets it."""
        generated = self.generated_text(paragraph_id)
        if text is None or text.strip() == "" or text.strip() == generated:
            self.edits.pop(paragraph_id, None)
            return
        from .text import clean_text

        labels = {spec.id: spec.label for spec in self.facts.specs.values()}
        self.edits[paragraph_id] = Edit.from_text(clean_text(text).strip(), self.facts,
                                                  generated or "", labels)

    def generated_text(self, paragraph_id: str) -> str | None:
        """Return the text the template gives paragraph `paragraph_id`, ignoring edits."""
        saved, self.edits = self.edits, {}
        try:
            for block in self.document().blocks:
                if block.id == paragraph_id:
                    text = block_text(block)
                    ordinal = getattr(block, "ordinal", "")
                    return text[len(ordinal):] if ordinal else _strip_runin(block, text)
            return None
        finally:
            self.edits = saved

    def iter_orphan_edits(self) -> Iterator[str]:
        """Yield ids of edits whose paragraph the current choices do not produce."""
        ids = {b.id for b in self.document().blocks}
        yield from (pid for pid in self.edits if pid not in ids)

    # -- versions (一稿、二稿…) -----------------------------------------------------------

    def add_version(self, note: str = "", *, saved_at: _dt.datetime | None = None) -> Version:
        """Save the speech's current text as the next version (一稿, 二稿, …) and return it.

        The oldest versions are dropped beyond `versions.MAX_VERSIONS` (or when all of
        them together pass `versions.MAX_VERSION_CHARS` characters).
        """
        version = new_version(self.versions, self.document(), note, saved_at)
        self.versions = trim_versions([*self.versions, version])
        return version

    def version(self, number: int) -> Version:
        """Return the version numbered `number` (2 is 二稿); raises KeyError naming it."""
        for version in self.versions:
            if version.number == number:
                return version
        raise KeyError(f"draft has no version {number!r}")

    # -- output -------------------------------------------------------------------------

    def document(self) -> Document:
        """Return the assembled document tree."""
        from .assembly import assemble

        return assemble(self)

    def render(self, fmt: str = "text") -> str:
        """Return the speech as "text", "markdown" or "html"."""
        from ..renderers import render

        return render(self.document(), fmt)

    def export_docx(self, target: str | os.PathLike[str] | IO[bytes], layout: Any = None) -> None:
        """Write the speech as a Word file to a path or a binary file object."""
        from ..renderers.word import render_docx

        render_docx(self.document(), target, layout=layout)

    # -- persistence --------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Return the draft as JSON data (versioned)."""
        return {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "template": self.template.id,
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
        }

    def dumps(self) -> str:
        """Return the draft as a JSON string."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the draft to `path` atomically: a temp file in the same folder, renamed."""
        atomic_write(Path(path), self.dumps().encode("utf-8"))

    @classmethod
    def from_json(cls, data: Any, library: Mapping[str, SpeechTemplate] | Library | None = None,
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
            from .loader import load_library

            library = load_library()
        template_id = data.get("template")
        if not isinstance(template_id, str) or template_id not in library:
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


def _strip_runin(block: Any, text: str) -> str:
    from .nodes import RunIn

    first = block.children[0] if block.children else None
    if isinstance(first, RunIn) and text.startswith(first.ordinal):
        return text[len(first.ordinal):]
    return text


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise




