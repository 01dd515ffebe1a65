"""Generated speeches and libraries: long templates and a folder of a thousand templates.

Everything is built from the shipped templates, so the text is real speech prose with
real fact references, `{% if %}` conditions and patterns. Generated files go to a
folder the caller owns (a temporary directory); nothing is written into the project.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from workbench import Draft, parse_template
from workbench.core.loader import SHIPPED_DIR
from workbench.core.text import count_chars

#: The shipped template the long speeches are grown from (a full, typical speech).
BASE_TEMPLATE = "work-style"

#: A fact every shipped template has, changed by the re-render benchmarks.
CHANGED_FACT = "place"


@cache
def shipped_sources() -> dict[str, str]:
    """Return the YAML text of each shipped template, by file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SHIPPED_DIR.glob("*.yaml"))}


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def speech_chars(source: str) -> int:
    """Return the characters (whitespace excluded) of the speech template `source` gives
    with every example fact filled in."""
    draft = Draft(parse_template(source, "<generated>"))
    draft.facts.fill_examples()
    return count_chars(draft.render("text"))


def _part_copy(part: dict[str, Any], n: int, points: int | None = None) -> dict[str, Any]:
    new = copy.deepcopy(part)
    new["id"] = f"{part['id']}-{n}"
    new["title"] = f"{part['title']}（续{n}）"
    if points is not None:
        new["points"] = new["points"][:points]
        new.pop("forms", None)  # a form's wording names every point of the part
        new.pop("pattern", None)  # and the part's default form may need that wording
    return new


def long_template_source(target_chars: int, base: str = BASE_TEMPLATE) -> tuple[str, int]:
    """Return (YAML, chars) of a template whose speech is about `target_chars` long.

    The base template's parts are repeated (as new parts with their own ids) until the
    speech reaches the target; the last copy is cut to the number of points that lands
    closest to it. What each copy adds is measured once on the base template, so growing
    a long speech costs a few renders, not one per part.
    """
    data = yaml.safe_load(shipped_sources()[base])
    data["id"] = f"{base}-{target_chars}"
    parts = data["parts"]
    base_chars = speech_chars(_dump(data))
    adds = [[speech_chars(_dump(dict(data, parts=[*parts, _part_copy(spec, 1, k)]))) - base_chars
             for k in range(1, len(spec["points"]) + 1)] for spec in parts]
    chosen: list[dict[str, Any]] = []
    estimate = base_chars
    n = 0
    while estimate < target_chars:
        n += 1
        index = (n - 1) % len(parts)
        full = adds[index][-1]
        if estimate + full <= target_chars:
            chosen.append(_part_copy(parts[index], n))
            estimate += full
            continue
        k = min(range(len(adds[index])), key=lambda j: abs(estimate + adds[index][j] - target_chars))
        if abs(estimate + adds[index][k] - target_chars) < abs(estimate - target_chars):
            chosen.append(_part_copy(parts[index], n, k + 1))
            estimate += adds[index][k]
        break
    source = _dump(dict(data, parts=[*parts, *chosen]))
    return source, speech_chars(source)


def write_long_template(folder: Path, target_chars: int) -> tuple[Path, int]:
    """Write a template of about `target_chars` into `folder`; return its path and chars."""
    source, chars = long_template_source(target_chars)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{BASE_TEMPLATE}-{target_chars}.yaml"
    path.write_text(source, encoding="utf-8")
    return path, chars


_TEXT_KEYS = {"text", "body", "intro"}


def _vary(node: Any, tag: str) -> Any:
    """Make every prose text of a template unique to `tag`, so no cache can share work."""
    if isinstance(node, dict):
        return {k: (f"{v.rstrip()}（{tag}）\n" if k in _TEXT_KEYS and isinstance(v, str)
                    else _vary(v, tag)) for k, v in node.items()}
    if isinstance(node, list):
        return [_vary(v, tag) for v in node]
    return node


def iter_library_sources(count: int) -> Iterator[tuple[str, str]]:
    """Yield (id, YAML) for `count` distinct templates made from the shipped ones."""
    sources = shipped_sources()
    parsed = {stem: yaml.safe_load(text) for stem, text in sources.items()}
    stems = sorted(parsed)
    for i in range(count):
        stem = stems[i % len(stems)]
        data = _vary(parsed[stem], f"第{i}号")
        data["id"] = f"gen-{i:04d}-{stem}"
        data["occasion"] = f"{data['occasion']}（{i}）"
        yield data["id"], _dump(data)


def write_library(folder: Path, count: int) -> Path:
    """Write `count` generated templates into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for template_id, source in iter_library_sources(count):
        (folder / f"{template_id}.yaml").write_text(source, encoding="utf-8")
    return folder


_SPACES = re.compile(r"\s+")


def speech_text(target_chars: int) -> tuple[str, int]:
    """Return (plain text, chars) of a filled-in speech of about `target_chars`."""
    source, _ = long_template_source(target_chars)
    draft = Draft(parse_template(source, "<generated>"))
    draft.facts.fill_examples()
    text = draft.render("text")
    return text, count_chars(text)


def sized_title(target_chars: int) -> str:
    """The picker title of the generated template of about `target_chars` (see below)."""
    return f"篇幅测试会议讲话（约{target_chars:,}字）"


def write_sized_template(folder: Path, target_chars: int) -> tuple[str, int]:
    """Write a template of about `target_chars` into `folder` under a title of its own
    (`sized_title`), for a dashboard whose `WORKBENCH_TEMPLATES` names `folder`; return
    its title and the characters of its speech."""
    source, chars = long_template_source(target_chars)
    data = yaml.safe_load(source)
    data["id"] = f"sized-{target_chars}"
    data["title"] = sized_title(target_chars)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"sized-{target_chars}.yaml").write_text(_dump(data), encoding="utf-8")
    return data["title"], chars
