"""Nothing lost (可靠性): saves on a full disk, two tabs on one draft, fuzzed text, uploads at
their limits. Counts out of N, not timings (except the last, which guards against hangs).

- `reliability.full_disk.intact`: saves into a real 64 KiB tmpfs filled to a random level,
  of a draft grown by a random amount; a try counts when a refused save left the previous
  file byte for byte (and loadable) and a save that fitted wrote a whole new file, with no
  temp file left either way. Needs root to mount; else the figure says why.
- `reliability.conflicts.detected`: two app tabs (two `WorkbenchState`s with their
  `DraftsView`) on one autosaved draft, both typing; a try counts when the second tab's
  save is refused, the file keeps the first tab's text and 另存为新草稿 keeps the second's.
- `reliability.conflicts.races`: rounds of 4 processes that loaded the same revision and
  save at once; a round counts when exactly one wins and 3 get `DraftConflictError`.
- `reliability.fuzz.cases`: the properties of `tests/support/fuzz.py` (importer, reader,
  checks on text and on hostile drafts) with many examples each; cases run without a crash.
- `reliability.uploads.slowest`: the slowest of the hostile uploads at their size limits
  (a 5 MB draft, a 256 KB profile, a 2 MB text, a Word file that unpacks to 5 MB of text),
  handled end to end by the app's upload callbacks: refused or opened, never hung.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .context import ROOT, Context
from .stats import Figure

#: Template the drafts are made of.
TEMPLATE = "work-safety-plenary"


def _draft(library: Any, repeat: int) -> Any:
    from workbench import Draft

    draft = Draft(library[TEMPLATE])
    draft.facts.fill_examples()
    draft.set_edit("opening.0", "今天召开全县安全生产工作会议。" * repeat)
    return draft


# -- full disk --------------------------------------------------------------------------------


def full_disk(ctx: Context, library: Any, tries: int) -> Figure:
    """Return the full-disk figure: tries whose outcome lost nothing."""
    from tests.support.smalldisk import CannotMount, fill_disk, small_tmpfs
    from workbench import Draft, DraftSaveError

    title = "saves on a full disk (64 KiB tmpfs) with nothing lost"
    rng = random.Random(18)
    good = refused = fitted = 0
    failures: list[str] = []
    try:
        with tempfile.TemporaryDirectory(dir=ctx.scratch) as tmp, small_tmpfs(Path(tmp) / "disk") as disk:
            for i in range(tries):
                for stale in disk.iterdir():
                    stale.unlink()
                path = disk / "讲话.json"
                draft = _draft(library, rng.randint(1, 40))
                draft.save(path)
                draft.save(path)
                before = path.read_bytes()
                leave = rng.randint(0, 40_000)
                fill_disk(disk, leave=leave)
                draft.set_edit("opening.0", "今天召开全县安全生产工作会议。" * rng.randint(10, 900))
                try:
                    draft.save(path)
                except DraftSaveError as exc:
                    refused += 1
                    whole = path.read_bytes() == before and exc.reason == "full"
                else:
                    fitted += 1
                    whole = Draft.load(path, library).edits["opening.0"].render({}) == \
                        draft.edits["opening.0"].render({})
                leftovers = [p.name for p in disk.iterdir() if p.name.endswith(".tmp")]
                loads = bool(Draft.load(path, library).render("text"))
                if whole and loads and not leftovers:
                    good += 1
                else:
                    failures.append(f"try {i}: leave={leave} whole={whole} leftovers={leftovers}")
    except CannotMount as exc:
        return Figure("reliability.full_disk.intact", "reliability", title, None, "saves", 0,
                      "count", note=f"not measured: {exc}")
    return Figure("reliability.full_disk.intact", "reliability", title, good, f"of {tries}", tries,
                  "count", target=tries, target_is_minimum=True, target_text=f"all {tries}",
                  details={"refused_disk_full": refused, "fitted": fitted, "failures": failures[:10]},
                  note="A refused save leaves the previous file byte for byte; one that fits is whole.")


# -- two tabs -----------------------------------------------------------------------------------


def two_tabs(ctx: Context, library: Any, tries: int) -> Figure:
    """Return the two-tab figure: conflicts detected in the app, with both texts kept."""
    from workbench import Draft
    from workbench.ui import WorkbenchState
    from workbench.ui.drafts import DraftsView

    detected = 0
    with tempfile.TemporaryDirectory(dir=ctx.scratch) as tmp:
        for i in range(tries):
            folder = Path(tmp) / str(i)
            a = WorkbenchState(library, template=TEMPLATE, mode="lab")
            view_a = DraftsView(a, folder)
            a.set_fact("place", "青山县")
            b = WorkbenchState(library, template=TEMPLATE, mode="lab")
            view_b = DraftsView(b, folder)
            view_b.list_saved()
            view_b.saved.value = str(view_a.path)
            view_b.open_saved.click()
            a.set_fact("place", f"甲{i}县")
            b.set_fact("place", f"乙{i}县")
            kept_a = Draft.load(view_a.path, library).facts["place"] == f"甲{i}县"
            refused = view_b.conflict is not None and "另一个标签页" in b.status
            view_b.save_as.click()
            kept_b = Draft.load(view_b.path, library).facts["place"] == f"乙{i}县"
            detected += bool(kept_a and refused and kept_b and view_b.path != view_a.path)
    return Figure("reliability.conflicts.detected", "reliability",
                  "two tabs on one draft: the older tab's save refused, both texts kept", detected,
                  f"of {tries}", tries, "count", target=tries, target_is_minimum=True,
                  target_text=f"all {tries}")


_SAVER = """
import sys
from workbench import Draft, DraftConflictError
draft = Draft.load(sys.argv[1])
draft.facts["place"] = sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
try:
    draft.save(sys.argv[1])
