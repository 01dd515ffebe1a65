"""Severity says how sure a rule is: error where it is certain, warning where it guesses."""

from __future__ import annotations

import pytest

from workbench.core.checks import check_text

PARTS = "　　下面，我讲三点意见。\n一、提高认识\n　　甲。\n二、压实责任\n　　乙。\n"


@pytest.mark.parametrize(("text", "rule", "severity"), [
    (PARTS, "count-mismatch", "error"),                                   # announced parts
    ("一、甲\n　　子。\n三、丙\n　　子。\n", "numbering", "error"),            # a heading's ordinal
    ("　　要抓紧【地名】的工作。", "unfilled-slot", "error"),
    ("　　重点抓好三件事：一是排查，二是整改。", "count-mismatch", "warning"),  # a list read from prose
    ("　　落实“三个到位”：认识到位、要求到位。", "count-mismatch", "warning"),
    ("　　工作中，一是要快，三是要实。", "numbering", "warning"),              # a run in the text
    ("在青山县会议上的讲话\n　　青山县要学习白水县的经验。", "stale-fact", "warning"),
])
def test_severity_of_each_kind(text, rule, severity):
    found = [f for f in check_text(text) if f.rule == rule]
    assert found and {f.severity for f in found} == {severity}, found
