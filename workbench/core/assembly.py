"""Assembly: a draft -> the document tree, with numbering and the announced count computed."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from .facts import display
from .grammar import MEETING_DATE, SpokenDate, TextValue
from .nodes import (
    Block,
    Document,
    Heading,
    Inline,
    Paragraph,
    RunIn,
    Salutation,
    Slot,
    SpeakerLine,
    Text,
    Title,
    editable_text,
    plain_text,
)
from .nodes import generated_text as block_generated_text
from .numbering import (
    ENUMERATION,
    FINAL_MARKS,
    ORDER,
    PART,
    SENTENCE_END,
    count_numeral,
    format_ordinal,
    strip_final,
)
from .patterns import (
    DEFAULT_PATTERN,
    ItemContent,
    PartContent,
    PointContent,
    Wording,
    get_pattern,
)
from .roundtrip import with_added
from .runcache import RunCache
from .templates import SCRIPT
from .textfields import Condition, TextField, fact_view, split_slots

if TYPE_CHECKING:
    from .draft import Draft
    from .templates import FormSpec, PartSpec, SpeechTemplate

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class AssemblyCache(RunCache):
    """What the last assembly made of each text field, for the next one to reuse.

    A text field's inlines depend only on its source and the values of the facts it
    names, so while a writer types one fact, the fields that do not name it are not
    rendered again; a part laid out in its pattern depends only on its fields, its
    conditions and the pattern, so a part whose facts did not change keeps its
    paragraphs (the same node objects, which lets the HTML renderer keep their HTML
    too). The cost of an assembly follows the text the change touches. Kept one
    assembly back (`RunCache`), so it never grows with a session's history.
    """


def _plain(value: Any) -> Hashable:
    """Return a fact value as a key: what makes two values read differently."""
    if isinstance(value, TextValue):
        return (str(value), value.kind_override, value.short_override)
    if isinstance(value, SpokenDate):
        return (value.date, value.meeting)
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    return value


class _Context:
    """Renders template text against a draft's facts into inlines."""

    def __init__(self, template: SpeechTemplate, facts: Mapping[str, Any], parts_count: int,
                 cache: AssemblyCache | None = None):
        self.cache = cache
        self.labels = {f.id: f.label for f in template.facts}
        self.values: dict[str, Any] = spoken_values(template, facts)
        self.values["parts_count"] = count_numeral(parts_count)
        for spec in template.facts:
            if spec.type == "text":
                self.labels.setdefault(f"{spec.id}_kind", f"{spec.label}类别（县/区/市）")
        self.facts = facts

    def is_given(self, condition: Condition | None) -> bool:
        return condition is None or condition.holds(self.values)

    def _cached(self, kind: str, field: TextField, make: Any) -> Any:
        if self.cache is None:
            return make()
        try:
            # a slot shows its fact's label, which another template may word differently
            key = (kind, field.source, self._views(field.reads))
            hash(key)
        except TypeError:  # a value no key can hold: render it every time
            return make()
        return self.cache.get(key, make)

    def _views(self, reads: Any) -> tuple[Hashable, ...]:
        """What the facts look like through `reads` ((name, filter) pairs, in order), with
        the labels a slot for them would show."""
        out = []
        for name, grammar in sorted(reads, key=lambda pair: (pair[0], pair[1] or "")):
            if grammar is None:
                out.append((name, None, _plain(self.values.get(name)), self.labels.get(name)))
            else:
                out.append((name, grammar, fact_view(name, grammar, self.values),
                            self.labels.get(name), self.labels.get(f"{name}_{grammar}")))
        return tuple(out)

    def inlines(self, field: TextField) -> tuple[Inline, ...]:
        return self._cached("i", field, lambda: self._inlines(field))

    def node(self, children: tuple[Any, ...], make: Any, *key: Hashable) -> Any:
        """The block `make()` builds around `children` (inlines this context handed out):
        the last assembly's very node when it wrapped the same inlines under the same
        `key`, so the HTML renderer can keep its HTML too."""
        if self.cache is None:
            return make()
        return self.cache.get(("node", id(children), *key), lambda: (children, make()))[1]

    def paragraph(self, children: tuple[Inline, ...], pid: str, section: str,
                  role: str = "body") -> Paragraph:
        """A paragraph of `children` (see `node`)."""
        return self.node(children, lambda: Paragraph(children, id=pid, section=section, role=role),
                         pid, section, role)

    def heading(self, children: tuple[Inline, ...], ordinal: str, pid: str, section: str) -> Heading:
        """A part's heading of `children`, its final mark dropped (see `node`)."""
        return self.node(children, lambda: Heading(1, ordinal, _strip_final(children), id=pid,
                                                   section=section), "h1", ordinal, pid, section)

    def part_key(self, part: PartSpec, form: str) -> Hashable | None:
        """Return what `part` laid out in `form` depends on, or None without a cache (or
        for a value no key can hold). The key names the part by id: the cached value
        holds the part, so the id stays its own while the entry lives."""
        if self.cache is None:
            return None
        reads = self.cache.get(("reads", id(part), form), lambda: (part, _part_reads(part, form)))[1]
        key = ("part", id(part), form, self._views(reads))
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _inlines(self, field: TextField) -> tuple[Inline, ...]:
        text = field.render(self.values) if not field.is_plain else field.source
        return self.convert(" ".join(line.strip() for line in text.splitlines()).strip())

    def paragraphs(self, field: TextField | None) -> list[tuple[Inline, ...]]:
        if field is None:
            return []
        return list(self._cached("p", field, lambda: self._paragraphs(field)))

    def _paragraphs(self, field: TextField) -> tuple[tuple[Inline, ...], ...]:
        text = field.render(self.values) if not field.is_plain else field.source
        out = []
        for chunk in _PARAGRAPH_BREAK.split(text):
            joined = "".join(line.strip() for line in chunk.splitlines()).strip()
            if joined:
                out.append(self.convert(joined))
        return tuple(out)

    def convert(self, text: str) -> tuple[Inline, ...]:
        return tuple(
            Slot(piece, self.labels.get(piece, piece)) if is_slot else Text(piece)
            for piece, is_slot in split_slots(text)
        )


