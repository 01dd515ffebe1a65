"""Office formats (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice, then read as Word.

The conversion is `workbench.convert`'s: one at a time, in a private folder with its own
LibreOffice profile, within a timeout, nothing left behind. What the file is comes from
its first bytes, not its name (`files.sniff`): WPS saves its .wps in Word's binary
format, so a .wps goes to LibreOffice as the .doc it is (LibreOffice would take a file
named .wps for Microsoft Works); an .odt is checked against the limits of a .docx (size,
members, zip bombs) before LibreOffice opens it, and the .docx that comes back passes
the same checks again before python-docx opens it. Tracked changes and comments
survive the conversion, so the Word round trip reads them as it reads a .docx.
"""

from __future__ import annotations

from ..errors import ConversionError, SourceImportError
from .files import ODT, OLE, RTF, check_odt_archive, check_size
from .model import SourceDocument

#: Seconds a conversion may take (waiting for another one to finish included).
OFFICE_TIMEOUT_S = 120.0

#: The suffix and the import filter LibreOffice gets for each kind of file `files.sniff`
#: tells apart. Named, not guessed: LibreOffice would import a damaged .doc as plain text.
_INPUT = {OLE: (".doc", "MS Word 97"), RTF: (".rtf", "Rich Text Format"), ODT: (".odt", "writer8")}


def read_office(data: bytes, label: str, kind: str, *, as_original: bool = False,
                physical: bool = False, timeout: float = OFFICE_TIMEOUT_S,
                warm: bool = False, isolated: bool = False) -> SourceDocument:
    """Return the paragraphs of the office file `data` (what `files.sniff` called `kind`:
    `OLE`, `RTF` or `ODT`), converted to .docx by LibreOffice and read by `word.read_docx`
    with `as_original` and `physical`.

    With `warm`, a LibreOffice kept running does the conversion (the dashboard); with
    `isolated`, the .docx it gives is read in a forked child (`word.read_docx_isolated`). Raises
    `SourceImportError` naming `label`, in one Chinese line, for a file over the limits,
    LibreOffice missing, a conversion that fails or passes `timeout`.
    """
    from ..convert import convert
    from .word import read_docx, read_docx_isolated

    check_size(data, label)
    if kind == ODT:
        check_odt_archive(data, label)
    try:
        suffix, infilter = _INPUT[kind]
        docx = convert(data, f"input{suffix}", "docx", timeout=timeout, warm=warm, label=label,
                       infilter=infilter)
    except ConversionError as exc:
        raise SourceImportError(str(exc)) from None
    read = read_docx_isolated if isolated else read_docx
    return read(docx, label, as_original=as_original, physical=physical)
