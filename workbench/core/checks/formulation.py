"""`formulation`: fixed formulations (规范表述) quoted with an element missing, added or out
of order, or a character or two off, against the dictionary in `core.formulations`.

How it decides:

- **Series** (党政同责、一岗双责、齐抓共管、失职追责) are found as items between 、 ， or
  , inside one sentence (和、及、与、或者 before the last item too). A stretch is compared
  with an entry only when at least one of its items is an element exactly; then it is
  reported when one element is missing (or two of eight or more; of three, only the middle
  one, since 安全第一、预防为主 is itself quoted that way), when its elements are out of
  order, when an item stands between them that is no element, or when an item is one or
  two characters off an element it stands for (慌报 for 谎报). Two elements of a long
  series (党政同责、一岗双责) are a deliberate shortening and never reported.
- **Wordings** of eight or more characters (推动公共安全治理模式向事前预防转型), and long
  series elements, are reported when a stretch of the text starts and ends with their
  first and last two characters and is at most two characters off (similarity at least
  `REPORT_SIMILARITY`). Punctuation is ignored in the comparison, so 、 for ， or
  half-width marks pasted from the web never count.
- Anything that is exactly an entry, a variant or an element is accepted as written.

`iter_issues(text)` returns what was found with the correction; `workbench check --fix`
writes a correction only for a near miss of wrong characters with similarity at least
`FIX_SIMILARITY` (慌报 -> 谎报) and prints the others. The dictionary is read once and
indexed on first use; what a paragraph gave is remembered, so the preview re-reads only
paragraphs that changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from ..formulations import Formulation, FormulationDictionary, default_dictionary
from .finding import Finding, Options
from .speech import Speech

#: A near miss is reported from this similarity on (1 − edits / length of the wording).
REPORT_SIMILARITY = 0.8

#: `--fix` writes a correction only from this similarity on, and only for a near miss of
#: wrong characters (the same length as the correct form): a word left out or added may be
#: deliberate, so that is only offered.
FIX_SIMILARITY = 0.85

#: Most characters a near miss may be off.
MAX_EDITS = 2

#: Shortest wording (Han characters) checked for near misses.
MIN_NEAR_CHARS = 8

#: Paragraph texts whose issues are remembered, per dictionary.
CACHE_SIZE = 8192

_HAN_CLASS = "\u3400-\u9fff"
_NON_HAN = re.compile(rf"[^{_HAN_CLASS}]+")
_HAN_RUN = re.compile(rf"[{_HAN_CLASS}]")
#: A sentence, or a quoted or bracketed stretch: series never cross these marks.
_SENTENCE = re.compile(r"[^。！？；：;:!?…“”\"《》（）()【】\n]+")
_ITEM = re.compile(r"[^、，,]+")
#: Words that join the last item of a series (行业自律和社会监督, 谎报或者瞒报).
_JOINER = re.compile(r"以及|或者|和|及|与|或")
_QUOTES = " \t\u3000“”‘’\"'「」"


@dataclass(frozen=True, slots=True)
class FormulationIssue:
    """A place where a fixed formulation is quoted wrongly.

    `kind` is series (an element missing, added or out of order) or near (a character or
    two off); `offset`/`found` locate the stretch in the paragraph, `replacement` is the
    stretch as it should read, `similarity` how close `found` is to it.
    """

    kind: str
    offset: int
    found: str
    replacement: str
    entry: Formulation
    similarity: float
    details: tuple[str, ...] = ()

    @property
    def is_fixable(self) -> bool:
        """True when `--fix` may write the correction: a near miss of wrong characters
        (no character left out or added) at or above `FIX_SIMILARITY`."""
        return (self.kind == "near" and self.similarity >= FIX_SIMILARITY
                and len(_NON_HAN.sub("", self.found)) == len(_NON_HAN.sub("", self.replacement)))

    @property
    def message(self) -> str:
        """The finding's message: what is wrong, the correct form and its source."""
        where = f"（{self.entry.source}）"
        if self.kind == "near" and self.details:
            return f"{'；'.join(self.details)}：规范表述为“{self.replacement}”{where}"
        if self.kind == "near":
            return (f"“{self.found}”与规范表述“{self.replacement}”{where}不一致，"
                    f"相似度 {self.similarity:.0%}，请核对")
        detail = "；".join(self.details)
        return f"规范表述为“{self.entry.text}”{where}，此处{detail}"


