"""The prepared base document: page, styles, fonts, settings and page-number footers.

Everything that does not depend on the speech is built once per layout profile with
python-docx and kept in memory as the bytes of a .docx; an export opens those bytes and
only adds the body.
"""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import quoteattr

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...core.layout import LayoutProfile
from .styles import STYLE_IDS, styles_xml
from .xml import W_NS, twips_mm, twips_pt

#: A4 in twips, as Word writes it (210 mm x 297 mm).
_A4_TWIPS = (11906, 16838)

#: Parts of python-docx's default template a speech never uses.
_UNUSED_RELS = (RT.CUSTOM_XML, RT.NUMBERING,
                "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


@lru_cache(maxsize=8)
def base_docx(layout: LayoutProfile) -> bytes:
    """Return the bytes of an empty .docx set up for `layout` (cached per profile)."""
    document = docx.Document()
    _drop_unused_parts(document)
    _set_styles(document, layout)
    _set_fonts(document, layout)
    _set_page(document, layout)
    _set_settings(document, layout)
    _set_footers(document, layout)
    props = document.core_properties
    props.author = ""
    props.comments = ""
    props.last_modified_by = ""
    props.keywords = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _drop_unused_parts(document: WordDocument) -> None:
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in _UNUSED_RELS:
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def _replace_children(target: BaseOxmlElement, source: BaseOxmlElement) -> None:
    for child in list(target):
        target.remove(child)
    for child in list(source):
        target.append(child)


def _set_styles(document: WordDocument, layout: LayoutProfile) -> None:
    _replace_children(document.styles.element, parse_xml(styles_xml(layout)))


def _font_entry(name: str, fallbacks: tuple[str, ...], east_asian: bool) -> str:
    alt = f"<w:altName w:val={quoteattr(fallbacks[0])}/>" if fallbacks else ""
    if east_asian:
        # charset 86 is GB2312: Word substitutes a Chinese font when this one is missing.
        return (f"<w:font w:name={quoteattr(name)}>{alt}<w:charset w:val=\"86\"/>"
                '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>')
    return (f"<w:font w:name={quoteattr(name)}>{alt}<w:charset w:val=\"00\"/>"
            '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')


def _set_fonts(document: WordDocument, layout: LayoutProfile) -> None:
    """Write the font table: every font used, with its first fallback as `w:altName`."""
    entries = {layout.latin_font: _font_entry(layout.latin_font, (), east_asian=False)}
    for fonts in (layout.fangsong_fonts, layout.kaiti_fonts, layout.heiti_fonts,
                  layout.title_fonts, layout.songti_fonts):
        entries.setdefault(fonts[0], _font_entry(fonts[0], fonts[1:], east_asian=True))
    table = parse_xml(f"<w:fonts {W_NS}>{''.join(entries.values())}</w:fonts>")
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            # python-docx keeps the font table as a plain blob part, with no API to edit it.
            rel.target_part._blob = serialize_part_xml(table)
            break


def _set_page(document: WordDocument, layout: LayoutProfile) -> None:
    """A4 portrait, the profile's margins, and a line grid at the body's line pitch."""
    sect_pr = document.sections[0]._sectPr
    top, bottom, left, right = (twips_mm(v) for v in layout.word_margins_mm)
    if (layout.page_width_mm, layout.page_height_mm) == (210, 297):
        width, height = _A4_TWIPS
    else:
        width, height = twips_mm(layout.page_width_mm), twips_mm(layout.page_height_mm)
    footer = twips_mm(layout.footer_distance_mm)
    line = twips_pt(layout.line_spacing_pt)
    fresh = parse_xml(
        f"<w:sectPr {W_NS}>"
        f'<w:pgSz w:w="{width}" w:h="{height}"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        f'w:header="851" w:footer="{footer}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{line}"/>'
        "</w:sectPr>"
    )
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]
    _replace_children(sect_pr, fresh)


def _set_settings(document: WordDocument, layout: LayoutProfile) -> None:
    settings = document.settings
    element = settings.element
    settings.odd_and_even_pages_header_footer = not layout.page_numbers_centred
    lang = element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    control = element.find(qn("w:characterSpacingControl"))
    if control is not None:
        # Full-width punctuation keeps its full width, so every line holds 28 characters.
        control.set(qn("w:val"), "doNotCompress")
    if layout.mirror_margins:
        zoom = element.find(qn("w:zoom"))
        mirror = parse_xml(f"<w:mirrorMargins {W_NS}/>")
        if zoom is not None:
            zoom.addnext(mirror)
        else:
            element.insert(0, mirror)


def page_number_xml(align: str, indent: str) -> str:
    """Return a footer paragraph showing — N — (N a PAGE field) in the footer style."""
    dash = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
    return (
        f'<w:p {W_NS}><w:pPr><w:pStyle w:val="{STYLE_IDS["footer"]}"/>{indent}'
        f'<w:jc w:val="{align}"/></w:pPr>'
        f'<w:r>{dash}<w:t xml:space="preserve">— </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{dash}<w:t xml:space="preserve"> —</w:t></w:r>'
        "</w:p>"
    )


def _set_footers(document: WordDocument, layout: LayoutProfile) -> None:
    """Page numbers: odd pages right and even pages left, one character in; or centred."""
    section = document.sections[0]
    one_char = twips_pt(layout.body_size_pt)
    if layout.page_numbers_centred:
        footers = [(section.footer, "center", '<w:ind w:firstLineChars="0" w:firstLine="0"/>')]
    else:
        footers = [
            (section.footer, "right", f'<w:ind w:right="{one_char}" w:firstLineChars="0" w:firstLine="0"/>'),
            (section.even_page_footer, "left", f'<w:ind w:left="{one_char}" w:firstLineChars="0" w:firstLine="0"/>'),
        ]
    for footer, align, indent in footers:
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(page_number_xml(align, indent)))