def spoken_values(template: SpeechTemplate, facts: Mapping[str, Any]) -> dict[str, Any]:
    """Return the fact values as template text reads them: text facts that know their
    companions (``place_kind``, ``place_short``), dates said relative to the meeting's."""
    values: dict[str, Any] = dict(facts)
    meeting = facts.get(MEETING_DATE)
    meeting = meeting if isinstance(meeting, _dt.date) else None
    for spec in template.facts:
        value = values.get(spec.id)
        if value is None:
            continue
        if spec.type == "text" and isinstance(value, str):
            kind, short = facts.get(f"{spec.id}_kind"), facts.get(f"{spec.id}_short")
            values[spec.id] = TextValue(value, spec.id, str(kind) if kind else None,
                                        str(short) if short else None)
        elif spec.type == "date" and spec.id != MEETING_DATE and isinstance(value, _dt.date):
            values[spec.id] = SpokenDate(value, meeting)
    return values


def part_content(part: PartSpec, ctx: _Context, form: str | None = None) -> PartContent:
    """Return `part`'s content with facts filled in and conditional points resolved,
    with the part's own wording for `form` when the template wrote it."""
    points = []
    for point in part.points:
        if not ctx.is_given(point.when):
            continue
        items = tuple(
            ItemContent(ctx.inlines(item.key), ctx.inlines(item.text))
            for item in point.items
            if ctx.is_given(item.when)
        )
        points.append(PointContent(
            id=point.id,
            key=ctx.inlines(point.key),
            heading=_strip_final(ctx.inlines(point.heading)),
            body=tuple(ctx.paragraphs(point.body)),
            items=items,
        ))
    spec = part.forms.get(form) if form else None
    return PartContent(part.id, tuple(points), _wording(spec, ctx, [p.id for p in points]))


