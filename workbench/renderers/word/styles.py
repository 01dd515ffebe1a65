"""The named styles of the export (styles.xml), built from a layout profile.

Every style states its East Asian font (`w:eastAsia`), its Latin font, size and black
colour explicitly, so no theme font or colour of a word processor's defaults leaks in.

Style names: Word (and WPS) show some built-in styles under Chinese names, and refuse a
custom style with such a name. So the body uses the built-in "Normal" (shown as 正文), the
title the built-in "Title" (标题) and page numbers the built-in "footer" (页脚); the rest are
our own: 讲话人题注, 称谓, 一级标题 … 四级标题, and the character style 段首标题.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ...core.layout import LayoutProfile
from .xml import W_NS, twips_pt

#: Style ids used by the writer, by role.
STYLE_IDS = {
    "title": "Title",
    "speaker": "SpeakerLine",
    "salutation": "Salutation",
    "level1": "Level1",
    "level2": "Level2",
    "level3": "Level3",
    "level4": "Level4",
    "runin": "RunInHeading",
    "footer": "Footer",
}

#: The names a writer sees in Word's style gallery, by style id (built-ins in English).
STYLE_NAMES = {
    "Normal": "Normal",
    "Title": "Title",
    "SpeakerLine": "讲话人题注",
    "Salutation": "称谓",
    "Level1": "一级标题",
    "Level2": "二级标题",
    "Level3": "三级标题",
    "Level4": "四级标题",
    "RunInHeading": "段首标题",
    "Footer": "footer",
}


def fonts_xml(east_asian: str, latin: str) -> str:
    """Return a `w:rFonts` element naming every script slot explicitly (no theme fonts)."""
    ea, la = quoteattr(east_asian), quoteattr(latin)
    return f"<w:rFonts w:ascii={la} w:hAnsi={la} w:eastAsia={ea} w:cs={la}/>"


def _size(pt: float) -> str:
    half_points = round(pt * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _para_style(style_id: str, ppr: str, rpr: str, *, based_on: str = "Normal",
                next_style: str = "Normal", priority: int = 10) -> str:
    name = quoteattr(STYLE_NAMES[style_id])
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val={name}/><w:basedOn w:val="{based_on}"/>'
            f'<w:next w:val="{next_style}"/><w:uiPriority w:val="{priority}"/><w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>")


def styles_xml(layout: LayoutProfile) -> str:
    """Return the complete styles part for `layout`."""
    latin = layout.latin_font
    line = twips_pt(layout.line_spacing_pt)
    spacing = round(layout.char_spacing_pt * 20)
    indent = round(2 * layout.body_size_pt * 20)
    exact = f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    char_spacing = f'<w:spacing w:val="{spacing}"/>'
    black = '<w:color w:val="000000"/>'
    fangsong, kaiti = layout.fangsong_fonts[0], layout.kaiti_fonts[0]
    songti = layout.songti_fonts[0]

    # Chinese line breaking: kinsoku on, no hanging punctuation (overflowPunct off), no
    # extra space between Chinese and Latin; on the defaults and on Normal, which every
    # paragraph style is based on. (LibreOffice up to at least 7.4 reads overflowPunct
    # inverted and hangs punctuation; Word and WPS follow the standard.)
    typography = ('<w:widowControl w:val="0"/><w:kinsoku w:val="1"/><w:overflowPunct w:val="0"/>'
                  '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>')
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{fonts_xml(fangsong, latin)}{black}<w:kern w:val="0"/>{_size(layout.body_size_pt)}'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'{typography}{exact}<w:jc w:val="both"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    normal = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/><w:pPr>{typography}"
        f'<w:ind w:firstLineChars="200" w:firstLine="{indent}"/><w:jc w:val="both"/>'
        f"</w:pPr><w:rPr>{fonts_xml(fangsong, latin)}{black}{char_spacing}"
        f"{_size(layout.body_size_pt)}</w:rPr></w:style>"
    )
    title = (
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="SpeakerLine"/><w:uiPriority w:val="10"/>'
        f'<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{no_indent}<w:jc w:val="center"/>'
        '</w:pPr>'
        f'<w:rPr>{fonts_xml(layout.title_fonts[0], latin)}<w:b w:val="0"/><w:bCs w:val="0"/>'
        f'{black}<w:spacing w:val="0"/>{_size(layout.title_size_pt)}</w:rPr></w:style>'
    )
    level3_bold = "<w:b/><w:bCs/>" if layout.level3_bold else ""
    styles = [
        _para_style("SpeakerLine",
                    f'<w:keepNext/><w:spacing w:after="{line}"/>{no_indent}<w:jc w:val="center"/>',
                    fonts_xml(kaiti, latin), next_style="Salutation", priority=11),
        _para_style("Salutation", f'{no_indent}<w:jc w:val="left"/>', fonts_xml(fangsong, latin),
                    priority=12),
        _para_style("Level1", '<w:keepNext/><w:outlineLvl w:val="0"/>',
                    fonts_xml(layout.heiti_fonts[0], latin), priority=13),
        _para_style("Level2", '<w:keepNext/><w:outlineLvl w:val="1"/>', fonts_xml(kaiti, latin),
                    priority=14),
        _para_style("Level3", '<w:keepNext/><w:outlineLvl w:val="2"/>',
                    fonts_xml(fangsong, latin) + level3_bold, priority=15),
        _para_style("Level4", '<w:outlineLvl w:val="3"/>', fonts_xml(fangsong, latin), priority=16),
    ]
    runin = (
        '<w:style w:type="character" w:customStyle="1" w:styleId="RunInHeading">'
        f'<w:name w:val={quoteattr(STYLE_NAMES["RunInHeading"])}/><w:uiPriority w:val="17"/>'
        f"<w:qFormat/><w:rPr>{fonts_xml(kaiti, latin)}</w:rPr></w:style>"
    )
    number_line = twips_pt(layout.page_number_size_pt)
    footer = (
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
        f'<w:spacing w:line="{number_line}" w:lineRule="exact"/>{no_indent}</w:pPr><w:rPr>'
        f'{fonts_xml(songti, songti)}<w:spacing w:val="0"/>{_size(layout.page_number_size_pt)}'
        "</w:rPr></w:style>"
    )
    plumbing = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    body = defaults + normal + title + "".join(styles) + runin + footer + plumbing
    return f"<w:styles {W_NS}>{body}</w:styles>"
