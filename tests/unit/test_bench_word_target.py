"""The Word export's target holds only if the export also beats docxtpl, when measured."""

from __future__ import annotations

from bench.stats import Comparison, Figure, Sample
from bench.word import export_target


def _figure(ours_ms: float, comparisons: list[Comparison]) -> Figure:
    target, text = export_target(comparisons)
    return Figure.from_sample("word.export.5k", "word", "t", Sample([ours_ms], "ms"),
                              stat="median", target=target, target_text=text,
                              comparisons=comparisons)


def test_slower_than_docxtpl_misses_the_target_even_under_30_ms():
    docxtpl = Comparison("docxtpl", 8.0, "ms", 1, 8.0, 8.0)
    assert _figure(9.0, [docxtpl]).meets_target is False
    assert _figure(4.0, [docxtpl]).meets_target is True


def test_without_docxtpl_the_text_says_it_was_not_compared():
    figure = _figure(4.0, [Comparison("python-docx", 18.0, "ms", 1, 18.0, 18.0)])
    assert figure.meets_target is True and "not compared" in figure.target_text
    assert _figure(31.0, []).meets_target is False
