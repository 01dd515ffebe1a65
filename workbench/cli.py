"""The `workbench` command line: a thin layer over the core. Bad input exits 2, in Chinese.

Each subcommand lives in `workbench/commands/<name>.py` with `configure(parser)` and
`run(args) -> int`; this module finds them, so adding a command touches no other file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import commands
from .errors import WorkbenchError

#: Exit status for bad input (unknown template, malformed file, wrong fact type).
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: 参数错误：{message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand of `workbench.commands`."""
    parser = _Parser(prog="workbench", description="讲稿工作台：模板、要素、组稿与导出")
    parser.add_argument("--templates", action="append", default=[], metavar="DIR",
                        help="额外的模板目录（可多次给出）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        name = getattr(module, "NAME", info.name)
        sub_parser = sub.add_parser(name, help=getattr(module, "HELP", ""),
                                    description=getattr(module, "HELP", ""))
        sub_parser.add_argument("--templates", action="append", default=argparse.SUPPRESS,
                                metavar="DIR", help="额外的模板目录（可多次给出）")
        module.configure(sub_parser)
        sub_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv`; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.run(args))
    except WorkbenchError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
