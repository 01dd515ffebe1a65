"""The tracked-changes export (修订版): every difference from a version as w:ins / w:del with
author and date, whole paragraphs with revised marks, comments; read back with every change
accepted it is the current text, with every change rejected the version's."""

from __future__ import annotations

import io
import itertools
import re
import zipfile

import pytest

from workbench import Draft, load_library
from workbench.core.edits import Edit
from workbench.core.nodes import editable_text
from workbench.core.roundtrip import AddedParagraph, ReviewComment
from workbench.core.versions import snapshot
from workbench.readers import INSERTED, read_document
from workbench.renderers.word.revisions import _Element, _marks

LIBRARY = load_library()


def _draft() -> Draft:
    draft = Draft(LIBRARY["work-safety-plenary"])
    draft.facts.fill_examples()
    return draft


def _tracked(draft: Draft, since: int = 1, author: str | None = None) -> bytes:
    buffer = io.BytesIO()
    draft.export_docx(buffer, revisions_from=since, author=author)
    return buffer.getvalue()


def _readings(data: bytes) -> tuple[list[str], list[str]]:
    accepted = read_document(data, "修订版.docx").texts
    rejected = read_document(data, "修订版.docx", as_original=True).texts
    return [t.replace("\n", "") for t in accepted], [t.replace("\n", "") for t in rejected]


def _edit(draft: Draft, index: int, old: str, new: str) -> None:
    block = draft.document().blocks[index]
    draft.set_edit(block.id, editable_text(block).replace(old, new, 1))


