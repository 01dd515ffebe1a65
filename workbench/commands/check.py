"""`workbench check FILE`: the writer's checklist on a draft or on a speech written anywhere."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.atomicfile import atomic_write
from ..core.checks import RULES, Finding, check_paragraphs, run_checks
from ..core.edits import Edit
from ..core.formulations import default_dictionary
from ..core.ignores import split_ignored
from ..core.numbered_terms import default_lexicon
from ..core.numbering import match_ordinal
from ..core.punctuation import iter_half_width, normalize_punctuation
from ..pipeline import Draft
from ..readers import SHOWN_SUFFIXES, SUFFIXES, SourceDocument, read_bytes, rewrite_text
from . import _formulation_fix
from ._common import (
    InputError,
    add_original_option,
    library_from,
    read_ignored_terms_file,
    read_leaders_file,
    read_speech,
)

NAME = "check"
HELP = "按写作清单检查讲稿（草稿 .json，或 .txt/.md/.docx/.doc/.wps/.rtf/.odt/.pdf），发现问题时退出码为 1"

_SUFFIXES = (".json", *SUFFIXES)
#: Files `--fix` can write back (an office file or a PDF is read through a conversion).
_FIXABLE = (".txt", ".text", ".md", ".markdown", ".docx")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add FILE, --json, --fix, --place, --year, --minutes, --rule, --profile, --ignore,
    --ignore-term, --show-ignored, --as-original."""
    parser.add_argument("file", metavar="FILE", help="草稿 .json，或讲稿 .txt/.md/.docx/.doc/.wps/.rtf/.odt/.pdf")
    parser.add_argument("--json", action="store_true", help="以 JSON 列表输出检查结果")
    parser.add_argument("--fix", action="store_true",
                        help="规范标点（半角改全角等）、改正规范表述中的错字后写回文件，再检查")
    parser.add_argument("--profile", metavar="FILE",
                        help="本地要素档案（.yaml），据其中的领导名录检查领导职务和排序")
    parser.add_argument("--place", metavar="地名", help="本稿地名，如“青山县”（纯文本默认取标题中的地名）")
    parser.add_argument("--year", type=int, action="append", default=[], metavar="年份",
                        help="本稿所属年份（可多次给出；默认取题注日期）")
    parser.add_argument("--minutes", type=float, metavar="N", help="讲话时长（分钟），据此检查篇幅")
    parser.add_argument("--rule", action="append", choices=list(RULES), metavar="RULE",
                        help=f"只检查这些规则（可多次给出）：{'、'.join(RULES)}")
    parser.add_argument("--ignore", action="append", default=[], metavar="规则:段落",
                        type=_rule_pair, help="忽略此处：不报告该段落的该规则问题，如 count-mismatch:12"
                        "（段落为草稿的段落标识，或文本文件的行号；可多次给出；草稿自身记录的忽略总会生效）")
    parser.add_argument("--ignore-term", action="append", default=[], metavar="[规则:]词语",
                        type=_term_pair, help="不再提示此词，如 “count-mismatch:两路” 或 “两路”（所有规则）；"
                        "可多次给出；--profile 档案中的 ignored_terms 总会生效")
    parser.add_argument("--show-ignored", action="store_true",
                        help="也列出已忽略的问题（标明“已忽略”，不计入退出码）")
    add_original_option(parser)


def _rule_pair(text: str) -> tuple[str, str]:
    rule, _, paragraph = text.partition(":")
    if not rule or not paragraph:
        raise argparse.ArgumentTypeError(f"应写作“规则:段落”，如 count-mismatch:12：{text}")
    if rule not in RULES:
        raise argparse.ArgumentTypeError(f"没有规则“{rule}”，可用：{'、'.join(RULES)}")
    return rule, paragraph


def _term_pair(text: str) -> tuple[str, str]:
    rule, sep, term = text.partition(":")
    if not sep:
        rule, term = "*", text
    elif rule not in RULES:
        raise argparse.ArgumentTypeError(f"没有规则“{rule}”，可用：{'、'.join(RULES)}")
    term = term.strip().strip("“”\"")
    if not term:
        raise argparse.ArgumentTypeError(f"词语不能为空：{text}")
    return rule, term


