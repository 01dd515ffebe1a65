"""Helpers the subcommands share: the library, facts files, writing output."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.leaders import Leader
from ..core.loader import Library, load_library
from ..core.profile import (
    MAX_PROFILE_BYTES,
    ProfileError,
    parse_profile,
    read_ignored_terms,
    read_profile,
)
from ..core.yamlsource import LineDict
from ..errors import FactError, SourceImportError, WorkbenchError
from ..pipeline import Draft
from ..readers import SourceDocument, read_document


class InputError(WorkbenchError):
    """Bad input on the command line (a file that cannot be read or has the wrong shape)."""


def library_from(args: argparse.Namespace, warn: bool = True) -> Library:
    """Return the library with the user's `--templates` folders; warn about broken files."""
    library = load_library(*getattr(args, "templates", []))
    if warn:
        for error in library.errors:
            print(f"警告：{error}", file=sys.stderr)
    return library


def add_original_option(parser: argparse.ArgumentParser) -> None:
    """Add --as-original: read a Word file's tracked changes (修订) as all rejected."""
    parser.add_argument("--as-original", action="store_true",
                        help="Word 文件含修订时按全部拒绝读取（原稿）；默认按全部接受读取")


def read_speech(path: str, args: argparse.Namespace) -> SourceDocument:
    """Return the speech file `path` read through `workbench.readers`, with the tracked
    changes as `args.as_original` says; print the one line about them to stderr."""
    document = read_document(path, as_original=getattr(args, "as_original", False))
    if document.revision_note:
        print(document.revision_note, file=sys.stderr)
    return document


def require_text(document: SourceDocument) -> SourceDocument:
    """Return `document`; raise `SourceImportError` when it holds no text."""
    if not document.has_text:
        raise SourceImportError(f"{document.name}: 文件里没有文字")
    return document


def version_number(text: str) -> int:
    """Parse a version given on the command line as 2, 二 or 二稿 (argparse type)."""
    from ..core.numbering import parse_chinese_numeral

    value = text.strip().removesuffix("稿")
    number = int(value) if value.isascii() and value.isdigit() else parse_chinese_numeral(value)
    if not number:
        raise argparse.ArgumentTypeError(f"版本应写作 2、二 或 二稿：{text}")
    return number


def _profile_bytes(path: str, what: str) -> bytes:
    """Return the bytes of the facts file or unit profile `path` (one past the limit at
    most, for the parser to refuse); raises `InputError` naming it as `what`."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: 无法读取{what}（{exc.strerror or exc}）") from None


def read_facts_file(path: str) -> LineDict:
    """Return the facts in the facts file or unit profile `path` (both forms load);
    raises `InputError` naming the file and line."""
    content = _profile_bytes(path, "要素文件")
    try:
        return parse_profile(content, path)
    except ProfileError as exc:
        raise InputError(str(exc)) from None


def read_leaders_file(path: str) -> tuple[Leader, ...]:
    """Return the leaders (领导名录) in the unit profile `path` (none listed: empty);
    raises `InputError` naming the file, line and field."""
    content = _profile_bytes(path, "要素档案")
    try:
        return read_profile(content, path)[1]
    except ProfileError as exc:
        raise InputError(str(exc)) from None


def read_ignored_terms_file(path: str) -> tuple[tuple[str, str], ...]:
    """Return the (rule, term) pairs of 不再提示此词 in the unit profile `path` (none
    listed: empty); raises `InputError` naming the file, line and field."""
    content = _profile_bytes(path, "要素档案")
    try:
        return read_ignored_terms(content, path)
    except ProfileError as exc:
        raise InputError(str(exc)) from None


def apply_facts(draft: Draft, data: LineDict, path: str) -> None:
    """Set `draft`'s facts from `data`, naming file, line and fact on a wrong type."""
    for key, value in data.items():
        try:
            draft.facts[str(key)] = value
        except FactError as exc:
            line = data.line_of(key)
            raise InputError(f"{path}:{line}: {exc}（字段 {key}）") from None


def to_yaml(data: Any) -> str:
    """Return `data` as readable YAML (Chinese kept as is)."""
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
