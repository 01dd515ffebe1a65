"""The dashboard as users feel it, in headless Chromium against a real Voilà server.

- page request → first preview, cold (a kernel starts and runs the notebook) and with
  preheated kernels, against the floor: an empty ipywidgets notebook on the same Voilà;
- a key typed → the preview showing it, per keystroke at a writer's pace (3 a second),
  measured inside the page from the input event to the frame that shows the text, for a
  5,000- and a 30,000-character speech, against the floor: a text field whose kernel
  echoes each change into an HTML widget, timed the same way;
- a closed tab → its kernel gone;
- memory of one dashboard kernel after a Word export, against the floor's kernel.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

from .context import Context
from .corpus import write_sized_template
from .stats import Comparison, Figure, Sample
from .voila import (
    DASHBOARD,
    ECHO_SOURCE,
    VoilaServer,
    drawing_ms,
    first_visible,
    launch_browser,
    memory,
    new_context,
    write_floor_notebook,
)

#: What "the dashboard is ready" looks like: the preview page rendered.
PREVIEW = ".wb-preview .wb-page"
FLOOR = ".wb-floor"

#: How the page names its kernel.
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]+)"')

#: Kernels kept ready in the preheated runs.
POOL_SIZE = 2

#: Visits to each preheated server, in turns: a visit's time varies by ±100 ms from run to
#: run, so a 50 ms difference needs more than a handful of pairs to show.
PAIRS = 15

#: Flags of the cold runs: no pool, whatever voila.json says.
COLD = ("--preheat_kernel=False",)

#: Records, inside the page, the time of the last input event in `.wb-fact-place` and
#: the first animation frame after the preview's text first contains a value.
TYPING_JS = """
() => {
  if (window.__wbTyping) return;
  window.__wbTyping = {lastInput: 0, shown: {}};
  document.addEventListener('input', (e) => {
    if (e.target.closest && e.target.closest('.wb-fact-place')) window.__wbTyping.lastInput = performance.now();
  }, true);
  const preview = document.querySelector('.wb-preview');
  const obs = new MutationObserver(() => {
    const want = window.__wbTyping.want;
    if (want && !(want in window.__wbTyping.shown) && preview.textContent.includes(want)) {
      window.__wbTyping.shown[want] = -1;
      const input = window.__wbTyping.lastInput;
      requestAnimationFrame(() => { window.__wbTyping.shown[want] = performance.now() - input; });
    }
  });
  obs.observe(preview, {childList: true, subtree: true, characterData: true});
}
"""


#: Speech sizes the typing is timed on (characters), and the target ratio to the floor.
SIZES = {5000: 1.15, 30000: 1.3}

#: A writer's pace: seconds between two keystrokes.
PACE_S = 1 / 3

#: Typed one at a time after a round's base value (a place name as long as real ones, up
#: to six characters, so the speech around it reads as usual); with the round's own mark
#: in the base, every value is text the page never showed before.
KEYS = "甲乙丙丁"
ROUND_MARKS = "东南西北中上下左右前后"

#: Per keystroke in `.wb-fact-place`: the input event's time and the field's value; the
#: latency is taken at the first animation frame after `.wb-preview`'s text holds it. A
#: key typed before the last one showed counts as `missed` (it never showed alone).
KEYS_JS = """
() => {
  if (window.__wbKeys) return;
  const K = window.__wbKeys = {armed: false, done: true, t: 0, want: "", lat: [], missed: 0};
  document.addEventListener('input', (e) => {
    if (!K.armed || !(e.target.closest && e.target.closest('.wb-fact-place'))) return;
    if (!K.done) K.missed++;
    K.t = performance.now(); K.want = e.target.value; K.done = false;
  }, true);
  const preview = document.querySelector('.wb-preview');
  new MutationObserver(() => {
    if (K.done || !preview.textContent.includes(K.want)) return;
    K.done = true;
    const t = K.t;
    requestAnimationFrame(() => K.lat.push(performance.now() - t));
  }).observe(preview, {childList: true, subtree: true, characterData: true});
}
"""


async def _wait_shown(page: Any, text: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await page.evaluate("(t) => document.querySelector('.wb-preview').textContent"
                               ".includes(t)", text):
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"preview never showed {text!r}")


async def type_keys(page: Any, base: str, keys: str, pace_s: float = PACE_S) -> tuple[list[float], int]:
    """Set the place fact to `base`, then type `keys` one a `pace_s`; return the ms from
    each keystroke to the frame showing it, and how many keys were overtaken."""
    await page.evaluate(KEYS_JS)
    field = page.locator(".wb-fact-place input")
    await field.fill(base)
    await _wait_shown(page, base)
    await page.evaluate("() => Object.assign(window.__wbKeys, "
                        "{lat: [], missed: 0, done: true, armed: true})")
    for key in keys:
        # through the field (focused first): pages of other sessions may hold the focus
        await field.press_sequentially(key)
        await asyncio.sleep(pace_s)
    await _wait_shown(page, base + keys)
    await asyncio.sleep(0.05)  # the last frame
    lat, missed = await page.evaluate(
        "() => { const K = window.__wbKeys; K.armed = false; return [K.lat, K.missed]; }")
    return [float(v) for v in lat], int(missed)


async def open_template(page: Any, title: str) -> None:
    """Pick the template titled `title` and fill every fact with its example."""
    await page.locator(".wb-template select").select_option(label=title)
    await open_facts(page)


async def typed_keys(page: Any, rounds: int, warmup: int = 1) -> tuple[Sample, int]:
    """Type `rounds` rounds of `KEYS` (after `warmup` untimed ones); return the latencies."""
    values: list[float] = []
    missed = 0
    for r in range(warmup + rounds):
        lat, miss = await type_keys(page, "青" + ROUND_MARKS[r % len(ROUND_MARKS)], KEYS)
        if r >= warmup:
            values += lat
            missed += miss
    return Sample(values, "ms"), missed


def typing_settings() -> dict[str, float]:
    """Return how the dashboard paces preview refreshes while typing, as the UI says."""
    out: dict[str, float] = {}
    try:
        from workbench.ui import debounce, state
    except ImportError:
        return out
    for module, name in ((state, "TYPING_DEBOUNCE_S"), (debounce, "MIN_WINDOW_S"),
                         (debounce, "COST_FACTOR")):
        value = getattr(module, name, None)
        if isinstance(value, int | float):
            out[name] = float(value)
    return out


async def open_facts(page: Any) -> None:
    """Show the facts tab and fill every fact with its example (a ~4,000-char speech)."""
    # the forms join the page after its first frame (README): wait for them to be there
    await page.locator(".wb-left .wb-tabs").first.wait_for(state="visible", timeout=60_000)
    tab = page.get_by_role("tab", name="本地要素")
    if await tab.count():
        await tab.first.click()
    fill = page.locator(".wb-fill-examples")
    if await fill.count():
        await fill.first.click()
    await page.locator(".wb-fact-place input").wait_for(state="visible")
    # the kernel's examples must be in before anyone types: a value it sets later
    # replaces what was typed (and moves the caret to the start)
    await page.wait_for_function(
        "() => document.querySelector('.wb-fact-place input').value !== ''")
    await page.evaluate(TYPING_JS)


async def type_fact(page: Any, value: str, timeout_s: float = 30) -> float:
    """Type `value` into the place fact as a writer would; return ms from the last
    keystroke to the frame that shows it in the preview."""
    field = page.locator(".wb-fact-place input")
    await page.evaluate("(v) => { window.__wbTyping.want = v; }", value)
    await field.click()
    await field.press("Control+A")
    await field.press_sequentially(value)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        shown = await page.evaluate("(v) => window.__wbTyping.shown[v]", value)
        if shown is not None and shown >= 0:
            return float(shown)
        await asyncio.sleep(0.01)
    raise TimeoutError(f"preview never showed {value!r}")


async def _first_previews(browser: Any, server: VoilaServer, selector: str, runs: int,
                          preheated: int = 0, cached: bool = False,
                          drawing: list[float] | None = None) -> Sample:
    """Time `runs` first visits (fresh contexts), or with `cached` returning visits (one
    context whose HTTP cache already holds the page's scripts); into `drawing`, the ms each
    page spent drawing after its widgets' states arrived (`voila.drawing_ms`)."""
    values = []
    # Start each run from a quiet server: the pool full, every kernel done executing.
    server.wait_kernels(preheated, timeout=120, idle=True)
    shared = await new_context(browser) if cached else None
    if shared is not None:
        page = await shared.new_page()
        await page.goto(server.url)
        await page.locator(selector).first.wait_for(state="visible")
        await page.close()
        server.wait_kernels(preheated + 1, timeout=120, idle=True)
    for _ in range(runs):
        before = len(server.kernels())
        measured, _wall, context = await first_visible(browser, server.url, selector, shared)
        values.append(measured)
        if drawing is not None and (drawn := await drawing_ms(context)) is not None:
            drawing.append(drawn)
        if shared is None:
            await context.close()
        # One more kernel: this page's (cold), or the pool's refill (preheated).
        server.wait_kernels(before + 1, timeout=120, idle=True)
    return Sample(values, "ms")


async def _paired_first_previews(browser: Any, floor: VoilaServer, server: VoilaServer,
                                 runs: int) -> tuple[Sample, Sample, list[float], dict]:
    """Time `runs` first visits to each preheated server, taking turns (floor, dashboard,
    dashboard, floor, …) so that both meet the same machine; return the floor's sample, the
    dashboard's, each pair's difference (dashboard − floor), and the drawing time after the
    widgets' states arrived, floor and dashboard."""
    both = ((floor, FLOOR), (server, PREVIEW))
    for target, selector in both:  # warm-up: the OS file cache and the pools settled
        await _first_previews(browser, target, selector, 1, POOL_SIZE)
    values: dict[int, list[float]] = {0: [], 1: []}
    drawing: dict[int, list[float]] = {0: [], 1: []}
    for run in range(runs):
        order = (0, 1) if run % 2 == 0 else (1, 0)
        for which in order:
            target, selector = both[which]
            values[which].extend((await _first_previews(browser, target, selector, 1,
                                                        POOL_SIZE, drawing=drawing[which])).values)
    pairs = [ours - theirs for theirs, ours in zip(values[0], values[1], strict=True)]
    drawn = {"floor": Sample(drawing[0], "ms"), "dashboard": Sample(drawing[1], "ms")}
    return Sample(values[0], "ms"), Sample(values[1], "ms"), pairs, drawn


async def _typing(browser: Any, server: VoilaServer, titles: dict[int, str],
                  rounds: int) -> tuple[dict[int, tuple[Sample, int]], dict]:
    """Type into a speech of each size (one session each); export the first size's as
    Word and return its kernel's memory, then the kernel's memory when idle again."""
    out: dict[int, tuple[Sample, int]] = {}
    mem: dict = {}
    for size, title in titles.items():
        context = await new_context(browser)
        page = await context.new_page()
        await page.goto(server.url)
        await page.locator(PREVIEW).wait_for(state="visible")
        await open_template(page, title)
        out[size] = await typed_keys(page, rounds)
        if not mem:
            await page.locator(".wb-export").first.click()
            await page.locator(".wb-download a[download]").wait_for(state="visible")
            kernel_id = await page.evaluate("() => document.body.innerHTML.match("
                                            "/\"kernelId\":\\s*\"([0-9a-f-]+)\"/)?.[1]")
            kernel = server.kernel(kernel_id or "") if kernel_id else None
            kernels = server.kernels()
            kernel = kernel or (kernels[-1] if kernels else None)
            mem = memory(kernel) if kernel else {}
        await context.close()
    return out, mem


async def page_kernel(page: Any, server: VoilaServer) -> Any:
    """Return the kernel process of the dashboard open in `page` (None if not found)."""
    match = KERNEL_ID.search(await page.content())
    return server.kernel(match.group(1)) if match else None


async def _echo_floor(browser: Any, server: VoilaServer, rounds: int) -> tuple[Sample, int]:
    context = await new_context(browser)
    page = await context.new_page()
    await page.goto(server.url)
    await page.locator(".wb-fact-place input").wait_for(state="visible")
    result = await typed_keys(page, rounds)
    await context.close()
    return result


async def _closed_tab(browser: Any, server: VoilaServer, limit_s: float = 180) -> dict[str, Any]:
    """Open the dashboard, close the tab, and time until its kernel process is gone."""
    context = await new_context(browser)
    page = await context.new_page()
    await page.goto(server.url)
    await page.locator(PREVIEW).wait_for(state="visible")
    kernel = await page_kernel(page, server)
    if kernel is None:
        await context.close()
        return {"error": "the page's kernel was not found"}
    start = time.monotonic()
    await context.close()
    while time.monotonic() - start < limit_s:
        if not kernel.is_running():
            return {"seconds": round(time.monotonic() - start, 1)}
        await asyncio.sleep(0.5)
    return {"seconds": None, "note": f"still running after {limit_s:.0f} s"}


async def _floor_memory(browser: Any, server: VoilaServer) -> dict:
    context = await new_context(browser)
    page = await context.new_page()
    await page.goto(server.url)
    await page.locator(FLOOR).wait_for(state="visible")
    kernels = server.kernels()
    mem = memory(kernels[-1]) if kernels else {}
    await context.close()
    return mem


async def _run(ctx: Context) -> list[Figure]:
    from playwright.async_api import async_playwright

    runs = ctx.repeat(7, 1)
    rounds = ctx.repeat(10, 2)
    scratch: Path = ctx.scratch / "dashboard"
    floor_nb = write_floor_notebook(scratch)
    echo_nb = write_floor_notebook(scratch, ECHO_SOURCE, "echo")
    sized = scratch / "templates"
    titles, chars = {}, {}
    for size in SIZES:
        titles[size], chars[size] = write_sized_template(sized, size)
    env = {"WORKBENCH_TEMPLATES": str(sized)}
    async with async_playwright() as playwright:
        browser = await launch_browser(playwright)
        try:
            with VoilaServer(floor_nb, scratch / "floor.log", *COLD) as floor:
                ctx.log("floor: empty ipywidgets notebook, cold")
                await _first_previews(browser, floor, FLOOR, 1)  # warm-up
                floor_cold = await _first_previews(browser, floor, FLOOR, runs)
                floor_mem = await _floor_memory(browser, floor)
            with VoilaServer(echo_nb, scratch / "echo.log", *COLD) as echo:
                ctx.log("typing floor: a text field echoed into an HTML widget")
                echo_typing = await _echo_floor(browser, echo, rounds)
            with VoilaServer(DASHBOARD, scratch / "dashboard.log", *COLD, env=env) as server:
                ctx.log("dashboard, cold")
                await _first_previews(browser, server, PREVIEW, 1)  # warm-up
                cold = await _first_previews(browser, server, PREVIEW, runs)
                ctx.log("dashboard, typing at 3 keys a second")
                typing, mem = await _typing(browser, server, titles, rounds)
                ctx.log("dashboard, a closed tab")
                closed = await _closed_tab(browser, server)
            heated = ("--preheat_kernel=True", f"--pool_size={POOL_SIZE}")
            with VoilaServer(floor_nb, scratch / "floor-heated.log", *heated) as floor, \
                    VoilaServer(DASHBOARD, scratch / "dashboard-heated.log", *heated) as server:
                ctx.log("dashboard and floor, preheated, visited in turns")
                floor_hot, hot, pairs, drawn = await _paired_first_previews(
                    browser, floor, server, ctx.repeat(PAIRS, 1))
                ctx.log("dashboard, preheated, returning visitor (HTTP cache warm)")
                hot_cached = await _first_previews(browser, server, PREVIEW, runs, POOL_SIZE,
                                                   cached=True)
        finally:
            await browser.close()
    figures = _first_figures(cold, hot, hot_cached, floor_cold, floor_hot, pairs, drawn)
    figures += _typing_figures(typing, chars, echo_typing)
    figures += _kernel_figures(mem, floor_mem, closed)
    return figures


def _floor(name: str, sample: Sample, note: str) -> Comparison:
    return Comparison(name, sample.median, "ms", sample.n, sample.median, sample.p95, note)


def _first_figures(cold: Sample, hot: Sample, hot_cached: Sample, floor_cold: Sample,
                   floor_hot: Sample, pairs: list[float], drawn: dict[str, Sample]) -> list[Figure]:
    how = ("Fresh browser context per run (no HTTP cache); ms from navigation start to the "
           "preview page visible, measured in the page; ratios compare medians. Preheated: "
           "both servers up, the floor and the dashboard visited in turns.")
    empty = "one ipywidgets.HTML, same Voilà and flags"
    over = hot.median - floor_hot.median if hot.n and floor_hot.n else None
    return [
        Figure.from_sample("dashboard.first_preview.cold", "dashboard",
                           "看板首屏 · page request → first preview, cold kernel", cold,
                           stat="median", target=3000.0, target_text="≤ 3 s",
                           comparisons=[_floor("empty ipywidgets notebook (floor)", floor_cold,
                                               empty)],
                           note=how),
        Figure.from_sample("dashboard.first_preview.preheated", "dashboard",
                           f"看板首屏 · the same with preheated kernels (pool of {POOL_SIZE})", hot,
                           stat="median", target=1000.0, target_text="≤ 1 s",
                           comparisons=[_floor("empty ipywidgets notebook, preheated (floor)",
                                               floor_hot, empty)],
                           note=how),
        Figure("dashboard.first_preview.preheated.over_floor", "dashboard",
               "看板首屏 · preheated first preview minus the empty notebook's (medians)",
               round(over, 1) if over is not None else None, "ms", hot.n, "median difference",
               target=50.0, target_text="≤ floor + 50 ms", note=how,
               details={"paired_differences_ms": [round(d, 1) for d in pairs],
                        "paired_median_ms": round(Sample(pairs, "ms").median, 1) if pairs
                        else None,
                        # From the widgets' states arriving to the page visible: what the
                        # page itself spends drawing (the rest is the wait for the kernel).
                        "drawing_after_states_ms": {
                            name: {"median": round(sample.median, 1), "n": sample.n}
                            for name, sample in drawn.items() if sample.n}}),
        Figure.from_sample("dashboard.first_preview.preheated_cached", "dashboard",
                           "看板首屏 · preheated, returning visitor (scripts in the HTTP cache)",
                           hot_cached, stat="median", target=1000.0, target_text="≤ 1 s",
                           note="One browser context across runs, a new page each time."),
    ]


def _typing_figures(typing: dict[int, tuple[Sample, int]], chars: dict[int, int],
                    echo: tuple[Sample, int]) -> list[Figure]:
    floor, floor_missed = echo
    how = (f"{len(KEYS)} keys a round at {1 / PACE_S:.0f} a second into the place fact, "
           "each timed in the page from its input event to the animation frame after the "
           "preview's text holds the field's value; floor: an ipywidgets Text whose kernel "
           "echoes each change into an HTML widget, same Voilà, same timing.")
    out = []
    for size, (sample, missed) in typing.items():
        label = f"{size // 1000}k"
        details = {"speech_chars": chars[size], "overtaken_keys": missed,
                   "floor_overtaken_keys": floor_missed, "typing": typing_settings()}
        out.append(Figure.from_sample(
            f"dashboard.type_to_preview.{label}", "dashboard",
            f"输入到预览 · a key typed → the preview showing it, {chars[size]:,}-char speech",
            sample, target_text="report (ratio below)",
            comparisons=[_floor("ipywidgets echo (floor)", floor, "Text → HTML, same timing")],
            details=details, note=how))
        ratio = sample.p95 / floor.p95 if sample.n and floor.n and floor.p95 else None
        out.append(Figure(
            f"dashboard.type_to_preview.{label}.ratio", "dashboard",
            f"输入到预览 · p95 over the echo floor's p95, {chars[size]:,}-char speech",
            round(ratio, 2) if ratio is not None else None, "×", sample.n, "p95 ratio",
            target=SIZES[size], target_text=f"≤ {SIZES[size]:g}× the floor",
            details={"p95_ms": round(sample.p95, 1), "floor_p95_ms": round(floor.p95, 1),
                     "median_ms": round(sample.median, 1),
                     "floor_median_ms": round(floor.median, 1)}))
    return out


def _kernel_figures(mem: dict, floor_mem: dict, closed: dict[str, Any]) -> list[Figure]:
    out = [Figure("dashboard.closed_tab.kernel_gone", "dashboard",
                  "关闭标签页 · a closed tab → its kernel process gone",
                  closed.get("seconds"), "s", 1, "once", target=60.0, target_text="≤ 60 s",
                  details=closed,
                  note="workbench.kernels.ReleasingKernelManager, release_after from voila.json.")]
    if not mem:
        return out
    key = "uss_mib" if "uss_mib" in mem else "rss_mib"
    floor_value = floor_mem.get(key)
    out.append(Figure(
        "dashboard.kernel_memory.after_export", "dashboard",
        "内核内存 · one dashboard kernel after typing and a Word export (USS: memory only it holds)",
        mem[key], "MiB", 1, key.split("_")[0],
        comparisons=[Comparison("empty ipywidgets kernel", floor_value, "MiB", 1,
                                note=str(floor_mem))],
        details={"dashboard": mem, "floor": floor_mem},
        note="psutil memory_full_info of the session's ipykernel process; the Word file is "
             "written in a forked child (workbench.forked)."))
    if floor_value:
        out.append(Figure(
            "dashboard.kernel_memory.ratio", "dashboard",
            "内核内存 · dashboard kernel after an export over an empty ipywidgets kernel",
            round(mem[key] / floor_value, 2), "×", 1, key.split("_")[0], target=1.3,
            target_text="≤ 1.3× the empty kernel"))
    return out


def run(ctx: Context) -> list[Figure]:
    """Return the dashboard figures (starts Voilà servers and Chromium on 127.0.0.1)."""
    if not DASHBOARD.exists():
        return [Figure("dashboard.first_preview.cold", "dashboard", "看板首屏", None, "ms", 0,
                       note="notebooks/dashboard.ipynb not there yet")]
    return asyncio.run(_run(ctx))