# -- edit distance ----------------------------------------------------------------------------


def edit_distance(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Return the Levenshtein distance of `a` and `b`, or `limit` + 1 when it is larger.

    Only the band of `limit` cells either side of the diagonal is computed, so comparing
    two long wordings costs their length times the band, not the square of the length.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    big = limit + 1
    previous = {j: j for j in range(min(len(b), limit) + 1)}
    for i in range(1, len(a) + 1):
        current: dict[int, int] = {}
        low, high = max(0, i - limit), min(len(b), i + limit)
        best = big
        for j in range(low, high + 1):
            if j == 0:
                value = i
            else:
                value = min(previous.get(j, big) + 1, current.get(j - 1, big) + 1,
                            previous.get(j - 1, big) + (a[i - 1] != b[j - 1]))
            current[j] = value
            best = min(best, value)
        if best > limit:
            return big
        previous = current
    result = previous.get(len(b), big)
    return result if result <= limit else big


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _similarity(found: str, wanted: str) -> float:
    """Return 1 − edits / length of `wanted`, punctuation ignored (at least 0)."""
    found_h, wanted_h = _NON_HAN.sub("", found), _NON_HAN.sub("", wanted)
    return max(0.0, 1 - _levenshtein(found_h, wanted_h) / max(len(wanted_h), 1))


def _allowed_edits(length: int) -> int:
    return 1 if length <= 4 else MAX_EDITS


# -- the index --------------------------------------------------------------------------------


@dataclass
class _Index:
    """What the matcher looks up: elements, their starts and ends, accepted text, wordings."""

    elements: dict[str, tuple[tuple[Formulation, int], ...]] = field(default_factory=dict)
    #: First (last) two characters of an element -> the lengths of the elements so begun
    #: (ended), shortest first.
    starts: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ends: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: Han text of everything accepted as written: entries, variants, elements.
    accepted: set[str] = field(default_factory=set)
    #: First two Han characters -> (entry, Han text) of the wordings checked for near misses.
    wordings: dict[str, list[tuple[Formulation, str]]] = field(default_factory=dict)
    #: Accepted element sequences of a series entry (its variants), by entry id.
    variant_orders: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)
    gate: re.Pattern[str] | None = None


def _build(dictionary: FormulationDictionary) -> _Index:
    index = _Index()
    # Built in lists and sets, kept as tuples: a kernel holds the index all session, and a
    # few hundred small sets and lists cost it about 0.2 MiB more than tuples.
    elements: dict[str, list[tuple[Formulation, int]]] = {}
    starts: dict[str, set[int]] = {}
    ends: dict[str, set[int]] = {}
    for entry in dictionary.values():
        han = _NON_HAN.sub("", entry.text)
        index.accepted.add(han)
        for variant in entry.variants:
            index.accepted.add(_NON_HAN.sub("", variant))
        if entry.is_series:
            orders = set()
            for variant in entry.variants:
                orders.add(tuple(i for i, e in sorted(
                    ((i, e) for i, e in enumerate(entry.elements) if e in variant),
                    key=lambda pair: variant.find(pair[1]))))
            index.variant_orders[entry.id] = orders
            for position, element in enumerate(entry.elements):
                elements.setdefault(element, []).append((entry, position))
                starts.setdefault(element[:2], set()).add(len(element))
                ends.setdefault(element[-2:], set()).add(len(element))
                index.accepted.add(_NON_HAN.sub("", element))
                element_han = _NON_HAN.sub("", element)
                if len(element_han) >= MIN_NEAR_CHARS:
                    index.wordings.setdefault(element_han[:2], []).append((entry, element_han))
        elif len(han) >= MIN_NEAR_CHARS:
            index.wordings.setdefault(han[:2], []).append((entry, han))
    index.elements = {key: tuple(hits) for key, hits in elements.items()}
    index.starts = {key: tuple(sorted(lengths)) for key, lengths in starts.items()}
    index.ends = {key: tuple(sorted(lengths)) for key, lengths in ends.items()}
    if index.wordings:
        by_first: dict[str, set[str]] = {}
        for bigram in index.wordings:
            by_first.setdefault(bigram[0], set()).add(bigram[1])
        branches = [f"{first}(?=[{''.join(sorted(seconds))}])" for first, seconds in by_first.items()]
        index.gate = re.compile("|".join(branches))
    return index


