"""Importing a speech (导入范文): recover its outline, extract a template.

Pure functions on text or paragraphs; files are read by `workbench.readers`.

    document = read_document("范文.docx")     # workbench.readers
    outline = parse_outline(document.paragraphs)   # Outline, with to_json() and format_tree()
    yaml_text = outline_to_template_yaml(outline, "forest-fire")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import SourceImportError as SourceImportError
from .outline import Item as Item
from .outline import Outline as Outline
from .outline import Part as Part
from .outline import Point as Point
from .paragraphs import HasText as HasText
from .paragraphs import Paragraphs as Paragraphs
from .paragraphs import joined_text as joined_text
from .parse import parse_outline as parse_outline
from .template import DEFAULT_ID as DEFAULT_ID
from .template import TemplateExtraction as TemplateExtraction
from .template import outline_to_template_yaml as outline_to_template_yaml

if TYPE_CHECKING:
    from ..templates import SpeechTemplate

__all__ = [
    "DEFAULT_ID",
    "HasText",
    "Item",
    "Outline",
    "Paragraphs",
    "Part",
    "Point",
    "SourceImportError",
    "TemplateExtraction",
    "import_template",
    "joined_text",
    "outline_to_template_yaml",
    "parse_outline",
]


def import_template(text: Paragraphs, template_id: str = DEFAULT_ID,
                    path: str = "<导入的模板>") -> tuple[Outline, str, SpeechTemplate]:
    """Return (outline, YAML, SpeechTemplate) for the speech `text` (or its paragraphs);
    the template is validated by the same parser as the shipped ones."""
    from ..schema import parse_template

    outline = parse_outline(text)
    yaml_text = outline_to_template_yaml(outline, template_id)
    return outline, yaml_text, parse_template(yaml_text, path)
