"""The writer's checklist as findings: what a senior writer checks before a draft goes up.

Rules (ids as reported): count-mismatch, numbering, heading-parallel, unfilled-slot,
stale-fact, fact-mismatch, formulation, leader-post, leader-order, repeated-phrase,
punctuation, long-sentence, length. `run_checks()` checks an
assembled document (the app's problems panel); `check_text()` and `check_paragraphs()`
check a speech written anywhere. Checks never raise for a flawed draft: a quality
problem is a `Finding`, not an error.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from ..formulations import FormulationDictionary
from ..leaders import Leader
from ..nodes import Document
from ..numbered_terms import NumberedTermLexicon
from ..text import SPEAKING_RATE_CPM
from .cache import CheckCache
from .content import check_repeats, check_slots, check_stale
from .facts import check_fact_mismatch
from .finding import Finding, Options
from .formulation import check_formulations
from .leaders import check_leader_order, check_leader_posts
from .speech import Line, Speech, from_document, from_paragraphs, from_text
from .structure import check_counts, check_headings, check_numbering
from .style import (
    LINE_CHARS,
    MAX_CLAUSE_CHARS,
    MAX_SENTENCE_CHARS,
    check_length,
    check_punctuation,
    check_sentences,
)

__all__ = [
    "LINE_CHARS", "LOCAL_RULES", "MAX_CLAUSE_CHARS", "MAX_SENTENCE_CHARS", "RULES", "CheckCache",
    "Finding", "Line", "Options",
    "Speech", "check_paragraphs", "check_speech", "check_text", "from_document", "from_paragraphs",
    "from_text", "run_checks",
]

Check = Callable[[Speech, Options], Iterable[Finding]]

#: The rules in the order they run: id -> (Chinese name, check).
RULES: dict[str, tuple[str, Check]] = {
    "count-mismatch": ("数目不符", check_counts),
    "numbering": ("序号错误", check_numbering),
    "heading-parallel": ("标题不对仗", check_headings),
    "unfilled-slot": ("空位未填", check_slots),
    "stale-fact": ("旧稿残留", check_stale),
    "fact-mismatch": ("与要素不符", check_fact_mismatch),
    "formulation": ("规范表述", check_formulations),
    "leader-post": ("领导职务", check_leader_posts),
    "leader-order": ("领导排序", check_leader_order),
    "repeated-phrase": ("用语重复", check_repeats),
    "punctuation": ("标点不规范", check_punctuation),
    "long-sentence": ("句子过长", check_sentences),
    "length": ("篇幅", check_length),
}


#: The rules that read one paragraph at a time, and what else their findings depend on
#: (a hashable key): a `CheckCache` re-runs them only for paragraphs that changed.
LOCAL_RULES: dict[str, Callable[[Speech, Options], Hashable]] = {
    "unfilled-slot": lambda speech, options: frozenset(speech.slot_labels),
    "formulation": lambda speech, options: id(options.extra.get("formulations")),
    "leader-post": lambda speech, options: repr(options.extra.get("leaders", ())),
    "punctuation": lambda speech, options: None,
    "long-sentence": lambda speech, options: options.rate,
}


def check_speech(speech: Speech, options: Options | None = None,
                 rules: Sequence[str] | None = None,
                 cache: CheckCache | None = None) -> list[Finding]:
    """Return the findings of `rules` (all by default) for `speech`; never raises.

    A rule that fails on input nobody foresaw reports a `check-error` finding instead of
    stopping the others. With a `cache`, the rules in `LOCAL_RULES` check again only the
    paragraphs that changed since the cache's last run (same findings, same order).
    """
    options = options or Options()
    findings: list[Finding] = []
    if cache is not None:
        cache.begin()
    for rule, (name, check) in RULES.items():
        if rules is not None and rule not in rules:
            continue
        try:
            local = LOCAL_RULES.get(rule) if cache is not None else None
            if local is not None and cache is not None:
                findings.extend(cache.run_local(rule, check, local(speech, options), speech,
                                                options))
                continue
            findings.extend(check(speech, options))
        except Exception as exc:  # a checklist must never take the app down
            findings.append(Finding("check-error", f"检查“{name}”未能完成（{type(exc).__name__}）",
                                    severity="info"))
    if cache is not None:
        cache.end()
    return findings


def run_checks(doc: Document, *, target_chars: int | None = None, minutes: float | None = None,
               rate: int = SPEAKING_RATE_CPM, place: str | None = None,
               years: Sequence[int] = (), rules: Sequence[str] | None = None,
               leaders: Sequence[Leader] = (),
               formulations: FormulationDictionary | None = None,
               cache: CheckCache | None = None,
               numbered_terms: NumberedTermLexicon | None = None) -> list[Finding]:
    """Return every finding for the assembled `doc`; never raises for a flawed draft.

    The draft's facts (carried by `doc`) give the place and year stale-fact compares
    against; `place` and `years` override them. `target_chars` or `minutes` set the
    length target. `leaders` (the unit profile's) are what leader-post and leader-order
    compare with; `formulations` replaces the default dictionary and `numbered_terms` the
    default lexicon of numbered terms (`numbered_terms.py`). A `cache` kept across
    runs (the app keeps one per session) makes a run cost what changed (`CheckCache`).
    """
    edited = {block.id: block.generated for block in doc.blocks if block.edited}
    options = Options(target_chars, minutes, rate, place, tuple(years),
                      _extra(leaders, formulations, edited, numbered_terms))
    try:
        speech = from_document(doc, cache)
    except Exception as exc:
        return [Finding("check-error", f"无法读取文档结构（{type(exc).__name__}）", severity="info")]
    return check_speech(speech, options, rules, cache)


def check_paragraphs(paragraphs: Iterable[str], *, markdown: bool = False,
                     numbers: Iterable[int] | None = None, minutes: float | None = None,
                     target_chars: int | None = None, rate: int = SPEAKING_RATE_CPM,
                     place: str | None = None, years: Sequence[int] = (),
                     facts: Mapping[str, str] | None = None,
                     rules: Sequence[str] | None = None, leaders: Sequence[Leader] = (),
                     formulations: FormulationDictionary | None = None,
                     numbered_terms: NumberedTermLexicon | None = None) -> list[Finding]:
    """Return the findings for a speech given as paragraphs (a Word file's, say).

    `numbers` are the paragraph numbers findings report (default 1, 2, …).
    """
    options = Options(target_chars, minutes, rate, place, tuple(years),
                      _extra(leaders, formulations, {}, numbered_terms))
    speech = from_paragraphs(paragraphs, markdown=markdown, facts=facts, numbers=numbers)
    return check_speech(speech, options, rules)


def _extra(leaders: Sequence[Leader], formulations: FormulationDictionary | None,
           edited: Mapping[str, str],
           numbered_terms: NumberedTermLexicon | None = None) -> dict[str, object]:
    extra: dict[str, object] = {"leaders": tuple(leaders), "edited": edited}
    if formulations is not None:
        extra["formulations"] = formulations
    if numbered_terms is not None:
        extra["numbered_terms"] = numbered_terms
    return extra


def check_text(text: str, *, markdown: bool = False, **kwargs: object) -> list[Finding]:
    """Return the findings for a speech in plain `text`, one paragraph a line; findings
    name the line number as their paragraph."""
    return check_paragraphs(text.splitlines(), markdown=markdown, **kwargs)  # type: ignore[arg-type]
