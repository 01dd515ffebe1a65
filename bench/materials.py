"""The material bank (素材库): index build for the shipped bank, search over 100,000 entries.

- `materials.index.shipped`: build the index (jieba words, pinyin initials) of the shipped
  bank, the segmenter's dictionary already loaded (that costs once a process; its own
  figure, `materials.first_use.shipped`, is taken in a fresh process).
- `materials.search.100k`: p95 of a mix of queries (words, several words, initials,
  filters, the draft's topic first) over 100,000 generated entries, each query's cache
  cleared first.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time

from workbench.core.materials import FORMS, TOPICS, Material, load_bank, segment
from workbench.core.materials.search import MaterialIndex
from workbench.core.textfields import TextField

from .context import ROOT, Context
from .stats import Figure, Sample, time_calls

#: Entries in the generated bank.
COUNT = 100_000

#: The queries timed, in turn: (words, form, topic, preferred topics).
QUERIES: tuple[tuple[str, str | None, str | None, tuple[str, ...]], ...] = (
    ("安全", None, None, ("安全生产",)),
    ("责任", None, None, ()),
    ("群众", None, None, ("民生",)),
    ("压实 责任", None, None, ("安全生产",)),
    ("安全生产", None, None, ()),
    ("隐患 排查 整改", None, None, ("安全生产",)),
    ("项目 投资", None, "经济发展", ()),
    ("aqsc", None, None, ()),
    ("zr", None, None, ("作风",)),
    ("qz", "排比", None, ()),
    ("服务", "排比", None, ("营商环境",)),
    ("防汛 转移 群众", None, None, ("防汛",)),
    ("", "标题组", "防汛", ()),
    ("", None, None, ("党建",)),
    ("生态 保护", "对比", None, ()),
    ("落实", None, "通用", ()),
    ("支部 党员", None, None, ("党建",)),
    ("产业 振兴 农民", None, None, ("乡村振兴",)),
    ("营商环境", None, None, ("营商环境",)),
    ("jj", None, None, ()),
)

_CLAUSE = re.compile(r"[，；。：！？]")

_FIRST_USE = """
import json, sys, time
t0 = time.perf_counter()
from workbench.core.materials import load_bank
bank = load_bank(user=False)
t1 = time.perf_counter()
hits = bank.search("压实责任")
t2 = time.perf_counter()
bank.search("安全 隐患")
t3 = time.perf_counter()
bank.search("aqsc")
t4 = time.perf_counter()
print(json.dumps({"load_ms": (t1 - t0) * 1e3, "first_search_ms": (t2 - t1) * 1e3,
                  "second_search_ms": (t3 - t2) * 1e3, "first_initials_ms": (t4 - t3) * 1e3,
                  "hits": len(hits)}))
"""


def generated_bank(count: int, seed: int = 15) -> list[Material]:
    """Return `count` entries recombined from the clauses of the shipped bank."""
    shipped = list(load_bank(user=False))
    clauses = sorted({c for m in shipped for c in _CLAUSE.split(m.display_text) if len(c) >= 4})
    rng = random.Random(seed)
    forms = [f for f in FORMS if f.id != "headings"]
    out = []
    for i in range(count):
        text = "，".join(rng.sample(clauses, rng.randint(2, 4)))
        topics = tuple(rng.sample(TOPICS, rng.choice((1, 1, 2))))
        out.append(Material(f"gen-{i}", rng.choice(forms), text, topics,
                            fields=(TextField(text),), origin="office"))
    return out


def _first_use() -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _FIRST_USE], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> list[Figure]:
    """Return the material bank's figures."""
    figures = []
    _first_use()  # warm-up: .pyc files and jieba's dictionary cache on disk
    cold = [_first_use() for _ in range(ctx.repeat(5, 1))]
    figures.append(Figure.from_sample(
        "materials.first_use.shipped", "materials",
        "素材库首次检索 · fresh process: load the shipped bank, then the first search",
        Sample([c["first_search_ms"] for c in cold]), stat="median",
        details={key: round(Sample([c[key] for c in cold]).median, 1)
                 for key in ("load_ms", "second_search_ms", "first_initials_ms")},
        note="The first search loads jieba's dictionary (from its cache file) and builds the "
             "word index; the first search in Latin letters (first_initials_ms) loads pypinyin "
             "and adds the initials. Both happen when the writer first searches in 逐段修改, "
             "never before the dashboard's first preview."))

    bank = load_bank(user=False)
    materials = list(bank)
    MaterialIndex(materials[:5]).build_initials()  # jieba and pypinyin loaded, as after use
    ctx.log(f"index build, shipped bank of {len(materials)} entries")
    parts: dict[str, list[float]] = {"words": [], "initials": []}

    def build(i: int) -> None:
        segment.forget_initials()
        start = time.perf_counter()
        index = MaterialIndex(materials).build()
        middle = time.perf_counter()
        index.build_initials()
        parts["words"].append((middle - start) * 1e3)
        parts["initials"].append((time.perf_counter() - middle) * 1e3)

    sample = time_calls(build, ctx.repeat(15, 2), ctx.warmup(2))
    figures.append(Figure.from_sample(
        "materials.index.shipped", "materials",
        f"素材库索引 · build the whole index of the shipped bank ({len(materials)} entries)",
        sample, target=200.0, target_text="p95 ≤ 200 ms",
        details={"entries": len(materials),
                 "words_ms_median": round(Sample(parts["words"][-sample.n:]).median, 1),
                 "initials_ms_median": round(Sample(parts["initials"][-sample.n:]).median, 1)},
        note="Words (jieba, precise mode with HMM, over every text) on the first search, pinyin "
             "initials of every word on the first search in Latin letters; the segmenter's "
             "dictionary and pypinyin already loaded (see materials.first_use.shipped)."))

    count = 2_000 if ctx.quick else COUNT
    generated = generated_bank(count)
    ctx.log(f"index build, {count} generated entries")
    start = time.perf_counter()
    index = MaterialIndex(generated).build()
    built_ms = (time.perf_counter() - start) * 1e3
    figures.append(Figure(
        f"materials.index.{count // 1000}k", "materials",
        f"素材库索引 · build the index of {count:,} generated entries", built_ms, "ms", 1,
        stat="median", median=built_ms, p95=built_ms, details={"entries": count}))

    def one(i: int) -> None:
        words, form, topic, prefer = QUERIES[i % len(QUERIES)]
        index.clear_cache()
        index.search(words, form=form, topic=topic, prefer=prefer, limit=30)

    sample = time_calls(one, ctx.repeat(20 * len(QUERIES), len(QUERIES)), len(QUERIES))
    per_query = {}
    for q, (words, form, topic, _prefer) in enumerate(QUERIES):
        times = [v for i, v in enumerate(sample.values) if i % len(QUERIES) == q]
        label = " ".join(x for x in (words, form or "", topic or "") if x) or "（浏览）"
        per_query[label] = round(max(times), 2)
    hits = {w or "（浏览）": len(index.search(w, form=f, topic=t, prefer=p, limit=30))
            for w, f, t, p in QUERIES[:6]}
    figures.append(Figure.from_sample(
        f"materials.search.{count // 1000}k", "materials",
        f"素材检索 · search {count:,} entries: words, initials, filters, topic first", sample,
        target=20.0, target_text="p95 ≤ 20 ms",
        details={"entries": count, "queries": len(QUERIES), "limit": 30,
                 "worst_ms_per_query": per_query, "hits": hits},
        note="Each query's postings cache is cleared before it runs (a cold query). Entries "
             "are clauses of the shipped bank recombined at random (2–4 clauses, 1–2 topics)."))
    return figures
