"""The Word round trip on a 5,000-character speech: revising the draft from an edited .docx
(40 paragraphs changed, 30 tracked changes, 10 comments), and the tracked-changes export
(修订版) next to the plain export of the same speech.

The edited file is made from the workbench's own export with python-docx's XML layer, as a
reviewer's Word leaves it: 15 paragraphs with a tracked replacement (a `w:del` and a
`w:ins`: 30 tracked changes), 25 paragraphs edited with track changes off, and 10 comments
(`Document.add_comment`). Each timed revision starts from a fresh copy of the draft (made
before the clock starts), so every run does the whole job: read the file, align it, plan,
apply, keep the two versions.
"""

from __future__ import annotations

import copy
import gc
import io
import time
from collections.abc import Callable
from typing import Any

from workbench import Draft, parse_template
from workbench.pipeline import render_bytes, tracked_changes

from .context import Context
from .corpus import long_template_source
from .stats import Comparison, Figure, Sample, time_calls

#: Length of the speech, in characters; the shipped template with the most paragraphs.
CHARS = 5_000
BASE = "commitment-statement"

#: What the reviewer did.
TRACKED_PARAGRAPHS = 15  # a tracked replacement each: 30 tracked changes
UNTRACKED_PARAGRAPHS = 25
COMMENTS = 10

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _who(element, number: int) -> None:
    element.set(f"{_W}id", str(number))
    element.set(f"{_W}author", "王主任")
    element.set(f"{_W}date", "2026-03-06T09:30:00Z")


def edited_file(export: bytes) -> tuple[bytes, int]:
    """Return the reviewer's file made from `export`, and how many paragraphs it changed."""
    import docx

    document = docx.Document(io.BytesIO(export))
    # Not the title, nor the transition (下面，我讲……), which the structure writes.
    paragraphs = [p for p in document.paragraphs if len(p.text) >= 12
                  and not p._p.xpath("./w:bookmarkStart[@w:name='wb_transition']")][1:]
    wanted = TRACKED_PARAGRAPHS + UNTRACKED_PARAGRAPHS
    if len(paragraphs) < wanted:
        raise RuntimeError(f"the speech has {len(paragraphs)} paragraphs to edit, not {wanted}")
    number = 9000
    for k, paragraph in enumerate(paragraphs[:wanted]):
        run = max(paragraph.runs, key=lambda r: len(r.text))
        if k < TRACKED_PARAGRAPHS:
            # "要" -> "必须" style: the run's first two characters replaced, tracked.
            text = run.text
            head = copy.deepcopy(run._r)
            run._r.addprevious(head)
            deleted = head.makeelement(f"{_W}del", {})
            number += 1
            _who(deleted, number)
            head.addprevious(deleted)
            deleted.append(head)
            head.find(f"{_W}t").text = text[:2]
            head.find(f"{_W}t").tag = f"{_W}delText"
            inserted_run = copy.deepcopy(run._r)
            inserted_run.find(f"{_W}t").text = "切实"
            inserted = run._r.makeelement(f"{_W}ins", {})
            number += 1
            _who(inserted, number)
            run._r.addprevious(inserted)
            inserted.append(inserted_run)
            run.text = text[2:]
        else:
            run.text = run.text + "要抓好落实。"
    for paragraph in paragraphs[:COMMENTS]:
        document.add_comment(paragraph.runs, text="这段请再斟酌", author="王主任", initials="WZR")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), wanted


def _interleaved(first: Callable[[], Any], second: Callable[[], Any], repeat: int,
                 warmup: int) -> tuple[Sample, Sample]:
    """Time `first` and `second` in turn, `repeat` times each: a ratio of the two then
    compares them under the same load (the machine is shared)."""
    for _ in range(warmup):
        first()
        second()
    gc.collect()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for func, values in ((first, a), (second, b)):
            start = time.perf_counter_ns()
            func()
            values.append((time.perf_counter_ns() - start) / 1e6)
    return Sample(a, "ms"), Sample(b, "ms")


def run(ctx: Context) -> list[Figure]:
    """Return the revise figure and the tracked-changes export figure."""
    source, chars = long_template_source(CHARS, BASE)
    draft = Draft(parse_template(source, f"<generated {CHARS}>"))
    draft.facts.fill_examples()
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    edited, changed = edited_file(buffer.getvalue())
    saved = draft.to_json()
    library = {draft.template.id: draft.template}

    # One revision to check the file does what it says, and for the export below.
    revised = Draft.from_json(saved, library)
    report = revised.revise(edited, "修改稿.docx")
    if (len(report.changed), report.pending_total, report.comments_total) != (changed, 30, COMMENTS):
        raise AssertionError(f"the edited file revised as {len(report.changed)} paragraphs, "
                             f"{report.pending_total} pending changes, {report.comments_total} comments")

    repeat, warmup = ctx.repeat(30, 3), ctx.warmup(3)
    copies = [Draft.from_json(saved, library) for _ in range(repeat + warmup)]
    ctx.log(f"revise: {chars} chars, {changed} paragraphs changed, 30 tracked changes, "
            f"{COMMENTS} comments")
    revise_sample = time_calls(lambda i: copies[i].revise(edited, "修改稿.docx"), repeat, warmup)

    document = revised.document()
    tracked = tracked_changes(revised, 1)
    repeat, warmup = ctx.repeat(50, 3), ctx.warmup(5)
    ctx.log("plain export and tracked-changes export of the revised speech, interleaved")
    plain, marked = _interleaved(lambda: render_bytes(document, "docx"),
                                 lambda: render_bytes(document, "docx", revisions=tracked),
                                 repeat, warmup)
    ratio = marked.median / plain.median if plain.median else None
    revise_figure = Figure.from_sample(
        "roundtrip.revise.5k", "roundtrip",
        f"修改稿回收 · {chars:,}-char draft, {changed} paragraphs changed, 30 tracked changes, "
        f"{COMMENTS} comments", revise_sample, stat="median", target=100.0,
        target_text="median ≤ 100 ms",
        details={"chars": chars, "paragraphs": len(list(document.iter_blocks())),
                 "changed_paragraphs": changed, "tracked_changes": 30, "comments": COMMENTS,
                 "docx_bytes": len(edited)},
        note="Draft.revise(bytes): read_document(physical) + bookmark and text alignment + "
             "plan + apply (edits, pending changes, comments) + the two versions; a fresh "
             "copy of the draft per run, made before timing.")
    export_figure = Figure.from_sample(
        "roundtrip.tracked_export.5k", "roundtrip",
        f"修订版导出 · the revised {chars:,}-char speech against 一稿 → .docx bytes", marked,
        stat="median", target=round(2 * plain.median, 3),
        target_text="≤ 2 × the plain export", comparisons=[
            Comparison("plain export", plain.median, "ms", plain.n, plain.median, plain.p95,
                       "render_bytes(document, 'docx'): the same speech, no revisions")],
        details={"ratio_to_plain": round(ratio, 3) if ratio else None,
                 "plain_median_ms": round(plain.median, 3)},
        note="render_bytes(document, 'docx', revisions=tracked_changes(draft, 1)): paragraphs "
             "aligned with 一稿, character diffs as w:ins/w:del, revised paragraph marks, "
             "the pending comments in word/comments.xml.")
    return [revise_figure, export_figure]
