"""`workbench templates`: one line per template, ID<TAB>title."""

from __future__ import annotations

import argparse

from ._common import library_from

NAME = "templates"
HELP = "列出可用模板：ID<TAB>标题"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's arguments (none)."""


def run(args: argparse.Namespace) -> int:
    """Print the templates; exit 0."""
    library = library_from(args)
    for template_id, template in library.items():
        print(f"{template_id}\t{template.display_title}")
    return 0
