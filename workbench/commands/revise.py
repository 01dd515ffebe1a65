"""`workbench revise DRAFT.json EDITED.docx`: bring a reviewer's edited file back into the draft."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.revise import ACCEPT_ALL, PENDING, REJECT_ALL
from ..errors import DraftError
from ..pipeline import Draft
from ..readers import SHOWN_SUFFIXES, SUFFIXES
from ._common import InputError, library_from

NAME = "revise"
HELP = ("收回修改稿：把 Word/WPS/LibreOffice 改过的 .docx/.doc/.wps/.odt/.rtf（或 .pdf/.txt/.md）收回草稿，"
        "修订待定、批注保留")

_SUFFIXES = SUFFIXES


def configure(parser: argparse.ArgumentParser) -> None:
    """Add DRAFT, EDITED, -o, --note, --accept-all / --reject-all, --json."""
    parser.add_argument("draft", metavar="DRAFT.json", help="草稿文件（导出修改稿前的那一份）")
    parser.add_argument("edited", metavar="EDITED",
                        help="改过的讲稿：.docx/.doc/.wps/.odt/.rtf（可含修订和批注）或 .pdf/.txt/.md")
    parser.add_argument("-o", "--output", metavar="OUT.json", help="写到另一个草稿文件；默认改写 DRAFT.json")
    parser.add_argument("--note", help="收回后新版本的备注（默认：修改稿的文件名）")
    settle = parser.add_mutually_exclusive_group()
    settle.add_argument("--accept-all", action="store_true", help="接受修改稿中的全部修订")
    settle.add_argument("--reject-all", action="store_true", help="拒绝修改稿中的全部修订")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出收回结果")


def run(args: argparse.Namespace) -> int:
    """Revise the draft; exit 0 (also when nothing changed), 2 for bad input."""
    edited = Path(args.edited)
    if edited.suffix.lower() not in _SUFFIXES:
        raise InputError(f"{edited}: 不支持的文件类型“{edited.suffix or '无扩展名'}”，"
                         f"可收回 {' '.join(SHOWN_SUFFIXES)}")
    if not edited.is_file():
        raise InputError(f"{edited}: 文件不存在")
    target = Path(args.output or args.draft)
    if target.resolve() == edited.resolve():
        raise InputError(f"{target}: 不能把草稿写到修改稿上")
    draft = Draft.load(args.draft, library_from(args, warn=False))
    mode = ACCEPT_ALL if args.accept_all else REJECT_ALL if args.reject_all else PENDING
    # Everything is read and planned before the draft changes; the file is written once,
    # atomically, at the end.
    report = draft.revise(edited, mode=mode, note=args.note)
    if not report.unchanged or args.output:
        try:
            draft.save(target)
        except OSError as exc:
            raise DraftError(f"{target}: 无法写入草稿（{exc.strerror or exc}）") from None
    if args.json:
        data = report.to_json()
        data["draft"] = str(target)
        data["written"] = not report.unchanged or bool(args.output)
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for warning in report.warnings:
            print(f"警告：{warning}", file=sys.stderr)
        lines = report.lines(warnings=False)
        if not report.unchanged or args.output:
            lines.append(f"已写入 {target}")
        print("\n".join(lines))
    return 0