except DraftConflictError:
    print("conflict", flush=True)
else:
    print("saved", flush=True)
"""


def races(ctx: Context, library: Any, rounds: int, savers: int = 4) -> Figure:
    """Return the racing-savers figure: rounds in which exactly one save won."""
    good = 0
    outcomes = []
    with tempfile.TemporaryDirectory(dir=ctx.scratch) as tmp:
        for r in range(rounds):
            path = Path(tmp) / f"race{r}.json"
            _draft(library, 1).save(path)
            procs = [subprocess.Popen([sys.executable, "-c", _SAVER, str(path), f"{k}县"], cwd=ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                     for k in range(savers)]
            for proc in procs:
                proc.stdout.readline()
            for proc in procs:
                proc.stdin.write("go\n")
                proc.stdin.flush()
            results = sorted(p.communicate(timeout=120)[0].strip() for p in procs)
            outcomes.append(results.count("saved"))
            good += results == ["conflict"] * (savers - 1) + ["saved"]
    return Figure("reliability.conflicts.races", "reliability",
                  f"{savers} processes saving one revision at once: exactly one wins", good,
                  f"of {rounds}", rounds, "count", target=rounds, target_is_minimum=True,
                  target_text=f"all {rounds}", details={"winners_per_round": outcomes})


# -- fuzz ----------------------------------------------------------------------------------------


def fuzz_cases(ctx: Context, library: Any, examples: int) -> Figure:
    """Return the fuzz figure: cases of each property run without a crash."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.support import fuzz

    template = library[TEMPLATE]
    properties: dict[str, tuple[Callable[..., None], tuple[Any, ...], int]] = {
        "parse_outline": (fuzz.outline_holds, (fuzz.any_text,), examples),
        "read_source (text)": (fuzz.text_file_holds, (
            fuzz.any_text, st.sampled_from(["讲话.txt", "讲话.md", "讲话"]),
            st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"])), examples),
        "read_source (nested .docx)": (fuzz.word_file_holds, (fuzz.nested_docx,), max(1, examples // 5)),
        "check_text": (fuzz.checks_hold, (fuzz.any_text, st.booleans()), examples),
        "run_checks (hostile draft)": (
            lambda *a: fuzz.draft_checks_hold(template, *a),
            (fuzz.hostile_facts, fuzz.hostile_edits, fuzz.patterns, st.one_of(st.none(), st.text(max_size=20))),
            max(1, examples // 2)),
    }
    total = passed = 0
    per: dict[str, dict[str, Any]] = {}
    for name, (check, strategies, count) in properties.items():
        ctx.log(f"fuzz: {name}, {count} examples")
        ran = [0]
        runner = settings(max_examples=count, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))(
            given(st.tuples(*strategies))(_counted(check, ran)))
        start = time.perf_counter()
        try:
            runner()
            crash = ""
        except Exception as exc:  # the falsifying example, reported, not raised
            crash = f"{type(exc).__name__}: {exc}"[:300] + " " + " ".join(getattr(exc, "__notes__", []))[:500]
        seconds = time.perf_counter() - start
        cases = min(ran[0], count)
        total += count
        passed += 0 if crash else cases
        per[name] = {"examples": count, "ran": ran[0], "crash": crash, "seconds": round(seconds, 1)}
    return Figure("reliability.fuzz.cases", "reliability",
                  "fuzzed speeches through importer, reader and checks, without a crash", passed,
                  f"of {total:,}", total, "count", target=total, target_is_minimum=True,
                  target_text=f"all {total:,}", details={"properties": per},
                  note="Hostile text: controls, lone surrogates, 100,000-char lines, nested .docx markup.")


def _counted(check: Callable[..., None], ran: list[int]) -> Callable[[tuple[Any, ...]], None]:
    def counted(args: tuple[Any, ...]) -> None:
        ran[0] += 1
        check(*args)

    return counted


# -- uploads at their limits ---------------------------------------------------------------------


def _hostile_uploads(library: Any, scale: float = 1.0) -> dict[str, tuple[str, str, bytes]]:
    """Return name -> (button, file name, bytes) of hostile uploads; `scale` < 1 shrinks
    them below their limits (a smoke run)."""
    import docx

    from workbench.core.draft import MAX_DRAFT_BYTES
    from workbench.core.profile import MAX_PROFILE_BYTES
    from workbench.readers import MAX_TEXT_BYTES

    base = json.loads(_draft(library, 1).dumps())
    big_edits = dict(base, edits={f"p{i}": ["改写的一段话。"] for i in range(int(140_000 * scale))})
    many_parts = dict(base, sections=[{"id": f"x{i}"} for i in range(int(200_000 * scale))])
    long_fact = dict(base, facts={"place": ["很长的地名"] * int(400_000 * scale)})
    # Varied text, so the file is not refused as a zip bomb before its text is measured.
    rng = random.Random(21)
    alphabet = "要抓好安全生产工作压实各方责任县乡镇村企业部门领导干部群众隐患排查整治落实考核问责，。；"
    document = docx.Document()
    for _ in range(int(1_500 * scale)):
        document.add_paragraph("".join(rng.choice(alphabet) for _ in range(1_000)))
    buffer = io.BytesIO()
    document.save(buffer)

    def fit(data: bytes, limit: int) -> bytes:
        return data[:int(limit * scale)]

    return {
        "draft: 140,000 edits": ("drafts", "a.json", fit(json.dumps(big_edits).encode(), MAX_DRAFT_BYTES)),
        "draft: 200,000 parts": ("drafts", "a.json", fit(json.dumps(many_parts).encode(), MAX_DRAFT_BYTES)),
        "draft: a 2.4M-char fact": ("drafts", "a.json", fit(json.dumps(long_fact).encode(), MAX_DRAFT_BYTES)),
        "draft: nested 1M deep": ("drafts", "a.json", fit(b"[" * (MAX_DRAFT_BYTES - 1), MAX_DRAFT_BYTES)),
        "profile: 256 KB of facts": ("profile", "a.yaml", fit(
            "".join(f"f{i}: 青山县第{i}个村\n" for i in range(20_000)).encode(), MAX_PROFILE_BYTES)),
        "profile: nested": ("profile", "a.yaml", fit(b"[" * (MAX_PROFILE_BYTES - 1), MAX_PROFILE_BYTES)),
        "text: 2 MB one line": ("import", "a.txt", fit("要抓好安全生产工作，".encode() * 80_000,
                                                       MAX_TEXT_BYTES)),
        "docx: 1.5M chars of varied text": ("import", "a.docx", buffer.getvalue()),
    }


def uploads(ctx: Context, library: Any) -> Figure:
    """Return the slowest hostile upload at its limit, through the app's callbacks."""
    from workbench.ui import WorkbenchState
    from workbench.ui.drafts import DraftsView
    from workbench.ui.facts_form import FactsForm
    from workbench.ui.import_view import ImportView
    from workbench.ui.state import UNEXPECTED

    times: dict[str, float] = {}
    outcomes: dict[str, str] = {}
    for name, (target, filename, data) in _hostile_uploads(library, 0.05 if ctx.quick else 1.0).items():
        state = WorkbenchState(library, template=TEMPLATE, mode="voila")
        if target == "drafts":
            button, status = DraftsView(state).upload, lambda s=state: s.status
        elif target == "profile":
            button, status = FactsForm(state).load_profile, lambda s=state: s.status
        else:
            view = ImportView(templates_dir=None)
            button, status = view.upload, lambda v=view: v.status.value
        ctx.log(f"upload: {name} ({len(data) / 2**20:.1f} MB)")
        start = time.perf_counter()
        button.send_file(filename, data)
        times[name] = round((time.perf_counter() - start) * 1000, 1)
        text = status()
        outcomes[name] = "UNEXPECTED" if UNEXPECTED in text else ("refused" if "失败" in text else "opened")
    slowest = max(times, key=lambda k: times[k])
    unexpected = [k for k, v in outcomes.items() if v == "UNEXPECTED"]
    return Figure("reliability.uploads.slowest", "reliability",
                  "hostile uploads at their size limits, handled (slowest of 8)", times[slowest], "ms",
                  len(times), "max", target=5000.0, target_text="≤ 5 s, never a traceback",
                  details={"ms": times, "outcome": outcomes, "slowest": slowest},
                  note=("UNEXPECTED: " + ", ".join(unexpected)) if unexpected else "")


def run(ctx: Context) -> list[Figure]:
    """Return the reliability figures."""
    from workbench import load_library

    library = load_library()
    return [
        full_disk(ctx, library, ctx.repeat(50, 4)),
        two_tabs(ctx, library, ctx.repeat(50, 3)),
        races(ctx, library, ctx.repeat(10, 1), savers=4 if not ctx.quick else 2),
        fuzz_cases(ctx, library, ctx.repeat(300, 5)),
        uploads(ctx, library),
    ]
