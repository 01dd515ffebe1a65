"""Word (.docx) renderer to the GB/T 9704-2012 speech layout.

python-docx is imported here and nowhere in the core; `workbench.core.layout` describes
the layout without it.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from typing import IO

import docx
from docx.oxml import parse_xml

from ...core.layout import GBT9704_SPEECH, LayoutProfile
from ...core.nodes import Document, plain_text
from ...core.roundtrip import TrackedChanges
from ...errors import RenderError
from .page import base_docx
from .revisions import tracked_body
from .writer import WordRenderer
from .xml import W_NS, clean

__all__ = ["WordRenderer", "render_docx"]


def render_docx(document: Document, target: str | os.PathLike[str] | IO[bytes],
                layout: LayoutProfile | None = None,
                revisions: TrackedChanges | None = None) -> None:
    """Write `document` as a .docx file to `target` (a path or a binary file object).

    `layout` defaults to `GBT9704_SPEECH`. With `revisions`, every difference from its
    version is a tracked change (修订版) and its comments are Word comments; the file
    opens with track changes on. Raises `RenderError` when the file cannot be written; a
    writer's text never makes the export fail (characters Word cannot hold are dropped).
    """
    if layout is None:
        layout = GBT9704_SPEECH
    if not isinstance(layout, LayoutProfile):
        raise TypeError(f"layout must be a LayoutProfile, not {type(layout).__name__}")
    word = docx.Document(io.BytesIO(base_docx(layout)))
    if revisions is None:
        body_xml = WordRenderer(layout).visit(document)
    else:
        body_xml = tracked_body(word, document, layout, revisions)
        _track_revisions(word)
    body = word.element.body
    sect_pr = body.sectPr
    for paragraph in parse_xml(f"<w:body {W_NS}>{body_xml}</w:body>"):
        sect_pr.addprevious(paragraph)
    props = word.core_properties
    props.title = clean(plain_text(document.title.children))[:250]
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    try:
        word.save(target)
    except OSError as exc:
        raise RenderError(f"无法写入 Word 文件（{exc.strerror or exc}）") from None


def _track_revisions(word: docx.document.Document) -> None:
    """Turn track changes on in the file's settings, so further edits are tracked too."""
    settings = word.settings.element
    if settings.find(_w("trackRevisions")) is not None:
        return
    element = parse_xml(f"<w:trackRevisions {W_NS}/>")
    # The schema fixes the order of the settings: before the first that comes after it.
    later = next((child for child in settings if child.tag in _AFTER_TRACK_REVISIONS), None)
    if later is not None:
        later.addprevious(element)
    else:
        settings.append(element)


def _w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"


#: The settings that follow `w:trackRevisions` in the schema (CT_Settings).
_AFTER_TRACK_REVISIONS = frozenset(_w(tag) for tag in (
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))
