"""Hostile text for property tests: mutated speeches, hazards, deeply nested Word markup,
and the properties the importer and the checks must hold on any of it.

Shared by `tests/acceptance/test_fuzz.py` (few examples, in `make test`) and
`bench/reliability.py` (many examples, in `make bench`). Written against the public API
(`workbench.read_source`, `workbench.parse_outline`, `workbench.run_checks`,
`workbench.core.checks.check_text`), so it survives modules moving underneath.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import strategies as st

import workbench
from workbench import Draft, FactError, parse_outline, run_checks
from workbench.core.checks import check_paragraphs, check_text
from workbench.errors import SourceImportError

SPEECHES = sorted((Path(__file__).resolve().parents[1] / "data" / "speeches").iterdir())
TEXTS = [p.read_text(encoding="utf-8") for p in SPEECHES]

#: Characters that break naive code: controls, surrogates, bidi, zero-width, our slot
#: markers, line and paragraph separators, a BOM, non-characters.
HAZARDS = ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ud800",
           "\udfff", "\udbff\udc00", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\ue000",
           "\ue001", "\uffff", "\U0010ffff", "\r", "\r\n", "\t", "🚒", "👨‍👩‍👧"]

#: Fragments with meaning to the importer and checks: ordinals, headings, markup.
MARKUP = ["一、", "（一）", "1.", "（1）", "一是", "二是", "第一，", "首先，", "# ", "## ", "> ", "* ",
          "- ", "```", "**", "__", "<b>", "</p>", "<script>", "{{ place }}", "{% if %}", "【地名】",
          "同志们：", "谢谢大家！", "——在", "讲三点意见", "2026年1月", "×××", "（", "）", "“", "”"]

@st.composite
def mutated_speech(draw) -> str:
    """A real speech, mutated: hazards and markup inserted, lines cut, joined, repeated,
    and sometimes a line of 100,000 characters."""
    text = draw(st.sampled_from(TEXTS))
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        kind = draw(st.sampled_from(["hazard", "markup", "cut", "join", "dup", "drop", "random"]))
        line = lines[at] if lines else ""
        pos = draw(st.integers(0, len(line)))
        if kind == "hazard":
            line = line[:pos] + draw(st.sampled_from(HAZARDS)) * draw(st.integers(1, 5)) + line[pos:]
        elif kind == "markup":
            line = line[:pos] + draw(st.sampled_from(MARKUP)) + line[pos:]
        elif kind == "cut":
            line = line[:pos]
        elif kind == "random":
            line = line[:pos] + draw(st.text(max_size=30)) + line[pos:]
        if kind == "join" and at + 1 < len(lines):
            lines[at:at + 2] = [lines[at] + lines[at + 1]]
        elif kind == "dup":
            lines.insert(at, line)
        elif kind == "drop" and lines:
            del lines[at]
        elif lines:
            lines[at] = line
        else:
            lines = [line]
    if draw(st.integers(0, 3)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), _long_line(draw))
    return draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028"])).join(lines)


#: The kinds of 100,000-character line `long_line` makes.
LONG_LINE_KINDS = ("one char", "surrogates", "speech", "ordinals", "punctuation", "nesting",
                   "brackets", "thanks", "numerals", "spaces", "quotes")


def long_line(kind: str, char: str = "很") -> str:
    """Return a line of 100,000 characters of `kind` (see `LONG_LINE_KINDS`)."""
    if kind == "one char":
        return char * 100_000
    if kind == "surrogates":
        return ("\ud800青\x00\u202e" * 25_000)[:100_000]
    if kind == "speech":
        return ("".join(TEXTS).replace("\n", "") * 30)[:100_000]
    if kind == "ordinals":
        return ("一、（一）1.（1）一是" * 10_000)[:100_000]
    if kind == "punctuation":
        return ("，。；：！？、“”（）" * 10_000)[:100_000]
    # Each of these once took quadratic time in a regular expression (found by this fuzz).
    if kind == "brackets":
        return "[" * 50_000 + "]" * 50_000
    if kind == "thanks":
        return "谢谢" * 50_000
    if kind == "numerals":
        return "一" * 100_000
    if kind == "spaces":
        return "很" + " " * 99_998 + "很"
    if kind == "quotes":
        return '"很' * 50_000
    return ("（" * 25_000) + ("> " * 12_500) + ("）" * 25_000) + ("](" * 12_500)


def _long_line(draw) -> str:
    kind = draw(st.sampled_from(LONG_LINE_KINDS))
    return long_line(kind, draw(st.sampled_from(["很", "，", "（", "一", "\x00", "\ud800", " ", "*"])))


any_text = st.one_of(mutated_speech(), st.text(max_size=400),
                     st.lists(st.sampled_from(MARKUP + HAZARDS), max_size=200).map("".join))



# Wrappers Word puts around runs and paragraphs; each nests inside the others.
INLINE = ["w:hyperlink", "w:smartTag", "w:customXml", "w:ins", "w:del", "w:dir", "w:bdo",
           "w:fldSimple", "w:sdt"]
BLOCK = ["w:sdt", "w:customXml", "table"]


def _inline_chain(kinds: list[str], text: str):
    """Return the outermost element of `kinds` nested inside each other around a run."""
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    inner = run
    for kind in reversed(kinds):
        if kind == "w:sdt":
            outer, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
            content.append(inner)
            outer.append(content)
        else:
            outer = OxmlElement(kind)
            if kind == "w:del":
                for t in inner.iter(qn("w:t")):
                    t.tag = qn("w:delText")
            if kind in ("w:ins", "w:del"):
                outer.set(qn("w:id"), "1")
                outer.set(qn("w:author"), "审稿人")
            if kind == "w:fldSimple":
                outer.set(qn("w:instr"), "PAGE")
            if kind in ("w:dir", "w:bdo"):
                outer.set(qn("w:val"), "rtl")
            if kind in ("w:smartTag", "w:customXml"):
                outer.set(qn("w:element"), "place")
            outer.append(inner)
        inner = outer
    return inner


def _nest_blocks(body, kinds: list[str], text: str) -> None:
    """Append to `body` a paragraph nested inside `kinds` (content controls, custom XML,
    tables in table cells)."""
    paragraph = OxmlElement("w:p")
    paragraph.append(_inline_chain([], text))
    inner = paragraph
    for kind in reversed(kinds):
        if kind == "table":
            tbl, tr, tc = OxmlElement("w:tbl"), OxmlElement("w:tr"), OxmlElement("w:tc")
            tc.append(inner)
            if inner.tag == qn("w:tbl"):
                tc.append(OxmlElement("w:p"))  # Word ends a cell with a paragraph
            tr.append(tc)
            tbl.append(tr)
            outer = tbl
        elif kind == "w:sdt":
            outer, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
            content.append(inner)
            outer.append(content)
        else:
            outer = OxmlElement(kind)
            outer.set(qn("w:element"), "section")
            outer.append(inner)
        inner = outer
    body.insert(len(body) - 1, inner)  # before w:sectPr


def _xml_text(text: str) -> str:
    # Only characters XML can hold can be in a .docx at all.
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
                   or c > "\uffff")



def build_nested_docx(inline: list[str], blocks: list[str], text: str, repeat: int) -> bytes:
    """Return a .docx: 同志们： then a paragraph of `repeat` runs each nested in `inline`
    wrappers, then each line of `text` as a paragraph nested in `blocks`."""
    document = docx.Document()
    document.add_paragraph("同志们：")
    body = document.element.body
    lines = [_xml_text(line) for line in text.splitlines()][:40] or ["一、提高认识"]
    paragraph = document.add_paragraph()
    for _ in range(repeat):
        paragraph._p.append(_inline_chain(inline, lines[0][:200]))
    for line in lines[1:]:
        _nest_blocks(body, blocks, line[:2000])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


nested_docx = st.builds(build_nested_docx, st.lists(st.sampled_from(INLINE), max_size=60),
                        st.lists(st.sampled_from(BLOCK), max_size=40), mutated_speech(),
                        st.integers(1, 30))

hostile_value = st.one_of(st.text(max_size=60), st.sampled_from(HAZARDS + MARKUP),
                          st.integers(-10**15, 10**15), st.floats(allow_nan=True), st.none(),
                          st.lists(st.text(max_size=10), max_size=5), st.just("青" * 2000))

#: Facts as (index, value): the index picks one of the template's facts (or, past them,
#: an id the template does not know).
hostile_facts = st.lists(st.tuples(st.integers(0, 30), hostile_value), max_size=8)

hostile_edits = st.lists(st.tuples(st.integers(0, 40), st.one_of(mutated_speech(), any_text, st.none())),
                         max_size=6)

patterns = st.sampled_from(["runin", "enumeration", "subheadings", "numbered", "prose"])


# -- the properties (used by tests/acceptance/test_fuzz.py and bench/reliability.py) ------


def check_errors(findings: list) -> list:
    """Return the findings that report a rule which failed (and was caught)."""
    return [f for f in findings if f.rule == "check-error"]


def outline_holds(text: str) -> None:
    """`parse_outline` gives an outline for `text` that serialises."""
    outline = parse_outline(text)
    assert isinstance(outline.to_json(), dict)
    assert isinstance(outline.format_tree(), str)


def text_file_holds(text: str, name: str, encoding: str) -> None:
    """`read_source` reads `text` encoded as `encoding` in a file `name`, or refuses it with
    one line; what it reads parses."""
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    try:
        read = workbench.read_source(data, name)
    except SourceImportError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(read, str)
    parse_outline(read)


def word_file_holds(data: bytes) -> None:
    """`read_source` reads the .docx `data` (its first paragraph included) or refuses it
    with one line; what it reads parses and checks."""
    try:
        read = workbench.read_source(data, "范文.docx")
    except SourceImportError as exc:
        assert "\n" not in str(exc)
        return
    assert "同志们：" in read
    parse_outline(read)
    assert not check_errors(check_text(read))


def checks_hold(text: str, markdown: bool) -> None:
    """No rule of `check_text` fails on `text`."""
    findings = check_text(text, markdown=markdown, target_chars=3000, place="青山县", years=[2025])
    assert not check_errors(findings), findings
    assert not check_errors(check_paragraphs(text.split("\u2029"), minutes=8))


def draft_checks_hold(template, facts: list, edits: list, pattern: str, place: str | None) -> None:
    """A draft of `template` given hostile `facts` and `edits` assembles, renders, and no
    rule of `run_checks` fails on it."""
    draft = Draft(template)
    ids = [spec.id for spec in template.facts]
    for index, value in facts:
        key = ids[index] if index < len(ids) else f"unknown_{index}"
        try:
            draft.facts[key] = value
        except FactError:
            pass
    for section in draft.sections:
        if pattern in section.patterns:
            section.pattern = pattern
    for index, text in edits:
        blocks = draft.document().blocks
        draft.set_edit(blocks[index % len(blocks)].id, text)
    findings = run_checks(draft.document(), target_chars=template.target_chars, place=place,
                          years=[2024, 2025])
    assert not check_errors(findings), findings
    assert draft.render("html")
