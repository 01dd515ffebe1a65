"""The writer's checklist as findings: announced count, unfilled slots, length and time.

Checks never raise for a flawed draft: a quality problem is a `Finding`, not an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .nodes import Document, Heading, Paragraph, block_text
from .text import SPEAKING_RATE_CPM, count_chars, parse_chinese_numeral


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a draft: a rule id, a Chinese message and where it is.

    `part` is the part's id (or opening/closing), `paragraph` the paragraph id (or its
    index in a plain-text file), `offset` the character offset inside that paragraph.
    """

    rule: str
    message: str
    part: str = ""
    paragraph: str = ""
    offset: int = 0
    severity: str = "warning"

    def to_json(self) -> dict[str, Any]:
        """Return the finding as JSON data."""
        return asdict(self)


Check = Callable[[Document, dict[str, Any]], Iterable[Finding]]

_ANNOUNCE = re.compile(r"(?:讲|谈|强调|提)([一二两三四五六七八九十]+)(?:点|个方面|条)")


def check_count(doc: Document, options: dict[str, Any]) -> Iterator[Finding]:
    """`count-mismatch`: an announced count (讲三点意见) that differs from the parts."""
    parts = sum(1 for b in doc.blocks if isinstance(b, Heading) and b.level == 1)
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.role not in ("opening", "transition"):
            continue
        text = block_text(block)
        for match in _ANNOUNCE.finditer(text):
            announced = parse_chinese_numeral(match.group(1))
            if announced is not None and announced != parts:
                yield Finding("count-mismatch",
                              f"开头说“{match.group(0)}”，正文实际有 {parts} 个部分",
                              block.section, block.id, match.start())


def check_slots(doc: Document, options: dict[str, Any]) -> Iterator[Finding]:
    """`unfilled-slot`: facts not yet filled, shown as 【label】."""
    for block in doc.iter_blocks():
        text = block_text(block)
        for slot in _iter_block_slots(block):
            offset = text.find(slot.text)
            yield Finding("unfilled-slot", f"要素“{slot.label}”尚未填写",
                          getattr(block, "section", ""), getattr(block, "id", ""),
                          max(offset, 0))


def _iter_block_slots(block: Any) -> Iterator[Any]:
    from .nodes import _iter_slots

    yield from _iter_slots(block.children)


def check_length(doc: Document, options: dict[str, Any]) -> Iterator[Finding]:
    """`length`: total length against the target (±20 %) or a given speaking time."""
    chars = sum(count_chars(block_text(b)) for b in doc.iter_blocks())
    rate = options.get("rate", SPEAKING_RATE_CPM)
    minutes = options.get("minutes")
    target = options.get("target_chars")
    if minutes:
        target = int(minutes * rate)
    if not target:
        return
    low, high = int(target * 0.8), int(target * 1.2)
    if not low <= chars <= high:
        word = "偏长" if chars > high else "偏短"
        yield Finding("length", f"全文 {chars} 字，{word}（目标约 {target} 字，约 {chars / rate:.0f} 分钟）",
                      severity="info")


#: The checks run by default, in order.
CHECKS: list[Check] = [check_count, check_slots, check_length]


def run_checks(doc: Document, *, target_chars: int | None = None, minutes: float | None = None,
               rate: int = SPEAKING_RATE_CPM) -> list[Finding]:
    """Return every finding for `doc`; never raises for a flawed draft."""
    options = {"target_chars": target_chars, "minutes": minutes, "rate": rate}
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(doc, options))
    return findings

