"""The Word file the PDF export hands to LibreOffice: `w:overflowPunct` inverted in its
styles (LibreOffice reads it inverted), nothing else changed; the download is untouched."""

from __future__ import annotations

import io
import zipfile

from workbench import Draft, load_library
from workbench.renderers.pdf import for_libreoffice


def _docx() -> bytes:
    draft = Draft(load_library()["work-style"])
    draft.facts.fill_examples()
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_only_the_styles_overflow_punct_is_inverted():
    word = _docx()
    before, after = _parts(word), _parts(for_libreoffice(word))
    assert before.keys() == after.keys()
    assert b'<w:overflowPunct w:val="0"/>' in before["word/styles.xml"]
    assert b'<w:overflowPunct w:val="0"/>' not in after["word/styles.xml"]
    assert after["word/styles.xml"].count(b'<w:overflowPunct w:val="1"/>') == \
        before["word/styles.xml"].count(b'<w:overflowPunct w:val="0"/>') >= 2
    assert after["word/styles.xml"].replace(b'w:overflowPunct w:val="1"', b'w:overflowPunct w:val="0"') \
        == before["word/styles.xml"]
    assert {k: v for k, v in after.items() if k != "word/styles.xml"} == \
        {k: v for k, v in before.items() if k != "word/styles.xml"}


def test_a_file_without_the_setting_is_passed_as_it_is():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/styles.xml", b"<w:styles/>")
    assert for_libreoffice(buffer.getvalue()) == buffer.getvalue()


def test_the_download_keeps_what_word_and_wps_read():
    assert b'<w:overflowPunct w:val="0"/>' in _parts(_docx())["word/styles.xml"]
