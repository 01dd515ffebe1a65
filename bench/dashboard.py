"""The dashboard as users feel it, in headless Chromium against a real Voilà server.

- page request → first preview, cold (a kernel starts and runs the notebook) and with
  preheated kernels, against the floor: an empty ipywidgets notebook on the same Voilà;
- a fact typed → the preview showing it (p95), measured inside the page;
- memory of one dashboard kernel after a Word export, against the floor's kernel.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from .context import Context
from .stats import Comparison, Figure, Sample
from .voila import (
    DASHBOARD,
    VoilaServer,
    first_visible,
    launch_browser,
    memory,
    new_context,
    write_floor_notebook,
)

#: What "the dashboard is ready" looks like: the preview page rendered.
PREVIEW = ".wb-preview .wb-page"
FLOOR = ".wb-floor"

#: Kernels kept ready in the preheated runs.
POOL_SIZE = 2

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
    tab = page.get_by_role("tab", name="本地要素")
    if await tab.count():
        await tab.first.click()
    fill = page.locator(".wb-fill-examples")
    if await fill.count():
        await fill.first.click()
    await page.locator(".wb-fact-place input").wait_for(state="visible")
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
                          preheated: int = 0, cached: bool = False) -> Sample:
    """Time `runs` first visits (fresh contexts), or with `cached` returning visits (one
    context whose HTTP cache already holds the page's scripts)."""
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
        if shared is None:
            await context.close()
        # One more kernel: this page's (cold), or the pool's refill (preheated).
        server.wait_kernels(before + 1, timeout=120, idle=True)
    return Sample(values, "ms")


async def _typing(browser: Any, server: VoilaServer, rounds: int) -> tuple[Sample, dict]:
    context = await new_context(browser)
    page = await context.new_page()
    await page.goto(server.url)
    await page.locator(PREVIEW).wait_for(state="visible")
    await open_facts(page)
    for k in range(3):  # warm-up: the first updates compile and cache in kernel and page
        await type_fact(page, f"预热县{k}")
    values = []
    for i in range(rounds):
        values.append(await type_fact(page, f"青山县{i:03d}"))
        await asyncio.sleep(0.3)
    # Export once, then the kernel's memory: what one session holds.
    await page.locator(".wb-export").first.click()
    await page.locator(".wb-download a[download]").wait_for(state="visible")
    kernels = server.kernels()
    mem = memory(kernels[-1]) if kernels else {}
    await context.close()
    return Sample(values, "ms"), mem


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
    scratch: Path = ctx.scratch / "dashboard"
    floor_nb = write_floor_notebook(scratch)
    async with async_playwright() as playwright:
        browser = await launch_browser(playwright)
        try:
            with VoilaServer(floor_nb, scratch / "floor.log", *COLD) as floor:
                ctx.log("floor: empty ipywidgets notebook, cold")
                await _first_previews(browser, floor, FLOOR, 1)  # warm-up
                floor_cold = await _first_previews(browser, floor, FLOOR, runs)
                floor_mem = await _floor_memory(browser, floor)
            with VoilaServer(floor_nb, scratch / "floor-heated.log", "--preheat_kernel=True",
                             f"--pool_size={POOL_SIZE}") as floor:
                ctx.log("floor, preheated")
                floor_hot = await _first_previews(browser, floor, FLOOR, runs, POOL_SIZE)
            with VoilaServer(DASHBOARD, scratch / "dashboard.log", *COLD) as server:
                ctx.log("dashboard, cold")
                await _first_previews(browser, server, PREVIEW, 1)  # warm-up
                cold = await _first_previews(browser, server, PREVIEW, runs)
                ctx.log("dashboard, typing a fact")
                typing, mem = await _typing(browser, server, ctx.repeat(40, 3))
            with VoilaServer(DASHBOARD, scratch / "dashboard-heated.log",
                             "--preheat_kernel=True", f"--pool_size={POOL_SIZE}") as server:
                ctx.log("dashboard, preheated")
                hot = await _first_previews(browser, server, PREVIEW, runs, POOL_SIZE)
                ctx.log("dashboard, preheated, returning visitor (HTTP cache warm)")
                hot_cached = await _first_previews(browser, server, PREVIEW, runs, POOL_SIZE,
                                                   cached=True)
        finally:
            await browser.close()
    return _figures(cold, hot, hot_cached, floor_cold, floor_hot, typing, mem, floor_mem)


def _figures(cold: Sample, hot: Sample, hot_cached: Sample, floor_cold: Sample,
             floor_hot: Sample, typing: Sample, mem: dict, floor_mem: dict) -> list[Figure]:
    pacing = typing_settings()

    def floor(name: str, sample: Sample) -> Comparison:
        return Comparison(name, sample.median, "ms", sample.n, sample.median, sample.p95,
                          "one ipywidgets.HTML, same Voilà and flags")

    how = ("Fresh browser context per run (no HTTP cache); ms from navigation start to the "
           "preview page visible, measured in the page; ratios compare medians.")
    figures = [
        Figure.from_sample("dashboard.first_preview.cold", "dashboard",
                           "看板首屏 · page request → first preview, cold kernel", cold,
                           stat="median", target=3000.0, target_text="≤ 3 s",
                           comparisons=[floor("empty ipywidgets notebook (floor)", floor_cold)],
                           note=how),
        Figure.from_sample("dashboard.first_preview.preheated", "dashboard",
                           f"看板首屏 · the same with preheated kernels (pool of {POOL_SIZE})", hot,
                           stat="median", target=1000.0, target_text="≤ 1 s",
                           comparisons=[floor("empty ipywidgets notebook, preheated (floor)",
                                              floor_hot)],
                           note=how),
        Figure.from_sample("dashboard.first_preview.preheated_cached", "dashboard",
                           "看板首屏 · preheated, returning visitor (scripts in the HTTP cache)",
                           hot_cached, stat="median", target=1000.0, target_text="≤ 1 s",
                           note="One browser context across runs, a new page each time."),
        Figure.from_sample("dashboard.type_to_preview", "dashboard",
                           "输入到预览 · a fact typed → the preview showing it (Chromium)", typing,
                           target=80.0, target_text="p95 ≤ 80 ms", details={"typing": pacing},
                           note="From the last keystroke's input event to the animation frame after "
                                "the preview's text contains the value, measured in the page; "
                                "includes the dashboard's typing throttle (details.typing)."),
    ]
    if mem:
        figures.append(Figure(
            "dashboard.kernel_memory.after_export", "dashboard",
            "内核内存 · one dashboard kernel after a Word export (USS: memory only it holds)",
            mem.get("uss_mib", mem["rss_mib"]), "MiB", 1, "uss" if "uss_mib" in mem else "rss",
            comparisons=[Comparison("empty ipywidgets kernel", floor_mem.get(
                "uss_mib", floor_mem.get("rss_mib")), "MiB", 1, note=str(floor_mem))],
            details={"dashboard": mem, "floor": floor_mem},
            note="psutil memory_full_info of the session's ipykernel process.",
        ))
    return figures


def run(ctx: Context) -> list[Figure]:
    """Return the dashboard figures (starts Voilà servers and Chromium on 127.0.0.1)."""
    if not DASHBOARD.exists():
        return [Figure("dashboard.first_preview.cold", "dashboard", "看板首屏", None, "ms", 0,
                       note="notebooks/dashboard.ipynb not there yet")]
    return asyncio.run(_run(ctx))