def _index_of(dictionary: FormulationDictionary) -> _Index:
    index = dictionary.index
    if index is None:
        with dictionary.lock:
            index = dictionary.index
            if index is None:
                index = _build(dictionary)
                dictionary.index = index
    return index


# -- series -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """One item of a sentence: its stretch in the paragraph and the elements it matches."""

    start: int
    end: int
    text: str
    #: (entry id, position, start, end, how): how is exact, suffix (an element ends the
    #: item: 严禁迟报) or prefix (an element starts it: 综合治理的方针).
    matches: list[tuple[str, int, int, int, str]] = field(default_factory=list)


def _match_item(item: _Item, index: _Index, entries: dict[str, Formulation]) -> None:
    text = item.text
    hits = index.elements.get(text)
    if hits:
        for entry, position in hits:
            entries[entry.id] = entry
            item.matches.append((entry.id, position, item.start, item.end, "exact"))
        return
    for length in index.ends.get(text[-2:], ()):
        if length < len(text):
            for entry, position in index.elements.get(text[-length:], ()):
                entries[entry.id] = entry
                item.matches.append((entry.id, position, item.end - length, item.end, "suffix"))
    for length in index.starts.get(text[:2], ()):
        if length < len(text):
            for entry, position in index.elements.get(text[:length], ()):
                entries[entry.id] = entry
                item.matches.append((entry.id, position, item.start, item.start + length, "prefix"))


def _may_hold_element(sentence: str, index: _Index) -> bool:
    """Return True when some item of `sentence` is, starts with or ends with an element:
    the cheap test most sentences fail, before any item is built."""
    elements, starts, ends = index.elements, index.starts, index.ends
    for raw in _ITEM.findall(sentence):
        item = raw.strip(_QUOTES)
        if item in elements:
            return True
        lengths = ends.get(item[-2:])
        if lengths is not None and any(item[-k:] in elements for k in lengths):
            return True
        lengths = starts.get(item[:2])
        if lengths is not None and any(item[:k] in elements for k in lengths):
            return True
    return False


def _items(sentence: str, base: int) -> list[_Item]:
    items = []
    for match in _ITEM.finditer(sentence):
        raw = match.group(0)
        text = raw.strip(_QUOTES)
        if not text:
            continue
        start = base + match.start() + (len(raw) - len(raw.lstrip(_QUOTES)))
        items.append(_Item(start, start + len(text), text))
    return items


def _split_joined(items: list[_Item], index: _Index, entries: dict[str, Formulation]) -> list[_Item]:
    """Split items such as 行业自律和社会监督 into their two elements (their entries go
    into `entries`)."""
    out: list[_Item] = []
    for item in items:
        if any(how == "exact" for *_, how in item.matches):
            out.append(item)
            continue
        for match in _JOINER.finditer(item.text):
            left, right = item.text[: match.start()], item.text[match.end():]
            probe_left = _Item(item.start, item.start + len(left), left)
            probe_right = _Item(item.start + match.end(), item.end, right)
            scratch: dict[str, Formulation] = {}
            _match_item(probe_left, index, scratch)
            _match_item(probe_right, index, scratch)
            if any(m[4] != "prefix" for m in probe_left.matches) and any(
                    m[4] != "suffix" for m in probe_right.matches):
                out.extend([probe_left, probe_right])
                entries.update(scratch)
                break
        else:
            out.append(item)
    return out


