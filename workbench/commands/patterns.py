"""`workbench patterns`: the catalogue of forms, one line each with a rendered sample;
with `--template ID`, the forms each part of that template offers."""

from __future__ import annotations

import argparse
import json

from ..core.draft import Draft
from ..core.patterns import APPLIES_TO, get_pattern, iter_patterns
from ._common import library_from

NAME = "patterns"
HELP = "列出可选句式：ID、名称、适用范围和一句示例；--template 列出某模板各部分可用的句式"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add --applies-to, --template and --json."""
    parser.add_argument("--applies-to", choices=list(APPLIES_TO), metavar="KIND",
                        help=f"只列出适用于此范围的句式：{'、'.join(APPLIES_TO)}")
    parser.add_argument("--template", metavar="ID",
                        help="列出该模板每个部分可用的句式（排比、对比等只在模板写了措辞的部分可用）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(args: argparse.Namespace) -> int:
    """Print the catalogue: ID<TAB>name<TAB>applies-to<TAB>sample; exit 0.

    With --template: PART<TAB>part title<TAB>form id<TAB>form name, one line for each
    form a part offers (only forms the template wrote wording for, among those that
    need it).
    """
    if args.template:
        return _offered(args)
    rows = [
        {"id": p.id, "label": p.label, "applies_to": p.applies_to,
         "applies_to_label": APPLIES_TO.get(p.applies_to, p.applies_to),
         "min_points": p.min_points, "needs_wording": p.needs_wording,
         "description": p.description, "sample": p.sample()}
        for p in iter_patterns(args.applies_to)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(f"{row['id']}\t{row['label']}\t{row['applies_to_label']}\t{row['sample']}")
    return 0


def _offered(args: argparse.Namespace) -> int:
    draft = Draft(library_from(args)[args.template])
    rows = [{"part": s.id, "title": s.title, "id": pid, "label": get_pattern(pid).label}
            for s in draft.sections for pid in s.patterns]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(f"{row['part']}\t{row['title']}\t{row['id']}\t{row['label']}")
    return 0
