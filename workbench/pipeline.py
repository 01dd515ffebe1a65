"""The front (组稿流水线): draft -> document tree -> render(format), with one format registry.

Everything that turns a draft into output goes through here, once: the UI state, the CLI and
the public API (`workbench.Draft.render`, `export_docx`) all call `assemble()` and
`render()`/`export()`. The core below holds data and pure functions; the renderers hold one
visitor each. A format is one `OutputFormat` entry naming the module that writes it, loaded
on first use (python-docx costs ~100 ms to import, which a preview never needs).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import IO, Any

from .core import draft as _core
from .core.assembly import AssemblyCache
from .core.assembly import assemble as _assemble
from .core.assembly import generated_text as _generated_text
from .core.atomicfile import atomic_write
from .core.nodes import Document
from .core.templates import SpeechTemplate
from .core.versions import Version
from .errors import RenderError

__all__ = [
    "FORMATS", "Draft", "OutputFormat", "assemble", "export", "format_for_path", "register_format",
    "render", "render_bytes", "revise", "tracked_changes",
]


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """An output format: its name, file suffixes, MIME type and the function that writes it.

    `writer` is "module:function". A text format's function takes the document and returns
    a string; a binary one (`binary=True`) takes the document, a binary file object and the
    keyword options (e.g. `layout=`), and writes to it.

    A format made by converting another (PDF from Word) names that format as `via` and
    the conversion as `converter` ("module:function" taking the other format's bytes and
    the options the writer of `via` does not take); isolated renders use them to write
    the other format in a child and convert it here.
    """

    name: str
    label: str
    suffixes: tuple[str, ...]
    mime: str
    writer: str
    binary: bool = False
    via: str = ""
    converter: str = ""

    @property
    def suffix(self) -> str:
        """The file suffix written by default (".docx")."""
        return self.suffixes[0]

    def load(self) -> Any:
        """Return the writing function, importing its module on first use."""
        module, _, function = self.writer.partition(":")
        return getattr(import_module(module), function)


#: The output formats by name, in the order they are offered.
FORMATS: dict[str, OutputFormat] = {}


def register_format(fmt: OutputFormat) -> OutputFormat:
    """Add `fmt` to `FORMATS` (replacing one of the same name) and return it."""
    FORMATS[fmt.name] = fmt
    return fmt


for _fmt in (
    OutputFormat("text", "纯文本", (".txt",), "text/plain;charset=utf-8",
                 "workbench.renderers.text:render_text"),
    OutputFormat("markdown", "Markdown", (".md",), "text/markdown;charset=utf-8",
                 "workbench.renderers.markdown:render_markdown"),
    OutputFormat("html", "HTML", (".html", ".htm"), "text/html;charset=utf-8",
                 "workbench.renderers.html:render_html"),
    OutputFormat("docx", "Word", (".docx",),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "workbench.renderers.word:render_docx", binary=True),
    # The Word export converted by LibreOffice (renderers/pdf.py); options: layout=, warm=.
    OutputFormat("pdf", "PDF", (".pdf",), "application/pdf",
                 "workbench.renderers.pdf:render_pdf", binary=True, via="docx",
                 converter="workbench.renderers.pdf:docx_to_pdf"),
):
    register_format(_fmt)


def get_format(name: str) -> OutputFormat:
    """Return the format called `name`; raises ValueError listing the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}") from None


def format_for_path(path: str | os.PathLike[str]) -> OutputFormat | None:
    """Return the format its suffix gives `path` (".docx" -> docx), or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.suffixes), None)


def assemble(draft: _core.Draft, cache: AssemblyCache | None = None) -> Document:
    """Return the document tree of `draft` (the one assembly every output reads); a
    session's `cache` lets text its change did not touch be reused."""
    return _assemble(draft, cache)


def _document(source: _core.Draft | Document) -> Document:
    return source if isinstance(source, Document) else assemble(source)


