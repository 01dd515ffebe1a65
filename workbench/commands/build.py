"""`workbench build ID --facts F -o OUT`: assemble a speech and write it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import RenderError
from ..pipeline import FORMATS, Draft, export, format_for_path, tracked_changes
from ._common import InputError, apply_facts, library_from, read_facts_file, version_number

NAME = "build"
HELP = "按模板和要素组稿，输出 .txt/.md/.html/.docx/.pdf"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the template id, --facts, --draft, -o, --allow-missing, --layout."""
    parser.add_argument("template", metavar="ID")
    parser.add_argument("--facts", metavar="FILE.yaml", help="要素文件（YAML）")
    parser.add_argument("--draft", metavar="DRAFT.json", help="草稿文件：部分、句式和修改")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="输出文件，按扩展名定格式；- 表示输出纯文本到屏幕")
    parser.add_argument("--allow-missing", action="store_true", help="允许缺少必填要素（保留【】空位）")
    parser.add_argument("--layout", metavar="FILE", help="版式配置（YAML），用于 .docx 和 .pdf")
    parser.add_argument("--revisions-from", type=version_number, metavar="N",
                        help="修订版：与草稿中存下的第 N 版（如 1 或 一稿）相比的改动写成 Word 修订，"
                             "批注写成 Word 批注（需 --draft，输出 .docx）")
    parser.add_argument("--author", metavar="NAME", help="修订版中修订和批注的作者（默认：起草人）")


def run(args: argparse.Namespace) -> int:
    """Write the speech; exit 0, or 2 for bad input and missing required facts."""
    library = library_from(args)
    template = library[args.template]
    if args.draft:
        draft = Draft.load(args.draft, library)
        if draft.template.id != template.id:
            raise InputError(f"{args.draft}: 草稿使用的模板是“{draft.template.id}”，不是“{template.id}”")
    else:
        draft = Draft(template)
    if args.facts:
        apply_facts(draft, read_facts_file(args.facts), args.facts)
    missing = list(draft.facts.iter_missing())
    if missing and not args.allow_missing:
        names = "、".join(f"{s.label}（{s.id}）" for s in missing)
        print(f"错误：缺少必填要素：{names}；补齐后再试，或加 --allow-missing", file=sys.stderr)
        return 2
    out = args.output
    if out == "-":
        sys.stdout.write(draft.render("text"))
        return 0
    fmt = format_for_path(out)
    if fmt is None:
        suffix = Path(out).suffix.lower()
        known = " ".join(f.suffix for f in FORMATS.values())
        raise InputError(f"{out}: 不支持的输出格式“{suffix or '无扩展名'}”，可用 {known}")
    options = {}
    if fmt.binary and args.layout:
        from ..core.layout import load_layout

        options["layout"] = load_layout(args.layout)
    if args.revisions_from is not None:
        options["revisions"] = _revisions(args, draft, fmt.name)
    try:
        export(draft, out, fmt.name, **options)
    except RenderError as exc:
        raise InputError(f"{out}: {exc}") from None
    return 0


def _revisions(args: argparse.Namespace, draft: Draft, fmt: str) -> Any:
    """Return the tracked-changes option for `--revisions-from`, or raise naming the fault."""
    if not args.draft:
        raise InputError("--revisions-from 需要 --draft：版本存在草稿里")
    if fmt != "docx":
        raise InputError(f"{args.output}: 修订版只能输出 .docx")
    try:
        return tracked_changes(draft, args.revisions_from, args.author)
    except KeyError:
        have = "、".join(v.label for v in draft.versions) or "无"
        raise InputError(f"{args.draft}: 草稿中没有第 {args.revisions_from} 版"
                         f"（现有版本：{have}）") from None