def _wording(spec: FormSpec | None, ctx: _Context, present: list[str]) -> Wording | None:
    if spec is None:
        return None
    return Wording(
        phrases={pid: ctx.inlines(field) for pid, field in spec.phrases.items() if pid in present},
        lead=ctx.inlines(spec.lead) if spec.lead else (),
        end=ctx.inlines(spec.end) if spec.end else (),
        sep=spec.sep,
        keyword=spec.keyword,
        measure=spec.measure,
        sides=tuple((ctx.inlines(side.text), tuple(p for p in side.points if p in present))
                    for side in spec.sides),
    )


def _part_reads(part: PartSpec, form: str) -> tuple[tuple[str, str | None], ...]:
    """Every (fact, filter) `part`'s content in `form` reads (`TextField.reads`): its
    points' and items' fields and conditions (a condition reads the value itself), and
    the form's own wording."""
    fields: list[TextField | None] = []
    reads: set[tuple[str, str | None]] = set()
    for point in part.points:
        fields += [point.key, point.heading, point.body]
        reads |= {(n, None) for n in point.when.names} if point.when else set()
        for item in point.items:
            fields += [item.key, item.text]
            reads |= {(n, None) for n in item.when.names} if item.when else set()
    spec = part.forms.get(form)
    if spec is not None:
        fields += [*spec.phrases.values(), spec.lead, spec.end, *(side.text for side in spec.sides)]
    for field in fields:
        if field is not None:
            reads |= field.reads
    return tuple(sorted(reads, key=lambda pair: (pair[0], pair[1] or "")))


