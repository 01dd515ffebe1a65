"""Points without ordinals: paragraphs led by a connective series or by a bold sentence.

The forms that sum a part up (对比, 递进, 首先其次, 排比) write no （一） and no 1.: each
point is a paragraph that opens with a connective of a known series (一方面，…另一方面，…)
or with its heading sentence in bold. `led_points` finds such paragraphs in a part
without sub-headings, so a speech written with those forms (our own exports among them)
gives back its points.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..numbering import match_ordinal
from ..patterns.forms import CONNECTIVES
from ..patterns.rhetoric import ESCALATION
from .items import first_sentence, split_items
from .outline import Point

#: How 对比 leads its points: 一方面 and 另一方面 open the two sides, 同时 goes on within one.
CONTRAST = ("一方面，", "另一方面，", "同时，", "此外，", "再者，")

#: Connective series: (the word that opens the series, the words that go on with it).
SERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (f"{CONNECTIVES[0]}，", (*(f"{w}，" for w in CONNECTIVES[1:]), "最后，")),
    (CONTRAST[0], CONTRAST[1:]),
    (ESCALATION[0], (*ESCALATION[1], ESCALATION[2])),
)


def led_points(texts: Sequence[str], leads: Sequence[str]) -> tuple[list[str], list[Point]] | None:
    """Return (the intro paragraphs, the points) when two or more of the paragraphs
    `texts` are led by one connective series or by a bold sentence (`leads`, "" for
    none); None when they are not. Paragraphs between two leads belong to the point
    before them."""
    found = _by_connectives(texts) or _by_bold_leads(texts, leads)
    if found is None:
        return None
    starts, markers = found
    points = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(texts)
        marker = markers[n]
        first = texts[start]
        if marker is None:  # a bold lead
            lead = leads[start]
            heading, rest, marker = lead.rstrip("。！？!?"), first[len(lead):].strip(), ""
        else:
            heading, _, rest = first_sentence(first[len(marker):])
        rest = "\n".join(t for t in [rest, *texts[start + 1: stop]] if t)
        body, inner = split_items(rest)
        points.append(Point(heading, body if inner else rest, inner, runin=True, level=0,
                            marker=marker))
    return list(texts[: starts[0]]), points


def _by_connectives(texts: Sequence[str]) -> tuple[list[int], list[str | None]] | None:
    for opener, followers in SERIES:
        first = next((i for i, t in enumerate(texts) if t.startswith(opener)), None)
        if first is None:
            continue
        starts, markers = [first], [opener]
        for i in range(first + 1, len(texts)):
            word = next((w for w in followers if texts[i].startswith(w)), None)
            if word is not None:
                starts.append(i)
                markers.append(word)
        if len(starts) >= 2:
            return starts, list(markers)
    return None


def _by_bold_leads(texts: Sequence[str],
                   leads: Sequence[str]) -> tuple[list[int], list[str | None]] | None:
    starts = [i for i, lead in enumerate(leads)
              if lead and match_ordinal(lead, tolerant=True) is None and texts[i].startswith(lead)]
    if len(starts) < 2:
        return None
    return starts, [None] * len(starts)