def render(source: _core.Draft | Document, fmt: str = "text") -> str:
    """Return `source` (a draft or an assembled tree) as a text format: text, markdown, html."""
    spec = get_format(fmt)
    if spec.binary:
        raise ValueError(f"format {fmt!r} is binary; use render_bytes() or export()")
    return spec.load()(_document(source))


def render_bytes(source: _core.Draft | Document, fmt: str, *, isolated: bool = False,
                 **options: Any) -> bytes:
    """Return `source` as the bytes of a file in `fmt` (text formats in UTF-8).

    With `isolated`, a binary format is written in a forked child (`workbench.forked`), so
    python-docx and its caches never load in this process: the dashboard's kernels stay
    small for the whole session. A converted format (PDF) is converted here, where its
    kept-warm LibreOffice lives (`warm=`).
    """
    spec = get_format(fmt)
    if not spec.binary:
        return render(source, fmt).encode("utf-8")
    document = _document(source)
    if not isolated:
        return _write(spec, document, options)
    from .forked import call_forked

    if not spec.via:
        return call_forked(_write, spec, document, options)
    module, _, function = spec.converter.partition(":")
    convert = getattr(import_module(module), function)
    layout = {k: options.pop(k) for k in ("layout",) if k in options}
    data = call_forked(_write, get_format(spec.via), document, layout)
    return convert(data, **options)


def _write(spec: OutputFormat, document: Document, options: Mapping[str, Any]) -> bytes:
    buffer = io.BytesIO()
    spec.load()(document, buffer, **options)
    return buffer.getvalue()


def export(source: _core.Draft | Document, target: str | os.PathLike[str] | IO[bytes],
           fmt: str | None = None, **options: Any) -> None:
    """Write `source` to `target` in `fmt` (by default, the format of the path's suffix).

    A path is written atomically: a reader sees the old file or the new one, never half.
    """
    if fmt is None:
        if not isinstance(target, (str, os.PathLike)):
            raise ValueError("fmt is required when target is a file object")
        spec = format_for_path(target)
        if spec is None:
            raise ValueError(f"no format for {os.fspath(target)!r}")
        fmt = spec.name
    data = render_bytes(source, fmt, **options)
    try:
        if isinstance(target, (str, os.PathLike)):
            atomic_write(Path(target), data)
        else:
            target.write(data)
    except OSError as exc:
        raise RenderError(f"无法写入{get_format(fmt).label}文件（{exc.strerror or exc}）") from None


# -- the Word round trip (修改稿回收 and 修订版; core/revise.py, core/roundtrip.py) ------------


def revise(draft: _core.Draft, source: str | os.PathLike[str] | bytes, name: str | None = None, *,
           mode: str = "pending", note: str | None = None,
           document: Document | None = None, warm: bool = False,
           isolated: bool = False) -> Any:
    """Bring the edited file `source` (a path, or bytes with their file `name`: .docx, .doc,
    .wps, .odt, .rtf, .pdf, .txt or .md) back into `draft` and return the
    `core.revise.RevisionReport`; with `warm`, an office file is converted by a
    LibreOffice kept running, with `isolated` a Word file is read in a forked child (the
    dashboard: python-docx never loads in its kernel).

    `mode` settles the file's tracked changes: "pending" (kept for the writer to accept or
    reject), "accept" or "reject" (all). `note` goes with the version the imported text
    becomes (default: the file's name). `document` is `draft` assembled, if at hand.
    Raises `SourceImportError` (one Chinese line) for a file that cannot be read, holds no
    speech or is not an edited copy of this draft; the draft is then untouched.
    """
    from dataclasses import replace

    from .core.revise import apply_plan, plan_revision
    from .readers import TEXT, Segment, read_document
    from .readers.plain import strip_markdown

    edited = read_document(source, name, physical=True, warm=warm, isolated=isolated)
    if edited.kind == "markdown":
        paragraphs = tuple(replace(p, text=(line := strip_markdown(p.text)),
                                   segments=(Segment(TEXT, line),) if line else ())
                           for p in edited.paragraphs)
        edited = replace(edited, paragraphs=paragraphs)
    label = Path(name or (os.fspath(source) if not isinstance(source, bytes) else "修改稿")).name
    edited = replace(edited, name=label)
    current = document if document is not None else assemble(draft)
    plan = plan_revision(draft, current, edited, mode=mode)
    return apply_plan(draft, current, plan, note)