def _near_element(text: str, wanted: set[str]) -> str | None:
    """Return the element of `wanted` that `text` is one or two characters off, if any.

    The same test a symmetric-deletion index would make (a string both reach by deleting
    at most `_allowed_edits` of their own characters), then the edit distance; `wanted`
    holds the few elements of the series in question, so they are compared directly.
    """
    depth = _allowed_edits(len(text))
    for element in sorted(wanted):
        allowed = _allowed_edits(len(element))
        if abs(len(text) - len(element)) > max(depth, allowed):
            continue
        common = _common_length(text, element)
        if (common >= len(text) - depth and common >= len(element) - allowed
                and edit_distance(text, element, allowed) <= allowed):
            return element
    return None


def _common_length(a: str, b: str) -> int:
    """Return the length of the longest common subsequence of `a` and `b`."""
    row = [0] * (len(b) + 1)
    for ch in a:
        previous = 0
        for j, other in enumerate(b, 1):
            current = row[j]
            row[j] = previous + 1 if ch == other else max(row[j], row[j - 1])
            previous = current
    return row[-1]


def _series_issues(text: str, index: _Index) -> list[FormulationIssue]:
    issues: list[FormulationIssue] = []
    for sentence in _SENTENCE.finditer(text):
        part = sentence.group(0)
        if "、" not in part and "，" not in part and "," not in part and not _JOINER.search(part):
            continue
        if not _may_hold_element(part, index):
            continue
        items = _items(part, sentence.start())
        if len(items) < 2 and not (items and _JOINER.search(items[0].text)):
            continue
        entries: dict[str, Formulation] = {}
        for item in items:
            _match_item(item, index, entries)
        if not entries:
            continue
        items = _split_joined(items, index, entries)
        for item in items:
            if not item.matches:
                _match_item(item, index, entries)
        results = [r for entry in entries.values() for r in _check_series(text, items, entry, index)]
        for result in results:
            if result.issue is None or any(
                other is not result and len(result.items & other.items) >= 2
                and (other.complete or other.total > result.total)
                for other in results
            ):
                continue  # another formulation fits these items better (抗旱 vs 防洪 principles)
            issues.append(result.issue)
    return issues


@dataclass(slots=True)
class _Result:
    """How one stretch of items compares with one series entry."""

    issue: FormulationIssue | None
    items: set[int]
    total: int
    complete: bool


def _joins(previous: tuple[int, int, int, str], current: tuple[int, int, int, str],
           items: list[_Item], i: int, j: int) -> bool:
    """Return True when matched items `i` and `j` can stand in one stretch."""
    if j - i > 3:
        return False
    # An element at the start of an item (综合治理的方针) closes a stretch and one at the
    # end (严禁迟报) opens it, unless the words around it are short (坚持以防为主).
    if previous[3] == "prefix" and items[i].end - previous[2] > 2:
        return False
    return not (current[3] == "suffix" and current[1] - items[j].start > 2)


def _check_series(text: str, items: list[_Item], entry: Formulation,
                  index: _Index) -> list[_Result]:
    """Return how each stretch of `items` that quotes `entry` compares with it."""
    items = list(items)  # edge items may be narrowed below; the caller's list stays
    slots: list[tuple[int, int, int, str] | None] = []
    for item in items:
        found = [(position, start, end, how) for eid, position, start, end, how in item.matches
                 if eid == entry.id]
        # An item that is an element exactly is that element; else prefer the longest.
        found.sort(key=lambda m: (m[3] != "exact", -(m[2] - m[1])))
        slots.append(found[0] if found else None)
    matched = [i for i, slot in enumerate(slots) if slot is not None]
    if len(matched) < 2 and len(entry.elements) > 2:
        return []
    stretches: list[list[int]] = []
    for i in matched:
        current = stretches[-1] if stretches else None
        if current is not None and _joins(slots[current[-1]], slots[i], items, current[-1], i):  # type: ignore[arg-type]
            current.append(i)
        else:
            stretches.append([i])
    return [_check_stretch(text, items, slots, stretch, entry, index) for stretch in stretches]


