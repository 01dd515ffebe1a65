"""`workbench patterns`: the catalogue of forms, one line each with a rendered sample."""

from __future__ import annotations

import argparse
import json

from ..core.patterns import APPLIES_TO, iter_patterns

NAME = "patterns"
HELP = "列出可选句式：ID、名称、适用范围和一句示例"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add --applies-to and --json."""
    parser.add_argument("--applies-to", choices=list(APPLIES_TO), metavar="KIND",
                        help=f"只列出适用于此范围的句式：{'、'.join(APPLIES_TO)}")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(args: argparse.Namespace) -> int:
    """Print the catalogue: ID<TAB>name<TAB>applies-to<TAB>sample; exit 0."""
    rows = [
        {"id": p.id, "label": p.label, "applies_to": p.applies_to,
         "applies_to_label": APPLIES_TO.get(p.applies_to, p.applies_to),
         "min_points": p.min_points, "description": p.description, "sample": p.sample()}
        for p in iter_patterns(args.applies_to)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(f"{row['id']}\t{row['label']}\t{row['applies_to_label']}\t{row['sample']}")
    return 0
