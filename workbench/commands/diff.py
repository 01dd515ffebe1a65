"""`workbench diff OLD [NEW]`: what changed between two drafts of a speech (一稿、二稿…)."""

from __future__ import annotations

import argparse
import re
import sys
from html import escape
from pathlib import Path

from ..core.atomicfile import atomic_write
from ..core.diff import diff_texts, has_changes, summarize
from ..core.versions import snapshot
from ..pipeline import Draft
from ..readers import SHOWN_SUFFIXES, SUFFIXES
from ..renderers.diff import render_diff_html, render_diff_text
from ._common import InputError, add_original_option, library_from, read_speech
from ._common import version_number as _version_number

NAME = "diff"
HELP = "比较两稿（草稿 .json 的当前稿或存下的版本，或 .txt/.md/.docx/.doc/.wps/.rtf/.odt/.pdf），有改动时退出码为 1"

_SUFFIXES = (".json", *SUFFIXES)
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
_MD_EMPHASIS = re.compile(r"\*\*|__|^\*(?=\S)|(?<=\S)\*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]<>#|~])")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add OLD, NEW, --from, --to, --html, --as-original."""
    parser.add_argument("old", metavar="OLD", help="原稿：草稿 .json，或讲稿 .txt/.md/.docx/.doc/.wps/.rtf/.odt/.pdf")
    parser.add_argument("new", metavar="NEW", nargs="?",
                        help="新稿（同上）；省略时与 OLD 为同一草稿，用 --from/--to 选版本")
    parser.add_argument("--from", dest="from_version", type=_version_number, metavar="N",
                        help="取 OLD 草稿中存下的第 N 版（如 1 或 一稿），默认取当前稿")
    parser.add_argument("--to", dest="to_version", type=_version_number, metavar="N",
                        help="取 NEW 草稿中存下的第 N 版，默认取当前稿")
    parser.add_argument("--html", metavar="OUT.html", help="另把对照结果写成 HTML 文件（增绿删红）")
    add_original_option(parser)


def run(args: argparse.Namespace) -> int:
    """Compare; exit 0 when the texts are the same, 1 when they differ, 2 on bad input."""
    new_path = args.new or args.old
    if args.new is None and not args.old.lower().endswith(".json"):
        raise InputError(f"{args.old}: 只给一个文件时须是草稿 .json，用 --from/--to 比较其中的版本")
    if args.html and Path(args.html).resolve() in {Path(args.old).resolve(),
                                                     Path(new_path).resolve()}:
        raise InputError(f"{args.html}: 不能把对照结果写到要比较的文件上")
    old_label, old = _read(args, args.old, args.from_version, "--from")
    new_label, new = _read(args, new_path, args.to_version, "--to")
    changes = diff_texts(old, new)
    sys.stdout.write(render_diff_text(changes, old_label, new_label))
    if args.html:
        page = _page(render_diff_html(changes, old_label, new_label), f"{old_label} → {new_label}")
        try:
            atomic_write(Path(args.html), page.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"{args.html}: 无法写入（{exc.strerror or exc}）") from None
        print(f"已写出 {args.html}", file=sys.stderr)
    changed = has_changes(changes)
    print(summarize(changes) if changed else "两稿相同", file=sys.stderr)
    return 1 if changed else 0


def _read(args: argparse.Namespace, name: str, version: int | None,
          option: str) -> tuple[str, list[str]]:
    """Return a label and the paragraphs of file `name` (of its `version` for a draft)."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"{path}: 不支持的文件类型“{suffix or '无扩展名'}”，可用 .json {' '.join(SHOWN_SUFFIXES)}")
    if not path.is_file():
        raise InputError(f"{path}: 文件不存在")
    if suffix != ".json":
        if version is not None:
            raise InputError(f"{path}: 只有草稿 .json 存有版本，{option} 不能用于 {suffix} 文件")
        document = read_speech(name, args)
        if document.kind == "markdown":
            return name, [_plain_markdown(text) for text in document.texts]
        return name, document.texts
    draft = Draft.load(path, library_from(args, warn=False))
    if version is None:
        return name, [text for _, text in snapshot(draft.document())]
    try:
        chosen = draft.version(version)
    except KeyError:
        have = "、".join(v.label for v in draft.versions) or "无"
        raise InputError(f"{path}: 草稿中没有第 {version} 版（现有版本：{have}）") from None
    return f"{name}（{chosen.label}）", list(chosen.texts)


def _plain_markdown(line: str) -> str:
    # What `build -o x.md` adds around the text: heading marks, emphasis, escapes.
    return _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub("", _MD_PREFIX.sub("", line)))


def _page(fragment: str, title: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n</head>\n"
            '<body style="max-width:46em;margin:2em auto;font-family:\'Noto Sans CJK SC\','
            "'Microsoft YaHei',sans-serif;line-height:1.7\">\n"
            f"{fragment}\n</body>\n</html>\n")