def _strip_final(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if children and isinstance(children[-1], Text) and children[-1].text[-1:] in FINAL_MARKS:
        trimmed = strip_final(children[-1].text)
        return (*children[:-1], Text(trimmed)) if trimmed else children[:-1]
    return children


def assemble(draft: Draft, cache: AssemblyCache | None = None) -> Document:
    """Return the document tree for `draft`, in the part order the writer chose.

    With a `cache` (one per session: the UI state's), text fields whose facts did not
    change since the cache's last assembly are not rendered again; the tree is the same.

    An unfilled fact becomes a `Slot` node, so every renderer can show it; nothing here
    raises for missing facts. Numbering and the announced count are computed from the
    parts included. A form that cannot take a part's content (e.g. a condition dropped
    points below its minimum) falls back to the default form, with a note.
    """
    template = draft.template
    included = [s for s in draft.sections if s.include and _part_when(template, s.id, draft)]
    counted = [s for s in included if template.counts_as_part(template.part(s.id))]
    if cache is not None:
        cache.begin()
    try:
        return _assemble(draft, template, included, counted,
                         _Context(template, draft.facts, len(counted), cache))
    finally:
        if cache is not None:
            cache.end()


def _assemble(draft: Draft, template: SpeechTemplate, included: list[Any], counted: list[Any],
              ctx: _Context) -> Document:
    if template.genre == SCRIPT:
        ctx.values["agenda"] = _agenda(template, counted, draft.heading_pattern, ctx)
    blocks: list[Block] = []
    notes: list[str] = []

    opening = template_choice(template.openings, draft.opening)
    for n, para in enumerate(ctx.paragraphs(opening.text)):
        blocks.append(ctx.paragraph(para, f"opening.{n}", "opening", "opening"))
    if counted and template.transition.source:
        blocks.append(ctx.paragraph(ctx.inlines(template.transition), "transition", "opening",
                                    "transition"))

    number = 0
    for section in included:
        spec = template.part(section.id)
        intro = ctx.paragraphs(spec.intro)
        if template.genre == SCRIPT:
            if spec.agenda:
                number += 1
                intro = _agenda_item(spec, number, draft.heading_pattern, ctx, intro, blocks)
            for k, para in enumerate(intro, 1 if spec.agenda else 0):
                blocks.append(ctx.paragraph(para, f"{spec.id}.intro.{k}", spec.id))
        else:
            number += 1
            blocks.append(ctx.heading(ctx.inlines(_heading(spec, draft.heading_pattern)),
                                      format_ordinal(PART, number), f"{spec.id}.h", spec.id))
            for k, para in enumerate(intro):
                blocks.append(ctx.paragraph(para, f"{spec.id}.intro.{k}", spec.id))
        laid, note = _laid_out(spec, section.pattern, ctx)
        blocks.extend(laid)
        if note:
            notes.append(note)

    closing = template_choice(template.closings, draft.closing)
    for n, para in enumerate(ctx.paragraphs(closing.text)):
        blocks.append(ctx.paragraph(para, f"closing.{n}", "closing", "closing"))

    # The Word round trip (core/roundtrip.py): paragraphs a reviewer added join the blocks
    # before the edits apply (a writer may edit them too); those deleted are left out.
    record = draft.roundtrip
    if record.added:
        blocks = with_added(blocks, record.added, ctx.convert, ctx.values)
    blocks = [_apply_edit(b, draft.edits, ctx) for b in blocks]
    if record.deleted:
        gone = set(record.deleted)
        blocks = [b for b in blocks if b.id not in gone]
    line = template.speaker_line
    show_speaker = bool(line.source) and (
        not line.names or any(draft.facts.get(name) for name in line.names)
    )
    return Document(
        title=_head_edit(Title(ctx.inlines(template.title)), "title", draft.edits, ctx),
        speaker_line=(_head_edit(SpeakerLine(ctx.inlines(line)), "speaker", draft.edits, ctx)
                      if show_speaker else None),
        salutation=_head_edit(Salutation(ctx.inlines(template.salutation)), "salutation",
                              draft.edits, ctx),
        blocks=tuple(blocks),
        template_id=template.id,
        part_ids=tuple(s.id for s in included),
        notes=tuple(notes),
        facts=tuple((k, display(v)) for k, v in draft.facts.items() if not isinstance(v, bool)),
    )


def _laid_out(spec: PartSpec, form: str, ctx: _Context) -> tuple[tuple[Block, ...], str]:
    """Return `spec`'s points laid out in pattern `form` (the last assembly's, when
    nothing they read changed), and a note when the pattern could not take them."""
    def make() -> tuple[PartSpec, tuple[Block, ...], str]:
        content = part_content(spec, ctx, form)
        if not content.points:
            return spec, (), ""
        pattern = get_pattern(form)
        note = ""
        if not pattern.accepts(content):
            note = (f"“{spec.title}”现有 {len(content.points)} 个分论点，"
                    f"不适用句式“{pattern.label}”，已按默认句式排列")
            pattern = get_pattern(DEFAULT_PATTERN)
        return spec, tuple(pattern.layout(content)), note

    key = ctx.part_key(spec, form)
    _, laid, note = make() if key is None or ctx.cache is None else ctx.cache.get(key, make)
    return laid, note


def _heading(spec: PartSpec, heading_pattern: str) -> TextField:
    return spec.headings.get(heading_pattern) or next(iter(spec.headings.values()))


#: How a chair hands over to an agenda item; the item's number is computed (第一项).
AGENDA_LEAD = "下面，进行会议{ordinal}项议程："


def _agenda(template: SpeechTemplate, counted: list[Any], heading_pattern: str,
            ctx: _Context) -> str:
    """Return a script's agenda as the built-in `agenda` reads: 一是…；二是…"""
    items = []
    for n, section in enumerate(counted, 1):
        heading = _heading(template.part(section.id), heading_pattern)
        text = heading.render(ctx.values) if not heading.is_plain else heading.source
        items.append(format_ordinal(ENUMERATION, n) + strip_final(text.strip()))
    return "；".join(items)


def _agenda_item(spec: PartSpec, number: int, heading_pattern: str, ctx: _Context,
                 intro: list[tuple[Inline, ...]], blocks: list[Block]) -> list[tuple[Inline, ...]]:
    """Append a script's agenda item `number`: the computed lead (下面，进行会议第二项议程：),
    the item, and the first paragraph of its hand-over, as one paragraph; return the rest
    of the hand-over."""
    item = _strip_final(ctx.inlines(_heading(spec, heading_pattern)))
    lead = RunIn("connective", AGENDA_LEAD.format(ordinal=format_ordinal(ORDER, number)),
                 (*item, Text("。")))
    first = intro[0] if intro else ()
    blocks.append(Paragraph((lead, *first), id=f"{spec.id}.intro.0", section=spec.id,
                            role="agenda"))
    return intro[1:]


def _part_when(template: SpeechTemplate, part_id: str, draft: Draft) -> bool:
    when = template.part(part_id).when
    return when is None or when.holds(spoken_values(template, draft.facts))


def template_choice(choices: tuple[Any, ...], choice_id: str | None) -> Any:
    """Return the choice with `choice_id`, or the first one."""
    for choice in choices:
        if choice.id == choice_id:
            return choice
    return choices[0]


def _apply_edit(block: Block, edits: Mapping[str, Any], ctx: _Context) -> Block:
    edit = edits.get(block.id) if block.id and block.id != "transition" else None
    if edit is None:
        return block
    children = ctx.convert(edit.render(ctx.values))
    generated = editable_text(block)
    if isinstance(block, Heading):
        return Heading(block.level, block.ordinal, _strip_final(children), block.id,
                       block.section, edited=True, generated=generated)
    first = block.children[0] if block.children else None
    if isinstance(first, RunIn):
        lead, rest = _split_lead(children)
        children = (RunIn(first.kind, first.ordinal, lead), *rest)
    return Paragraph(children, block.id, block.section, block.role, edited=True,
                     generated=generated)


def _head_edit(head: Any, paragraph_id: str, edits: Mapping[str, Any], ctx: _Context) -> Any:
    """Return the title, speaker line or salutation `head` with the writer's edit applied."""
    edit = edits.get(paragraph_id)
    if edit is None:
        return head
    return type(head)(ctx.convert(edit.render(ctx.values)), edited=True,
                      generated=plain_text(head.children))


def generated_text(draft: Draft, paragraph_id: str, document: Document | None = None) -> str | None:
    """Return the text the template gives paragraph `paragraph_id` of `draft`, edits aside.

    Reads `document` (the draft's assembled tree) when given, else assembles once.
    """
    doc = document if document is not None else assemble(draft)
    for block in doc.blocks:
        if block.id == paragraph_id:
            return block_generated_text(block)
    head = head_block(doc, paragraph_id)
    if head is not None:
        return head.generated if head.edited else plain_text(head.children)
    return None


def head_block(document: Document, paragraph_id: str) -> Title | SpeakerLine | Salutation | None:
    """Return the title ("title"), speaker line ("speaker") or salutation ("salutation")
    of `document`, or None."""
    heads = {"title": document.title, "speaker": document.speaker_line,
             "salutation": document.salutation}
    return heads.get(paragraph_id)


def _split_lead(children: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """Split inlines after the first sentence: the run-in heading and the rest."""
    for i, child in enumerate(children):
        if isinstance(child, Text):
            for j, char in enumerate(child.text):
                if char in SENTENCE_END:
                    head = (*children[:i], Text(child.text[: j + 1]))
                    tail_text = child.text[j + 1 :]
                    tail = ((Text(tail_text),) if tail_text else ()) + children[i + 1 :]
                    return head, tail
    return children, ()