def _check_stretch(text: str, items: list[_Item], slots: list, stretch: list[int],
                   entry: Formulation, index: _Index) -> _Result:
    """Compare one stretch of items with `entry`: missing, added, out of order, near misses."""
    elements = entry.elements
    n = len(elements)
    positions = {i: slots[i][0] for i in stretch}
    present = set(positions.values())
    exact = len(present)
    first, last = stretch[0], stretch[-1]
    strangers = [i for i in range(first + 1, last) if i not in positions]
    missing = [p for p in range(n) if p not in present]
    # Items next to the stretch may be near misses of missing end elements (迟报、漏报、谎报、满报).
    if missing and first > 0 and min(present) > 0 and slots[first][3] == "exact":
        strangers.insert(0, first - 1)
    if missing and last + 1 < len(items) and max(present) < n - 1 and slots[last][3] == "exact":
        strangers.append(last + 1)
    substitutions: dict[int, int] = {}
    added: list[int] = []
    for i in strangers:
        wanted = {elements[p] for p in range(n) if p not in present and p not in substitutions.values()}
        near = _near_element(items[i].text, wanted) if wanted else None
        if near is None and wanted and (i < first or i > last):
            # An edge item may carry words around the element (严禁慌报): try its end or start.
            for element in sorted(wanted):
                part = items[i].text[-len(element):] if i < first else items[i].text[:len(element)]
                if part != items[i].text and _near_element(part, {element}):
                    near = element
                    offset = items[i].end - len(part) if i < first else items[i].start
                    items[i] = _Item(offset, offset + len(part), part)
                    break
        if near is not None:
            substitutions[i] = elements.index(near)
        elif first < i < last:
            added.append(i)
    present_all = present | set(substitutions.values())
    missing = [p for p in range(n) if p not in present_all]
    order = [positions[i] if i in positions else substitutions[i] for i in range(len(items))
             if i in positions or i in substitutions]
    in_order = all(a < b for a, b in pairwise(order))
    total = len(present_all)
    result = _Result(None, set(positions) | set(substitutions), total,
                     not missing and in_order and not added and not substitutions)
    if tuple(order) in index.variant_orders.get(entry.id, set()) and not substitutions and not added:
        result.complete = True
        return result
    details: list[str] = []
    short = min(len(e) for e in elements) <= 2
    if missing and (
        (n >= 4 and len(missing) == 1 and total >= 3)
        or (n >= 8 and len(missing) <= 2 and total >= 6)
        or (n == 3 and missing == [1] and total == 2)
    ):
        details.append("缺少" + "、".join(f"“{elements[p]}”" for p in missing))
    if not in_order and total >= 2 and (not short or total >= 3):
        details.append("顺序有误")
    if added and total >= 3:
        details.append("多出" + "、".join(f"“{items[i].text}”" for i in added))
    near_ok = exact >= 2 or (exact >= 1 and n == 2 and all(len(elements[p]) >= 4
                                                         for p in substitutions.values()))
    near_details = [f"“{items[i].text}”应为“{elements[p]}”" for i, p in sorted(substitutions.items())]
    if not details and not (near_details and near_ok):
        return result
    span_items = sorted({*stretch, *substitutions})
    start = min(slots[i][1] if i in positions else items[i].start for i in span_items)
    end = max(slots[i][2] if i in positions else items[i].end for i in span_items)
    found = text[start:end]
    if details:
        if near_ok:
            details += near_details
        wanted = entry.text
        result.issue = FormulationIssue("series", start, found, wanted, entry,
                                        _similarity(found, wanted), tuple(details))
        return result
    # Only near misses: the correction replaces those items and keeps the writer's marks.
    fixed = found
    for i, p in sorted(substitutions.items(), reverse=True):
        a, b = items[i].start - start, items[i].end - start
        fixed = fixed[:a] + elements[p] + fixed[b:]
    result.issue = FormulationIssue("near", start, found, fixed, entry, _similarity(found, fixed),
                                    tuple(near_details))
    return result


# -- wordings ---------------------------------------------------------------------------------


