"""Importing a speech (导入范文): read a file, recover its outline, extract a template.

Pure functions, no widgets; python-docx is imported only when a .docx is read.

    text = read_source("范文.docx")
    outline = parse_outline(text)            # Outline, with to_json() and format_tree()
    yaml_text = outline_to_template_yaml(outline, "forest-fire")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import SourceImportError as SourceImportError
from .outline import Item as Item
from .outline import Outline as Outline
from .outline import Part as Part
from .outline import Point as Point
from .parse import parse_outline as parse_outline
from .source import MAX_DOCX_BYTES as MAX_DOCX_BYTES
from .source import MAX_DOCX_UNCOMPRESSED as MAX_DOCX_UNCOMPRESSED
from .source import MAX_TEXT_BYTES as MAX_TEXT_BYTES
from .source import check_docx_archive as check_docx_archive
from .source import decode_text as decode_text
from .source import open_docx as open_docx
from .source import read_bytes as read_bytes
from .source import read_source as read_source
from .template import DEFAULT_ID as DEFAULT_ID
from .template import TemplateExtraction as TemplateExtraction
from .template import outline_to_template_yaml as outline_to_template_yaml

if TYPE_CHECKING:
    from ..templates import SpeechTemplate

__all__ = [
    "DEFAULT_ID",
    "MAX_DOCX_BYTES",
    "MAX_DOCX_UNCOMPRESSED",
    "MAX_TEXT_BYTES",
    "Item",
    "Outline",
    "Part",
    "Point",
    "SourceImportError",
    "TemplateExtraction",
    "check_docx_archive",
    "decode_text",
    "import_template",
    "open_docx",
    "outline_to_template_yaml",
    "parse_outline",
    "read_bytes",
    "read_source",
]


def import_template(text: str, template_id: str = DEFAULT_ID,
                    path: str = "<导入的模板>") -> tuple[Outline, str, SpeechTemplate]:
    """Return (outline, YAML, SpeechTemplate) for the speech `text`; the template is
    validated by the same parser as the shipped ones."""
    from ..loader import parse_template

    outline = parse_outline(text)
    yaml_text = outline_to_template_yaml(outline, template_id)
    return outline, yaml_text, parse_template(yaml_text, path)