SCENARIOS = {
    "a phrase replaced": lambda d, ids: _edit(d, 1, "平稳不等于安稳", "平稳绝不等于安稳"),
    "the title edited": lambda d, ids: d.set_edit(
        "title", "在青山县安全生产委员会全体会议上的讲话", d.generated_text("title")),
    "a paragraph added and one deleted": lambda d, ids: (
        d.roundtrip.added.append(AddedParagraph("added:1", ids[2], "opening", Edit(["新的一段。"]))),
        d.roundtrip.deleted.append(ids[8])),
    "the last paragraph deleted": lambda d, ids: d.roundtrip.deleted.append(ids[-1]),
    "a paragraph added at the end": lambda d, ids: d.roundtrip.added.append(
        AddedParagraph("added:1", ids[-1], "closing", Edit(["最后加一句。"]))),
    "the end replaced": lambda d, ids: (
        d.roundtrip.deleted.append(ids[-1]),
        d.roundtrip.added.append(AddedParagraph("added:1", ids[-1], "closing", Edit(["谢谢！"])))),
    "a part left out and a fact changed": lambda d, ids: (
        setattr(d.section("mechanisms"), "include", False), d.facts.__setitem__("place", "白水县")),
    "parts reordered": lambda d, ids: d.move("mechanisms", -2),
    "nothing": lambda d, ids: None,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_accept_all_is_the_current_text_and_reject_all_the_version(name):
    draft = _draft()
    version = draft.add_version("一稿")
    SCENARIOS[name](draft, [b.id for b in draft.document().blocks])
    accepted, rejected = _readings(_tracked(draft))
    assert accepted == [text for _, text in snapshot(draft.document())]
    assert rejected == list(version.texts)


def test_changes_are_marked_by_character_with_author_and_date():
    draft = _draft()
    draft.add_version()
    _edit(draft, 1, "平稳不等于安稳", "平稳绝不等于安稳")
    document = read_document(_tracked(draft, author="张起草"), "修订版.docx")
    changes = [s for p in document.paragraphs for s in p.segments if s.is_change]
    assert [(s.kind, s.text) for s in changes] == [(INSERTED, "绝")]
    assert changes[0].author == "张起草" and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", changes[0].date)


def test_whole_paragraphs_and_their_marks_are_revisions():
    draft = _draft()
    draft.add_version()
    ids = [b.id for b in draft.document().blocks]
    draft.roundtrip.added.append(AddedParagraph("added:1", ids[2], "opening", Edit(["新的一段。"])))
    draft.roundtrip.deleted.append(ids[8])
    with zipfile.ZipFile(io.BytesIO(_tracked(draft))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        settings = archive.read("word/settings.xml").decode("utf-8")
    assert re.search(r'<w:ins w:id="\d+" w:author="起草人" w:date="[^"]+"><w:r>.*?新的一段。', xml)
    assert "<w:delText" in xml and re.search(r"<w:pPr>.*?<w:rPr><w:del ", xml)
    assert re.search(r"<w:pPr>.*?<w:rPr><w:ins ", xml)
    ids_used = re.findall(r'<w:(?:ins|del|bookmarkStart) w:id="(\d+)"', xml)
    assert len(ids_used) == len(set(ids_used))
    assert "<w:trackRevisions/>" in settings  # further edits are tracked too
    # The deleted paragraph carries no id: it is not the draft's any more.
    assert xml.count("w:bookmarkStart") == len(list(draft.document().iter_blocks()))


def test_notes_and_pending_comments_are_word_comments():
    draft = _draft()
    draft.add_version()
    ids = [b.id for b in draft.document().blocks]
    draft.roundtrip.comments += [
        ReviewComment("k1", ids[3], "王主任", "2026-03-06T09:30:00Z", "这段再压缩一些"),
        ReviewComment("k2", ids[5], "起草人", "2026-03-07T08:00:00Z", "已按意见压缩", mine=True),
        ReviewComment("k3", None, "李秘书长", "2026-03-06T10:00:00Z", "标题再斟酌")]
    document = read_document(_tracked(draft), "修订版.docx")
    got = {(c.author, c.date, c.text, document.paragraphs[c.paragraph].text[:6])
           for c in document.comments}
    texts = [t for _, t in snapshot(draft.document())]
    assert got == {("王主任", "2026-03-06T09:30:00Z", "这段再压缩一些", texts[3 + 3][:6]),
                   ("起草人", "2026-03-07T08:00:00Z", "已按意见压缩", texts[5 + 3][:6]),
                   ("李秘书长", "2026-03-06T10:00:00Z", "标题再斟酌", texts[0][:6])}


def test_an_unknown_version_is_a_key_error():
    draft = _draft()
    with pytest.raises(KeyError):
        _tracked(draft, since=3)


@pytest.mark.parametrize("old, new", [
    ("去年排查隐患1260处，整改率98.5%。", "去年排查隐患1350处，整改率99.1%。"),
    ("要压实责任。", "要压实压紧责任。"),
    ("完全不同的一句。", "另起炉灶。"),
    ("", "新的一段。"),
    ("同一句。", "同一句。"),
    ("采用ABC方案", "采用ABD方案"),
])
def test_the_quick_character_diff_spells_both_texts_and_keeps_figures_whole(old, new):
    from workbench.renderers.word.revisions import _char_diff

    segments = _char_diff(old, new)
    assert "".join(t for op, t in segments if op != "+") == old
    assert "".join(t for op, t in segments if op != "-") == new
    for op, text in segments:
        if op != "=" and any(c.isdigit() for c in text):
            assert re.fullmatch(r"[^0-9]*[0-9.%]+[^0-9]*", text)  # a figure changes whole
    if "ABC" in old:
        assert ("-", "ABC") in segments and ("+", "ABD") in segments


# -- the paragraph marks, for every short sequence ----------------------------------------------


def _read(kinds: tuple[str, ...], marks: list[str], accepted: bool) -> list[list[int]]:
    """Simulate a reading: which elements end up in each paragraph."""
    groups: list[list[int]] = []
    current: list[int] = []
    for n, (kind, mark) in enumerate(zip(kinds, marks, strict=True)):
        present = kind in (("same", "changed", "added") if accepted else ("same", "changed", "removed"))
        if present:
            current.append(n)
        gone = (mark == "del") if accepted else (mark == "ins")
        if not gone:
            groups.append(current)
            current = []
    assert not current
    return groups


@pytest.mark.parametrize("length", [1, 2, 3, 4, 5])
def test_marks_give_one_paragraph_each_in_both_readings(length):
    for kinds in itertools.product(("same", "added", "removed"), repeat=length):
        if "same" not in kinds:
            continue  # a document shares its title at least, else it is one edited paragraph
        elements = [_Element(k, 0 if k != "removed" else None, 0 if k != "added" else None)
                    for k in kinds]
        marks = _marks(elements)
        assert marks[-1] == ""
        for accepted in (True, False):
            groups = _read(kinds, marks, accepted)
            assert all(len(group) == 1 for group in groups), (kinds, marks, accepted)
