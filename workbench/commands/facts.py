"""`workbench facts ID [--example]`: the facts a template takes, as YAML."""

from __future__ import annotations

import argparse

from ..core.facts import to_json_value
from ._common import library_from, to_yaml

NAME = "facts"
HELP = "以 YAML 列出模板的要素；--example 输出填好示例的要素文件"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the template id and --example."""
    parser.add_argument("template", metavar="ID")
    parser.add_argument("--example", action="store_true", help="输出用示例填好的要素文件")


def run(args: argparse.Namespace) -> int:
    """Print the facts; exit 0, or 2 for an unknown template."""
    template = library_from(args)[args.template]
    if args.example:
        print(f"# {template.id}: 要素示例（可修改后用于 workbench build --facts）")
        data = {f.id: to_json_value(f.example) for f in template.facts if f.example is not None}
    else:
        data = [
            {k: v for k, v in {
                "id": f.id, "label": f.label, "type": f.type, "required": f.required,
                "example": to_json_value(f.example), "help": f.help or None,
            }.items() if v is not None}
            for f in template.facts
        ]
    print(to_yaml(data), end="")
    return 0
