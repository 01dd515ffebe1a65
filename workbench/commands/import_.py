"""`workbench import FILE -o TEMPLATE.yaml [--id ID]`: turn a speech into a template."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..core.atomicfile import atomic_write
from ..core.importer import DEFAULT_ID, TemplateExtraction, parse_outline
from ..core.schema import parse_template
from ._common import InputError, add_original_option, read_speech, require_text

NAME = "import"
HELP = "把范文导入为模板：结构取自提纲，地名、日期、数字等本地要素变为要素"

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add FILE, -o, --id and --as-original."""
    parser.add_argument("file", metavar="FILE", help="范文文件：.txt .md .docx .doc .wps .rtf .odt .pdf")
    parser.add_argument("-o", "--output", required=True, metavar="TEMPLATE.yaml",
                        help="输出的模板文件；- 表示输出到屏幕")
    parser.add_argument("--id", metavar="ID", help="模板标识（英文小写字母、数字、连字符），默认取输出文件名")
    add_original_option(parser)


def template_id_for(output: str, given: str | None) -> str:
    """Return the template id: `given`, else the output file's stem when it is a valid id."""
    if given is not None:
        if not _ID.match(given):
            raise InputError(f"模板标识“{given}”只能用英文小写字母、数字和连字符")
        return given
    stem = Path(output).stem.lower()
    return stem if output != "-" and _ID.match(stem) else DEFAULT_ID


def run(args: argparse.Namespace) -> int:
    """Write the template; exit 0, or 2 for a file that cannot be read or written."""
    template_id = template_id_for(args.output, args.id)
    outline = parse_outline(require_text(read_speech(args.file, args)).paragraphs)
    extraction = TemplateExtraction(outline, template_id)
    text = extraction.to_yaml()
    template = parse_template(text, args.output)  # the same validation as shipped templates
    if args.output == "-":
        sys.stdout.write(text)
    else:
        try:
            atomic_write(Path(args.output), text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"{args.output}: 无法写入（{exc.strerror or exc}）") from None
    facts = "、".join(f"{f.label}（{f.id}）" for f in template.facts)
    print(f"已导入模板“{template.id}”：{outline.report()}", file=sys.stderr)
    print(f"要素：{facts}", file=sys.stderr)
    for note in [*outline.notes, *extraction.notes]:
        print(f"提示：{note}", file=sys.stderr)
    return 0
