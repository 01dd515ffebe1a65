"""`workbench materials`: search the material bank (素材库) and check a folder of materials."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.materials import FORMS, check_dir, get_form, load_bank, template_topics
from ..errors import MaterialError
from ._common import InputError, library_from

NAME = "materials"
HELP = "素材库：检索排比、四字格、开头结尾等素材（search），校验素材目录（check）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `search` and `check` subcommands."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    search = sub.add_parser("search", help="按词语或拼音首字母检索素材",
                            description="按词语（自动分词）或拼音首字母（如 aqsc）检索素材；"
                                        "输出 ID<TAB>句式<TAB>文字")
    search.add_argument("words", nargs="*", metavar="WORDS", help="检索词，可多个；不给则按筛选条件列出")
    search.add_argument("--form", metavar="F",
                        help=f"只看某种句式：{'、'.join(f.label for f in FORMS)}（或英文标识）")
    search.add_argument("--topic", metavar="T", help="只看某个主题，如 安全生产、防汛、通用")
    search.add_argument("--template", metavar="ID", help="按此模板的主题优先排序")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="最多列出几条（默认 20）")
    search.add_argument("--dir", action="append", default=[], metavar="DIR",
                        help="额外的素材目录（可多次给出）")
    search.add_argument("--json", action="store_true", help="以 JSON 输出")
    search.set_defaults(action_run=_search)
    check = sub.add_parser("check", help="校验一个素材目录",
                           description="校验目录中的每个素材文件；有误时以一行中文指出文件、行号和字段，退出状态 2")
    check.add_argument("dir", metavar="DIR", help="素材目录")
    check.set_defaults(action_run=_check)


def run(args: argparse.Namespace) -> int:
    """Run the chosen action; without one, print the usage and exit 2."""
    action = getattr(args, "action_run", None)
    if action is None:
        print("用法：workbench materials search WORDS [--form F] [--topic T] [--json] | "
              "workbench materials check DIR", file=sys.stderr)
        return 2
    return int(action(args))


def _search(args: argparse.Namespace) -> int:
    if args.form:
        try:
            get_form(args.form)
        except KeyError as exc:
            raise InputError(str(exc.args[0])) from None
    if args.limit <= 0:
        raise InputError("--limit 应为正整数")
    prefer: tuple[str, ...] = ()
    if args.template:
        library = library_from(args, warn=False)
        if args.template not in library:
            raise InputError(f"找不到模板“{args.template}”；可用模板：{'、'.join(library)}")
        prefer = template_topics(library[args.template])
    bank = load_bank(*args.dir)
    for error in bank.errors:
        print(f"警告：{error}", file=sys.stderr)
    hits = bank.search(" ".join(args.words), form=args.form, topic=args.topic, prefer=prefer,
                       limit=args.limit)
    if args.json:
        rows = [{"id": h.material.id, "form": h.material.form.label, "form_id": h.material.form.id,
                 "topics": list(h.material.topics), "text": h.material.display_text,
                 "headings": list(h.material.headings), "source": h.material.source,
                 "kind": h.material.kind, "matched": h.matched, "words": h.words,
                 "preferred": h.preferred, "origin": h.material.origin,
                 "file": h.material.path, "line": h.material.line} for h in hits]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for hit in hits:
        print(f"{hit.material.id}\t{hit.material.form.label}\t{hit.material.display_text}")
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        materials = check_dir(args.dir)
    except MaterialError as exc:
        others = getattr(exc, "others", 0)
        more = f"（另有 {others} 处错误）" if others else ""
        raise InputError(f"{exc}{more}") from None
    forms = len({m.form.id for m in materials})
    print(f"{args.dir}: {len(materials)} 条素材，{forms} 种句式，校验通过")
    return 0