def tracked_changes(draft: _core.Draft, since: int, author: str | None = None,
                    date: Any = None) -> Any:
    """Return the options that make the Word export mark every difference from version
    `since` (2 is 二稿) as a tracked change by `author` (default: the draft's round-trip
    author, 起草人) at `date` (default: now), with the writer's notes and the pending
    comments as Word comments: ``render_bytes(doc, "docx", revisions=...)``.

    Raises `KeyError` naming the version when the draft has none numbered `since`.
    """
    import datetime as _dt

    from .core.roundtrip import TrackedChanges

    version = draft.version(since)
    moment = date or _dt.datetime.now(_dt.UTC)
    if isinstance(moment, _dt.datetime):
        moment = moment.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return TrackedChanges(version.paragraphs, (author or draft.roundtrip.author).strip()[:40]
                          or draft.roundtrip.author, str(moment), tuple(draft.roundtrip.comments),
                          version.label)


class Draft(_core.Draft):
    """A draft with its outputs: the public `workbench.Draft`.

    The data, edits and file format live in `workbench.core.draft.Draft`; this class adds the
    calls into the pipeline (`document`, `render`, `export_docx`) and the shipped library as
    the default when a draft file is opened without one.
    """

    def document(self) -> Document:
        """Return the assembled document tree."""
        return assemble(self)

    def render(self, fmt: str = "text") -> str:
        """Return the speech as "text", "markdown" or "html"."""
        return render(self, fmt)

    def export_docx(self, target: str | os.PathLike[str] | IO[bytes], layout: Any = None, *,
                    revisions_from: int | None = None, author: str | None = None) -> None:
        """Write the speech as a Word file to a path or a binary file object.

        With `revisions_from` (a version number: 1 is 一稿), every difference from that
        version is a native Word tracked change by `author` (default 起草人), and the
        writer's notes and pending comments are Word comments (修订版).
        """
        options: dict[str, Any] = {"layout": layout}
        if revisions_from is not None:
            options["revisions"] = tracked_changes(self, revisions_from, author)
        export(self, target, "docx", **options)

    def revise(self, source: str | os.PathLike[str] | bytes, name: str | None = None, *,
               mode: str = "pending", note: str | None = None) -> Any:
        """Bring an edited copy of this speech back (see `pipeline.revise`)."""
        return revise(self, source, name, mode=mode, note=note)

    def generated_text(self, paragraph_id: str) -> str | None:
        """Return the text the template gives paragraph `paragraph_id`, ignoring edits."""
        return _generated_text(self, paragraph_id)

    def set_edit(self, paragraph_id: str, text: str | None, generated: str | None = None) -> None:
        """Replace paragraph `paragraph_id`'s text with `text` (None resets it)."""
        if generated is None:
            generated = self.generated_text(paragraph_id)
        super().set_edit(paragraph_id, text, generated)

    def iter_orphan_edits(self, document: Document | None = None) -> Iterator[str]:
        """Yield ids of edits whose paragraph the current choices do not produce."""
        return super().iter_orphan_edits(document or self.document())

    def add_version(self, note: str = "", *, document: Document | None = None,
                    saved_at: Any = None) -> Version:
        """Save the speech's current text as the next version (一稿, 二稿, …) and return it."""
        return super().add_version(note, document=document or self.document(), saved_at=saved_at)

    @classmethod
    def from_json(cls, data: Any, library: Mapping[str, SpeechTemplate] | None = None,
                  source: str = "草稿") -> Draft:
        """Return the draft stored as `data`, its template from `library` (default: shipped)."""
        if library is None:
            from .core.loader import load_library

            library = load_library()
        return super().from_json(data, library, source)  # type: ignore[return-value]
