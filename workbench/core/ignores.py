"""What the writer told the checklist to leave alone (忽略此处, 不再提示此词).

Two kinds, both reversible:

- **Here** (忽略此处): one rule at one paragraph, kept in the draft (its optional
  ``ignored_findings`` key: ``[{"rule": "count-mismatch", "paragraph": "p.3"}]``); the
  same rule still reports every other paragraph, and other rules still report this one.
- **A word** (不再提示此词): one rule's findings about one word (a finding's `term`,
  such as the slogan “两路”), kept in the unit profile (its optional ``ignored_terms``
  list of ``{rule, term}``) so every draft of the unit honours it. An office silences a
  numbered term for everyone in its lexicon instead (``numbered_terms``).

Findings are filtered after the checks ran, so what the checks compute (and cache) does
not depend on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

#: A (rule, paragraph id) the writer ignores in one draft.
Here = tuple[str, str]
#: A (rule, term) the writer ignores in every draft of the unit.
Term = tuple[str, str]

#: Most entries of either kind kept (a hostile file must not grow without bound).
MAX_IGNORED = 2000


class _Finding(Protocol):
    @property
    def rule(self) -> str: ...

    @property
    def paragraph(self) -> str: ...

    @property
    def term(self) -> str: ...


F = TypeVar("F", bound=_Finding)


def split_ignored(findings: Sequence[F], here: Iterable[Here] = (),
                  terms: Iterable[Term] = ()) -> tuple[list[F], list[F]]:
    """Return (`findings` still shown, those the writer ignored), each in its order.

    A term pair whose rule is ``*`` ignores the term under every rule.
    """
    here_set, term_set = set(here), set(terms)
    kept: list[F] = []
    ignored: list[F] = []
    for finding in findings:
        hit = ((finding.rule, finding.paragraph) in here_set
               or (bool(finding.term) and ((finding.rule, finding.term) in term_set
                                           or ("*", finding.term) in term_set)))
        (ignored if hit else kept).append(finding)
    return kept, ignored


def pairs_to_json(pairs: Iterable[tuple[str, str]], second: str) -> list[dict[str, str]]:
    """Return `pairs` as JSON data: ``[{"rule": …, second: …}]``."""
    return [{"rule": rule, second: value} for rule, value in pairs]


def pairs_from_json(data: Any, second: str) -> tuple[list[tuple[str, str]], int]:
    """Return the (rule, `second`) pairs in JSON `data` and how many entries were damaged
    (not a mapping of two short texts); a list that is not a list counts as one."""
    if data is None:
        return [], 0
    if not isinstance(data, list):
        return [], 1
    out: list[tuple[str, str]] = []
    damaged = 0
    for item in data[:MAX_IGNORED]:
        rule = item.get("rule") if isinstance(item, dict) else None
        value = item.get(second) if isinstance(item, dict) else None
        if (isinstance(rule, str) and isinstance(value, str) and rule and value
                and len(rule) <= 40 and len(value) <= 200):
            if (rule, value) not in out:
                out.append((rule, value))
        else:
            damaged += 1
    return out, damaged + max(0, len(data) - MAX_IGNORED)
