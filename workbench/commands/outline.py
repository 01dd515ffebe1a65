"""`workbench outline FILE [--json]`: the outline recovered from a speech file."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.importer import parse_outline
from ._common import add_original_option, read_speech, require_text

NAME = "outline"
HELP = "识别范文（.txt/.md/.docx/.doc/.wps/.rtf/.odt/.pdf）的层次结构，输出提纲树或 JSON"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add FILE, --json and --as-original."""
    parser.add_argument("file", metavar="FILE", help="范文文件：.txt .md .docx .doc .wps .rtf .odt .pdf")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出提纲")
    add_original_option(parser)


def run(args: argparse.Namespace) -> int:
    """Print the outline; exit 0, or 2 for a file that cannot be read."""
    outline = parse_outline(require_text(read_speech(args.file, args)).paragraphs)
    if args.json:
        print(json.dumps(outline.to_json(), ensure_ascii=False, indent=2))
        print(outline.report(), file=sys.stderr)
    else:
        print(outline.format_tree())
    return 0
