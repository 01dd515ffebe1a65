"""Checks that follow the change (增量检查): a paragraph's findings kept until it changes.

Most rules read one paragraph at a time: a half-width comma, a sentence too long, a slot
left unfilled, a formulation off, a leader's post. Their findings for a paragraph depend
only on that paragraph (its `Line`: text, ids, kind) and on a little context (the rule's
`context` in `checks.LOCAL_RULES`: the speaking rate, the slot labels, the dictionary,
the leaders). A `CheckCache` keeps each such finding list by (line, context) across runs,
so after a keystroke only the changed paragraph is checked again by those rules; the
rules that read the whole speech (counts, numbering, parallel headings, repeats, stale
facts, length) still run in full. Each run keeps only the entries it used, so the cache
holds one speech's worth, however long the session.

The result is the same list, in the same order, as an uncached run (a property test
holds it to that).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from ..runcache import RunCache
from .finding import Finding, Options
from .speech import Line, Speech

LineCheck = Callable[[Speech, Options], Iterable[Finding]]


class CheckCache:
    """Per-paragraph findings of the rules that read one paragraph, and built lines."""

    def __init__(self) -> None:
        self._findings = RunCache()
        self._lines = RunCache()
        #: Paragraph checks run and reused in the last run (for the benches and tests).
        self.checked = 0
        self.reused = 0

    def begin(self) -> None:
        """Start a run of the checks: findings not used by it are dropped at `end()`."""
        self._findings.begin()
        self.checked = self.reused = 0

    def end(self) -> None:
        """Finish a run of the checks, keeping only the findings it used."""
        self._findings.end()

    def begin_lines(self) -> None:
        """Start reading a document into lines (`from_document`)."""
        self._lines.begin()

    def end_lines(self) -> None:
        """Finish reading a document, keeping only the lines it used."""
        self._lines.end()

    def line(self, key: Hashable, build: Callable[[], Line]) -> Line:
        """Return the line built for `key` before, or `build()` it."""
        return self._lines.get(key, build)

    def run_local(self, rule: str, check: LineCheck, context: Hashable, speech: Speech,
                  options: Options) -> list[Finding]:
        """Return `check`'s findings for `speech`, one paragraph at a time, cached.

        What the rule reports about no paragraph in particular (a dictionary that did not
        load) comes first, from a run over no lines, as an uncached run gives it.
        """
        out: list[Finding] = list(self._one(rule, check, context, None, speech, options))
        for line in speech.lines:
            out.extend(self._one(rule, check, context, line, speech, options))
        return out

    def _one(self, rule: str, check: LineCheck, context: Hashable, line: Line | None,
             speech: Speech, options: Options) -> tuple[Finding, ...]:
        def make() -> tuple[Finding, ...]:
            lines = [] if line is None else [line]
            one = Speech(lines, speech.facts, speech.slot_labels, speech.from_draft)
            return tuple(f for f in check(one, options)
                         if line is None or f.paragraph == line.paragraph)

        made = self._findings.rendered
        found = self._findings.get((rule, context, line), make)
        if self._findings.rendered > made:
            self.checked += 1
        else:
            self.reused += 1
        return found