def run(args: argparse.Namespace) -> int:
    """Check FILE; exit 0 when nothing is found, 1 when something is, 2 on bad input."""
    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"{path}: 不支持的文件类型“{suffix or '无扩展名'}”，可用 .json {' '.join(SHOWN_SUFFIXES)}")
    if not path.is_file():
        raise InputError(f"{path}: 文件不存在")
    if args.fix and suffix not in (".json", *_FIXABLE):
        raise InputError(f"{path}: --fix 只能改写 .json .txt .md .docx 文件，{suffix} 文件请先另存为 .docx")
    if args.minutes is not None and not 0 < args.minutes <= 600:
        raise InputError(f"--minutes 应在 0 到 600 之间：{args.minutes:g}")
    leaders = read_leaders_file(args.profile) if args.profile else ()
    terms = [*(read_ignored_terms_file(args.profile) if args.profile else ()), *args.ignore_term]
    here = list(args.ignore)
    dictionary = default_dictionary()
    if dictionary.errors and (not args.rule or "formulation" in args.rule):
        raise InputError(f"规范表述词典有误：{dictionary.errors[0]}")
    lexicon = default_lexicon()
    if lexicon.errors and (not args.rule or "count-mismatch" in args.rule):
        raise InputError(f"数字术语词典有误：{lexicon.errors[0]}")
    fixed = 0
    corrections: list[_formulation_fix.Correction] = []
    if suffix == ".json":
        draft = Draft.load(path, library_from(args, warn=False))
        if args.fix:
            fixed = _fix_draft(draft)
            corrections = _formulation_fix.fix_draft(draft)
            if fixed or any(c.fixed for c in corrections):
                draft.save(path)
        findings = run_checks(draft.document(),
                              target_chars=None if args.minutes else draft.template.target_chars,
                              minutes=args.minutes, place=args.place, years=args.year, rules=args.rule,
                              leaders=leaders)
        here += draft.ignored
    else:
        document, fixed, corrections = _read(path, args)
        findings = check_paragraphs(document.texts, markdown=document.kind == "markdown",
                                    numbers=document.numbers, minutes=args.minutes, place=args.place,
                                    years=args.year, rules=args.rule, leaders=leaders)
        if args.fix:
            corrections += _formulation_fix.offered(document.texts, document.numbers)
    findings, ignored = split_ignored(findings, here, terms)
    _report(findings, ignored if args.show_ignored else [], args.json, str(path))
    if ignored:
        print(f"另有 {len(ignored)} 处已忽略" + ("" if args.show_ignored else "（--show-ignored 列出）"),
              file=sys.stderr)
    if args.fix:
        print(f"已规范标点 {fixed} 处" if fixed else "没有需要规范的标点", file=sys.stderr)
        _formulation_fix.report(str(path), corrections)
    return 1 if findings else 0


def _report(findings: list[Finding], ignored: list[Finding], as_json: bool, name: str) -> None:
    if as_json:
        data = [f.to_json() for f in findings]
        data += [{**f.to_json(), "ignored": True} for f in ignored]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for f in findings:
        print(f"{name}:{f.paragraph or '-'}:{f.offset}: {f.rule}: {f.message}")
    for f in ignored:
        print(f"{name}:{f.paragraph or '-'}:{f.offset}: {f.rule}: （已忽略）{f.message}")
    print(f"共发现 {len(findings)} 处问题" if findings else "未发现问题", file=sys.stderr)


# -- reading and fixing -----------------------------------------------------------------------


def _read(path: Path, args: argparse.Namespace,
          ) -> tuple[SourceDocument, int, list[_formulation_fix.Correction]]:
    """Return the speech at `path` through the one reader, with --fix applied first (the
    file written back); how many marks --fix changed; the formulations it corrected."""
    fixed = 0
    corrections: list[_formulation_fix.Correction] = []
    if args.fix:
        # Lines of a text file; pieces of current text in a Word file (a run holds part
        # of a paragraph, where an ordinal at its start says nothing about a heading).
        spaces = (lambda _text: "") if path.suffix.lower() == ".docx" else _spaces
        data = read_bytes(path)
        new, changed = rewrite_text(data, path.name, lambda t: normalize_punctuation(t, spaces(t)),
                                    label=str(path))
        fixed = sum(len(list(iter_half_width(old, spaces(old)))) for old, _ in changed)
        if changed:
            _write(path, new)
        # Near misses of fixed formulations, within a line or a piece of a Word run.
        fix, corrections = _formulation_fix.fixer()
        new, changed = rewrite_text(new, path.name, fix, label=str(path))
        if changed:
            _write(path, new)
    document = read_speech(str(path), args)
    if not document.has_text:
        raise InputError(f"{path}: Word 文件中没有文字" if document.kind == "docx" else f"{path}: 文件是空的")
    return document, fixed, corrections


def _spaces(text: str) -> str:
    # A heading line of a text file keeps its full-width space (一、标题　正文).
    heading = match_ordinal(text.strip()) is not None and len(text.strip()) <= 40
    return "\u3000" if heading else ""


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise InputError(f"{path}: 无法写入（{exc.strerror or exc}）") from None


# -- fixing a draft ---------------------------------------------------------------------------


def _fix_draft(draft: Draft) -> int:
    """Normalise punctuation in the writer's own text: paragraph edits and text facts."""
    count = 0
    for pid, edit in list(draft.edits.items()):
        segments: list[Any] = []
        for seg in edit.segments:
            if isinstance(seg, str):
                fixed = normalize_punctuation(seg)
                count += len(list(iter_half_width(seg))) if fixed != seg else 0
                seg = fixed
            segments.append(seg)
        draft.edits[pid] = Edit(segments)
    for fid, value in list(draft.facts.items()):
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values):
            continue
        fixed_values = [normalize_punctuation(v) for v in values]
        if fixed_values != values:
            count += sum(len(list(iter_half_width(v))) for v in values)
            draft.facts[fid] = fixed_values if isinstance(value, list) else fixed_values[0]
    return count
