"""Searching the material bank: an inverted index of words and of pinyin initials.

Texts are segmented into words with jieba; a query word finds every indexed word that
contains it (安全 finds 安全生产, 安全感), and a query of several words ranks the
materials holding all of them first. A query in Latin letters is read as pinyin
initials (aqsc finds 安全生产), matched anywhere in a material's initials. Ranking, best
first: how many of the query's words a material holds; then the draft's topic
(`prefer`); then whether it holds each multi-word chunk of the query verbatim; then the
rarer words matched; then the bank's order (the writer's own, the office's, shipped).

Posting lists are Python sets, so intersections and differences run in C; only the few
results shown are ever sorted or turned into `Hit`s.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from heapq import nsmallest
from itertools import combinations, islice
from typing import TYPE_CHECKING

from . import segment
from .forms import get_form

if TYPE_CHECKING:
    from .bank import Material

#: At most this many words of a query count (the rarest are kept).
MAX_QUERY_WORDS = 6

#: Words that say nothing on their own (dropped from a query that has other words).
STOPWORDS = frozenset("的 了 和 与 及 是 在 要 把 对 为 以 也 都 就 而 并 又 等 之 其 这 那 有 着 上 中 个".split())

_CHUNK = re.compile(r"[\s,，、;；。.!！?？:：/|“”\"'‘’（）()《》]+")
_LATIN = re.compile(r"^[a-z]+$")
_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_SEP, _BREAK = "\x1f", "\x1e"

#: Largest set of equally matching materials ordered by how often they say the query's
#: words; a larger one (a huge bank, a common word) keeps the bank's order, for speed.
SCORED_POOL = 2000

#: A pool bigger than 1/DENSE_FACTOR of the bank is ordered by walking the bank.
DENSE_FACTOR = 20

#: Most postings cached per query word (a cache only: cleared when full).
_CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the material, how many of the query's words it holds, and
    whether it is of the draft's topic."""

    material: Material
    matched: int
    words: int
    preferred: bool

    @property
    def has_all_words(self) -> bool:
        """True when the material holds every word of the query."""
        return self.matched == self.words


@dataclass(frozen=True, slots=True)
class _Query:
    words: tuple[str, ...]
    latin: tuple[str, ...]
    phrases: tuple[str, ...]


