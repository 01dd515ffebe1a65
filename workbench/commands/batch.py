"""`workbench batch ID --units UNITS.xlsx|.csv -o OUT.zip`: one speech per unit of a table."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from ..pipeline import Draft
from ._common import InputError, library_from

NAME = "batch"
HELP = "批量生成：按表格（.xlsx/.csv）每行一个单位，各生成一份 .docx，打包为 .zip"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the template id, --units, --draft, --name-by, --layout, -o."""
    parser.add_argument("template", metavar="ID")
    parser.add_argument("--units", required=True, metavar="UNITS.xlsx|.csv",
                        help="单位表格：第一行为要素名称或标识（如“地名”或 place），每行一个单位")
    parser.add_argument("--draft", metavar="DRAFT.json", help="草稿文件：各单位共用的部分、句式、修改和要素")
    parser.add_argument("--name-by", metavar="FACT", help="用哪一列命名文件（默认：地名）")
    parser.add_argument("--layout", metavar="FILE", help="版式配置（YAML）")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.zip", help="输出的 .zip 文件")


class _Bar:
    """A progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r批量生成 [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    """Write the zip; exit 0, 1 when rows were skipped, 2 for bad input as a whole."""
    from ..batch import plan_batch, write_batch
    from ..tables import read_table

    out = Path(args.output)
    if out.suffix.lower() != ".zip":
        raise InputError(f"{args.output}: 输出文件应为 .zip")
    library = library_from(args)
    template = library[args.template]
    draft = None
    if args.draft:
        draft = Draft.load(args.draft, library)
        if draft.template.id != template.id:
            raise InputError(f"{args.draft}: 草稿使用的模板是“{draft.template.id}”，不是“{template.id}”")
    layout = None
    if args.layout:
        from ..core.layout import load_layout

        layout = load_layout(args.layout)
    table = read_table(args.units)
    plan = plan_batch(template, table, draft=draft, name_by=args.name_by)
    report = _write_atomic(out, lambda handle: write_batch(plan, handle, layout=layout,
                                                           progress=_Bar(sys.stderr)))
    for result in report.results:
        if not result.is_written:
            print(f"跳过：第 {result.row} 行（{result.name}）：{result.problem}", file=sys.stderr)
    for note in report.notes:
        print(f"提示：{note}", file=sys.stderr)
    print(f"{report.summary()} → {out}", file=sys.stderr)
    return 1 if report.skipped else 0


def _write_atomic(out: Path, write):  # type: ignore[no-untyped-def]
    # The zip is streamed into a temp file beside `out` and renamed at the end: a reader
    # never sees half a zip, and a failure leaves no file behind.
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise InputError(f"{out}: 无法写入（{exc.strerror or exc}）") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            result = write(handle)
        os.replace(tmp, out)
    except OSError as exc:
        _unlink(tmp)
        raise InputError(f"{out}: 无法写入（{exc.strerror or exc}）") from None
    except BaseException:
        _unlink(tmp)
        raise
    return result


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
