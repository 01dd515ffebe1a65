"""Our own exports re-import to the outline they were built from, in every form offered.

Each shipped template is built with every form (句式) its parts offer, exported as Word,
Markdown and plain text, read back and parsed; the parts' headings and each part's point
headings must be the ones the draft was built with. Plain text cannot carry the bold
lead sentences of 排比 (it has no ordinals and no connectives), so that one form is
checked in Word and Markdown only.
"""

from __future__ import annotations

import pytest

from workbench import Draft
from workbench.core.importer import parse_outline
from workbench.core.loader import load_library
from workbench.core.nodes import Heading, Paragraph, RunIn, plain_text
from workbench.pipeline import assemble, render, render_bytes
from workbench.readers import read_document

LIBRARY = load_library()
CASES = [(tid, form) for tid, template in LIBRARY.items()
         for form in sorted({p for s in Draft(template).sections for p in s.patterns})]
#: Forms whose points plain text cannot mark.
UNMARKED_IN_TEXT = {"parallel"}


def _bare(text: str) -> str:
    return text.rstrip("。！？；，")


def built_outline(document) -> list[tuple[str, list[str]]]:
    """The parts' headings and their points' headings, as the document was built."""
    parts: list[tuple[str, list[str]]] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            parts.append((plain_text(block.children), []))
        elif parts and isinstance(block, Heading):
            parts[-1][1].append(_bare(plain_text(block.children)))
        elif (parts and isinstance(block, Paragraph) and block.children
              and isinstance(block.children[0], RunIn) and block.section != "closing"):
            parts[-1][1].append(_bare(plain_text(block.children[0].children)))
    return parts


def read_outline(text) -> list[tuple[str, list[str]]]:
    return [(p.heading, [_bare(q.heading) for q in p.points]) for p in parse_outline(text).parts]


def test_every_template_offers_several_forms():
    assert len(LIBRARY) >= 6
    assert {form for _, form in CASES} >= {"runin", "enumeration", "contrast", "parallel",
                                           "escalation", "prose"}


@pytest.mark.parametrize(("template_id", "form"), CASES)
def test_export_reimports_to_its_outline(template_id, form):
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    for section in draft.sections:
        if form in section.patterns:
            section.pattern = form
    document = assemble(draft)
    expected = built_outline(document)
    assert expected and all(points for _, points in expected)
    docx = read_document(render_bytes(document, "docx"), "讲话.docx").paragraphs
    assert read_outline(docx) == expected, "docx"
    assert read_outline(render(document, "markdown")) == expected, "markdown"
    if form not in UNMARKED_IN_TEXT:
        assert read_outline(render(document, "text")) == expected, "text"