class MaterialIndex:
    """An inverted index over materials, built on first search.

    Document ids order the results among equals: the bank's order (`materials` as
    given), and materials added later (`add(first=True)`, the writer's new ones) before
    all of them.
    """

    def __init__(self, materials: Iterable[Material] = ()) -> None:
        self._pending: list[Material] = list(materials)
        self._docs: dict[int, Material] = {}
        self._ids: dict[str, int] = {}
        self._texts: dict[int, str] = {}
        self._initials: dict[int, str] = {}
        #: Until the initials are built: each document's words, clause by clause.
        self._tokens: dict[int, str] = {}
        self._has_initials = False
        self._words: dict[str, set[int]] = {}
        self._bigrams: dict[str, set[int]] = {}
        self._forms: dict[str, set[int]] = {}
        self._topics: dict[str, set[int]] = {}
        self._word_chars: dict[str, set[str]] = {}
        self._word_initials: dict[str, str] = {}
        self._cache: dict[tuple[str, str], set[int]] = {}
        self._ranked: list[int] | None = None
        self._next = 0
        self._first = -1
        self._built = False

    # -- building -----------------------------------------------------------------------

    @property
    def is_built(self) -> bool:
        """True once the index has been built (the first search builds it)."""
        return self._built

    def build(self) -> MaterialIndex:
        """Build the index now (segmenting every material); return self."""
        if not self._built:
            pending, self._pending = self._pending, []
            for material in pending:
                self._index(material, self._next)
                self._next += 1
            self._built = True
        return self

    def __len__(self) -> int:
        return len(self._docs) + len(self._pending)

    def clear_cache(self) -> None:
        """Forget the postings remembered for query words (the next queries run cold)."""
        self._cache.clear()

    def add(self, material: Material, first: bool = False) -> None:
        """Index `material` too; with `first`, it ranks before the others among equals."""
        if not self._built:
            if first:
                self._pending.insert(0, material)
            else:
                self._pending.append(material)
            return
        if first:
            doc, self._first = self._first, self._first - 1
        else:
            doc, self._next = self._next, self._next + 1
        self._index(material, doc)
        self._cache.clear()

    def remove(self, material: Material) -> None:
        """Drop `material` (by id) from the index."""
        if not self._built:
            self._pending = [m for m in self._pending if m.id != material.id]
            return
        doc = self._ids.pop(material.id, None)
        if doc is None:
            return
        for table in (self._words, self._bigrams, self._forms, self._topics):
            for docs in table.values():
                docs.discard(doc)
        for store in (self._docs, self._texts, self._initials, self._tokens):
            store.pop(doc, None)
        self._ranked = None
        self._cache.clear()

    def _index(self, material: Material, doc: int) -> None:
        old = self._ids.get(material.id)
        if old is not None:
            self.remove(self._docs[old])
        self._docs[doc] = material
        self._ranked = None
        self._ids[material.id] = doc
        text = material.display_text.lower()
        self._texts[doc] = "".join(text.split())
        seen: set[str] = set()
        clauses: list[list[str]] = [[]]
        # One pass of jieba over the whole text; a token without a letter, digit or Han
        # character (punctuation, spaces) ends a clause (initials never span one).
        for word in segment.cut(text):
            if _WORDY.search(word) is None:
                if clauses[-1]:
                    clauses.append([])
                continue
            seen.add(word)
            clauses[-1].append(word)
        words = self._words
        for word in seen:
            docs = words.get(word)
            if docs is None:
                docs = words[word] = set()
                self._add_word_chars(word)
            docs.add(doc)
        if self._has_initials:
            self._index_initials(doc, clauses)
        else:
            self._tokens[doc] = _BREAK.join(_SEP.join(c) for c in clauses if c)
        self._forms.setdefault(material.form.id, set()).add(doc)
        for topic in material.topics:
            self._topics.setdefault(topic, set()).add(doc)

    def _index_initials(self, doc: int, clauses: list[list[str]]) -> None:
        initials_of = self._initials_of
        parts = ["".join(map(initials_of, clause)) for clause in clauses]
        parts = [p for p in parts if p]
        self._initials[doc] = "|".join(parts)
        bigrams = self._bigrams
        for gram in {p[i:i + 2] for p in parts for i in range(len(p) - 1)}:
            docs = bigrams.get(gram)
            if docs is None:
                docs = bigrams[gram] = set()
            docs.add(doc)

    def build_initials(self) -> MaterialIndex:
        """Build the pinyin-initials part of the index now (the first query in Latin
        letters does it; pypinyin loads then); return self."""
        self.build()
        if not self._has_initials:
            tokens, self._tokens = self._tokens, {}
            for doc, joined in tokens.items():
                self._index_initials(doc, [c.split(_SEP) for c in joined.split(_BREAK) if c])
            self._has_initials = True
        return self

    def _add_word_chars(self, word: str) -> None:
        for char in set(word):
            self._word_chars.setdefault(char, set()).add(word)

    def _initials_of(self, word: str) -> str:
        found = self._word_initials.get(word)
        if found is None:
            found = self._word_initials[word] = segment.initials(word)
        return found

    # -- querying -----------------------------------------------------------------------

    def _parse(self, query: str) -> _Query:
        words: list[str] = []
        latin: list[str] = []
        phrases: list[str] = []
        for chunk in _CHUNK.split(query.lower()):
            if not chunk:
                continue
            if _LATIN.match(chunk):
                latin.append(chunk)
                continue
            found = [w for w in segment.cut(chunk) if _WORDY.search(w)]
            for word in found:
                if _LATIN.match(word):
                    latin.append(word)
                elif word not in words:
                    words.append(word)
            if len(found) > 1:
                phrases.append(chunk)
        meaningful = [w for w in words if w not in STOPWORDS]
        return _Query(tuple(meaningful or words), tuple(dict.fromkeys(latin)), tuple(phrases))

    def _word_docs(self, word: str) -> set[int]:
        key = ("w", word)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        exact = self._words.get(word)
        chars = sorted((self._word_chars.get(c, set()) for c in set(word)), key=len)
        if not chars or not chars[0]:
            candidates: set[str] = set()
        else:
            candidates = chars[0].intersection(*chars[1:])
        found = [self._words[w] for w in candidates if word in w]
        docs: set[int] = set().union(*found) if found else set()
        if exact is not None:
            docs |= exact
        if len(word) >= 3:
            # The word may be split otherwise in a material (安全 隐患 for 安全隐患):
            # the materials holding all its parts, if they hold it verbatim.
            parts = [p for p in segment.cut_for_search(word) if p != word and len(p) >= 2]
            if parts:
                sets = sorted((self._word_docs(p) for p in dict.fromkeys(parts)), key=len)
                both = sets[0].intersection(*sets[1:]) - docs
                texts = self._texts
                docs |= {d for d in both if word in texts[d]}
        self._remember(key, docs)
        return docs

    def _latin_docs(self, letters: str) -> set[int]:
        key = ("i", letters)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self.build_initials()
        if len(letters) == 1:
            docs = {d for d, s in self._initials.items() if letters in s}
        else:
            sets = sorted((self._bigrams.get(letters[i:i + 2], set())
                           for i in range(len(letters) - 1)), key=len)
            candidates = sets[0].intersection(*sets[1:])
            if len(letters) == 2:
                docs = candidates
            else:
                initials = self._initials
                docs = {d for d in candidates if letters in initials[d]}
        self._remember(key, docs)
        return docs

    def _remember(self, key: tuple[str, str], docs: set[int]) -> None:
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = docs

    def _allowed(self, form: str | None, topic: str | None) -> set[int] | None:
        sets = []
        if form:
            sets.append(self._forms.get(get_form(form).id, set()))
        if topic:
            sets.append(self._topics.get(topic, set()))
        if not sets:
            return None
        sets.sort(key=len)
        return sets[0].intersection(*sets[1:])

    def search(self, query: str = "", *, form: str | None = None, topic: str | None = None,
               prefer: Sequence[str] = (), limit: int = 20) -> list[Hit]:
        """Return the best `limit` materials for `query`, best first.

        `query` holds words (segmented with jieba) and/or pinyin initials (Latin
        letters); empty, it lists the materials the filters let through. `form` (an id
        or Chinese name: 排比, parallel) and `topic` filter; materials of a topic in
        `prefer` (the draft's) rank first among equals. Raises KeyError for an unknown form.
        """
        self.build()
        allowed = self._allowed(form, topic) if (form or topic) else None
        if limit <= 0:
            return []
        preferred = set().union(*(self._topics.get(t, set()) for t in prefer)) if prefer else set()
        parsed = self._parse(query) if query.strip() else _Query((), (), ())
        terms = [(w, self._word_docs(w)) for w in parsed.words]
        terms += [(q, self._latin_docs(q)) for q in parsed.latin]
        if not terms:
            pool = set(self._docs) if allowed is None else allowed
            return [self._hit(d, 0, 0, preferred) for d in self._order(pool, preferred, limit)]
        if len(terms) > MAX_QUERY_WORDS:
            terms = sorted(terms, key=lambda t: len(t[1]))[:MAX_QUERY_WORDS]
        sets = [docs if allowed is None else docs & allowed for _, docs in terms]
        total = max(1, len(self._docs))
        weights = [math.log(1 + total / (1 + len(docs))) for _, docs in terms]
        k = len(sets)
        hits: list[Hit] = []
        for size in range(k, 0, -1):
            combos = sorted(combinations(range(k), size), key=lambda c: -sum(weights[i] for i in c))
            for combo in combos:
                group = sorted((sets[i] for i in combo), key=len)
                inside = group[0].intersection(*group[1:])
                for j in range(k):
                    if j not in combo and inside:
                        inside = inside - sets[j]
                if not inside:
                    continue
                need = limit - len(hits)
                if size == k and parsed.phrases:
                    texts = self._texts
                    verbatim = {d for d in inside if all(p in texts[d] for p in parsed.phrases)}
                    ordered = self._order(verbatim, preferred, need, parsed)
                    ordered += self._order(inside - verbatim, preferred, need - len(ordered),
                                           parsed)
                else:
                    ordered = self._order(inside, preferred, need, parsed)
                hits += [self._hit(d, size, k, preferred) for d in ordered]
                if len(hits) >= limit:
                    return hits
        return hits

    def _order(self, pool: set[int], preferred: set[int], need: int,
               query: _Query | None = None) -> list[int]:
        if need <= 0 or not pool:
            return []
        if len(pool) > SCORED_POOL and len(pool) * DENSE_FACTOR > len(self._docs):
            # A pool holding a good share of the bank: walk the bank in its order and stop
            # at `need`, instead of copying or sorting tens of thousands of ids.
            ranked = self._ranked_ids()
            out: list[int] = []
            if preferred:
                out = list(islice((d for d in ranked if d in pool and d in preferred), need))
            if len(out) < need:
                rest = (d for d in ranked if d in pool and d not in preferred)
                out += islice(rest, need - len(out))
            return out
        if not preferred:
            return self._best(pool, need, query)
        first = pool & preferred
        out = self._best(first, need, query)
        if len(out) < need:
            out += self._best(pool - first, need - len(out), query)
        return out

    def _ranked_ids(self) -> list[int]:
        if self._ranked is None:
            self._ranked = sorted(self._docs)
        return self._ranked

    def _best(self, pool: set[int], need: int, query: _Query | None) -> list[int]:
        if query is None or len(pool) > SCORED_POOL or len(pool) <= 1:
            return nsmallest(need, pool)
        # Among equals, the materials that say the query's words more often, in fewer
        # characters, first.
        texts, initials = self._texts, self._initials
        words, latin = query.words, query.latin

        def key(doc: int) -> tuple[float, int]:
            text = texts[doc]
            hits = sum(text.count(w) for w in words) + sum(initials[doc].count(q) for q in latin)
            return (-hits / (20 + len(text)), doc)

        return sorted(pool, key=key)[:need]

    def _hit(self, doc: int, matched: int, words: int, preferred: set[int]) -> Hit:
        return Hit(self._docs[doc], matched, words, doc in preferred)


def search(materials: Iterable[Material], query: str = "", **options: object) -> list[Hit]:
    """Return `MaterialIndex(materials).search(query, **options)` (for one-off searches)."""
    return MaterialIndex(materials).search(query, **options)  # type: ignore[arg-type]
