"""The importer and the checks never crash on any text (property tests, hypothesis).

Random and mutated speeches, with control characters, lone surrogates, bidi and private-use
marks, 100,000-character lines and markup, go through the public API: `parse_outline`,
`read_source` (.txt, .md, and .docx whose markup is nested deeply, built with python-docx's
oxml layer), `check_text`, and `run_checks` on an assembled draft with hostile facts and
edits. "Never crash" means: a result, or the one documented refusal (`SourceImportError`,
`FactError`), and no `check-error` finding (a rule that failed and was caught). The
strategies and properties live in `tests/support/fuzz.py`.

Example counts are small and every example has a deadline, so `make test` stays quick; the
extremes (100,000-character lines, nesting past what the XML parser takes) always run, as
explicit cases. `make bench` (`bench/reliability.py`) runs the properties with many more.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import fuzz

_FAST = settings(max_examples=40, deadline=3000, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])
_SLOW = settings(_FAST, max_examples=15, deadline=15000)

LONG_LINES = {kind: fuzz.long_line(kind) for kind in fuzz.LONG_LINE_KINDS}


@_FAST
@given(fuzz.any_text)
def test_parse_outline_gives_an_outline_for_any_text(text):
    fuzz.outline_holds(text)


@_FAST
@given(fuzz.any_text, st.sampled_from(["讲话.txt", "讲话.md", "讲话"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_read_source_reads_or_refuses_any_text_file(text, name, encoding):
    fuzz.text_file_holds(text, name, encoding)


@_SLOW
@given(fuzz.nested_docx)
def test_read_source_reads_or_refuses_deeply_nested_word_files(data):
    fuzz.word_file_holds(data)


@_FAST
@given(fuzz.any_text, st.booleans())
def test_check_text_never_fails_a_rule_on_any_text(text, markdown):
    fuzz.checks_hold(text, markdown)


@_FAST
@given(fuzz.hostile_facts, fuzz.hostile_edits, fuzz.patterns, st.one_of(st.none(), st.text(max_size=20)))
def test_run_checks_never_fails_a_rule_on_a_draft_with_hostile_facts_and_edits(
        minimal_template, facts, edits, pattern, place):
    fuzz.draft_checks_hold(minimal_template, facts, edits, pattern, place)


# -- the extremes, always --------------------------------------------------------------------


#: Seconds one call on a 100,000-character line may take: linear work takes well under a
#: second even on a busy machine; quadratic work on such a line takes minutes (a hang).
HANG = 20.0


@pytest.mark.parametrize("kind", fuzz.LONG_LINE_KINDS)
def test_a_100000_character_line_is_imported_and_checked(kind, minimal_template):
    line = LONG_LINES[kind]
    text = fuzz.TEXTS[0] + "\n" + line + "\n" + fuzz.TEXTS[1]
    calls = [
        lambda: fuzz.outline_holds(text),
        lambda: fuzz.text_file_holds(text, "讲话.txt", "utf-8"),
        lambda: fuzz.checks_hold(text, markdown=False),
        lambda: fuzz.checks_hold(text, markdown=True),
        lambda: fuzz.draft_checks_hold(minimal_template, [(0, line[:100])], [(0, line), (3, text)],
                                       "runin", None),
        lambda: fuzz.word_file_holds(fuzz.build_nested_docx(["w:hyperlink"], ["w:sdt"],
                                                            "一、提高认识\n" + line, 1)),
    ]
    for call in calls:
        start = time.perf_counter()
        call()
        assert time.perf_counter() - start < HANG


@pytest.mark.parametrize(("inline", "blocks"), [
    (fuzz.INLINE * 6, []),                       # 54 inline wrappers around one run
    ([], ["table"] * 40),                        # a table in a cell of a table ... 40 deep
    ([], ["w:sdt", "w:customXml"] * 30),         # 60 nested content controls and custom XML
    (["w:sdt", "w:hyperlink"] * 150, ["table"] * 100),  # past the XML parser's depth limit
])
def test_deeply_nested_word_markup_is_read_or_refused(inline, blocks):
    fuzz.word_file_holds(fuzz.build_nested_docx(inline, blocks, fuzz.TEXTS[0], 3))