def _wording_issues(text: str, index: _Index) -> list[FormulationIssue]:
    if index.gate is None:
        return []
    han = _NON_HAN.sub("", text)
    issues = []
    taken = -1
    for hit in index.gate.finditer(han):
        i = hit.start()
        if i < taken:
            continue
        for entry, wording in index.wordings.get(han[i:i + 2], ()):
            size = len(wording)
            # The last two characters must stand where the wording ends, give or take.
            if wording[-2:] not in han[i + size - MAX_EDITS - 2: i + size + MAX_EDITS]:
                continue
            if han.startswith(wording, i):
                taken = i + size
                break
            best: tuple[int, int] | None = None
            for j in range(i + size - MAX_EDITS, i + size + MAX_EDITS + 1):
                if j > len(han) or han[j - 2:j] != wording[-2:]:
                    continue
                distance = edit_distance(han[i:j], wording)
                if distance <= MAX_EDITS and (best is None or distance < best[0]):
                    best = (distance, j)
            if best is None:
                continue
            distance, j = best
            similarity = 1 - distance / size
            if similarity < REPORT_SIMILARITY or han[i:j] in index.accepted:
                continue
            positions = [m.start() for m in _HAN_RUN.finditer(text)]
            start, end = positions[i], positions[j - 1] + 1
            wanted = entry.text if wording == _NON_HAN.sub("", entry.text) else \
                next(e for e in entry.elements if _NON_HAN.sub("", e) == wording)
            issues.append(FormulationIssue("near", start, text[start:end], wanted, entry, similarity))
            taken = j
            break
    return issues


# -- the rule ---------------------------------------------------------------------------------


def iter_issues(text: str, dictionary: FormulationDictionary | None = None) -> tuple[FormulationIssue, ...]:
    """Return the formulations quoted wrongly in paragraph `text`, by offset."""
    dictionary = dictionary if dictionary is not None else default_dictionary()
    cache = dictionary.cache
    found = cache.get(text)
    if found is not None:
        return found
    index = _index_of(dictionary)
    issues = _series_issues(text, index)
    spans = [(i.offset, i.offset + len(i.found)) for i in issues]
    for issue in _wording_issues(text, index):
        end = issue.offset + len(issue.found)
        if not any(a < end and issue.offset < b for a, b in spans):
            issues.append(issue)
    result = tuple(sorted(issues, key=lambda i: i.offset))
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[text] = result
    return result


def correct(text: str, dictionary: FormulationDictionary | None = None,
            ) -> tuple[str, list[FormulationIssue], list[FormulationIssue]]:
    """Return `text` with its fixable near misses corrected, the issues fixed, and the
    issues only offered (a series problem, or a near miss below `FIX_SIMILARITY`)."""
    fixed, offered = [], []
    out = text
    for issue in sorted(iter_issues(text, dictionary), key=lambda i: -i.offset):
        if issue.is_fixable and out[issue.offset: issue.offset + len(issue.found)] == issue.found:
            out = out[: issue.offset] + issue.replacement + out[issue.offset + len(issue.found):]
            fixed.append(issue)
        else:
            offered.append(issue)
    return out, fixed[::-1], offered[::-1]


def dictionary_of(options: Options) -> FormulationDictionary:
    """Return the dictionary the checks use: `options.extra["formulations"]` or the default."""
    dictionary = options.extra.get("formulations")
    return dictionary if isinstance(dictionary, FormulationDictionary) else default_dictionary()


def check_formulations(speech: Speech, options: Options) -> Iterator[Finding]:
    """`formulation`: fixed formulations with an element missing, added or out of order,
    or a character or two off; the message gives the correct form and its source."""
    dictionary = dictionary_of(options)
    for error in dictionary.errors:
        yield Finding("formulation", f"规范表述词典未能载入：{error}", severity="info")
    for line in speech.lines:
        if line.kind in ("speaker", "salutation"):
            continue
        for issue in iter_issues(line.text, dictionary):
            severity = "error" if issue.kind == "series" else "warning"
            yield Finding("formulation", issue.message, line.part, line.paragraph, issue.offset,
                          severity)
