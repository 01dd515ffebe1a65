"""The document tree every renderer walks: blocks (title, headings, paragraphs) of inlines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: An unfilled fact as it reads in plain text is its label in these brackets: 【地名】.
SLOT_BRACKETS = ("【", "】")

#: A slot as it reads in text (a picker's title, a pasted or edited paragraph).
SLOT_TEXT = re.compile(r"【[^】\n]{1,40}】")


def slot_text(label: str) -> str:
    """Return how the slot of a fact labelled `label` reads in plain text: 【label】."""
    return f"{SLOT_BRACKETS[0]}{label}{SLOT_BRACKETS[1]}"


# -- inlines ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """A key phrase shown bold (an enumeration item's key)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Slot:
    """An unfilled fact, shown as 【label】 and highlighted by every renderer."""

    fact: str
    label: str

    @property
    def text(self) -> str:
        """The slot as it reads in plain text."""
        return slot_text(self.label)


@dataclass(frozen=True, slots=True)
class RunIn:
    """The lead of a paragraph: a computed ordinal and the heading sentence after it.

    `kind` says how it looks: "h2" (（一）, 楷体), "h3" (1., bold 仿宋), "item" (一是 with the
    key phrase bold) or "connective" (首先, plain).
    """

    kind: str
    ordinal: str
    children: tuple[Inline, ...]


Inline = Text | Strong | Slot | RunIn

# -- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Title:
    """The speech's title (标题)."""

    children: tuple[Inline, ...]
    #: True when the writer (or a reviewer's edited file) replaced the template's text.
    edited: bool = False
    #: When `edited`: the text the template gives this line.
    generated: str = ""


@dataclass(frozen=True, slots=True)
class SpeakerLine:
    """The line under the title with speaker and date (题注)."""

    children: tuple[Inline, ...]
    #: True when the writer (or a reviewer's edited file) replaced the template's text.
    edited: bool = False
    #: When `edited`: the text the template gives this line.
    generated: str = ""


@dataclass(frozen=True, slots=True)
class Salutation:
    """The salutation on its own line, flush left (称谓)."""

    children: tuple[Inline, ...]
    #: True when the writer (or a reviewer's edited file) replaced the template's text.
    edited: bool = False
    #: When `edited`: the text the template gives this line.
    generated: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading on its own line; `ordinal` is computed (一、 （一） 1.)."""

    level: int
    ordinal: str
    children: tuple[Inline, ...]
    id: str = ""
    section: str = ""
    edited: bool = False
    #: When `edited`: the text the template gives this heading (what 恢复生成文本 restores).
    generated: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph; `role` is opening, transition, body or closing."""

    children: tuple[Inline, ...]
    id: str = ""
    section: str = ""
    role: str = "body"
    edited: bool = False
    #: When `edited`: the text the template gives this paragraph, without its ordinal.
    generated: str = ""


Block = Heading | Paragraph


@dataclass(frozen=True, slots=True)
class Document:
    """An assembled speech: title, speaker line, salutation and the blocks of the text."""

    title: Title
    speaker_line: SpeakerLine | None
    salutation: Salutation | None
    blocks: tuple[Block, ...]
    template_id: str = ""
    part_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    #: The draft's fact values as the text shows them, (id, text) pairs: what the checks
    #: take as this speech's own place, year and figures.
    facts: tuple[tuple[str, str], ...] = ()

    def iter_blocks(self) -> Iterator[Title | SpeakerLine | Salutation | Block]:
        """Yield every block in reading order, the title first."""
        yield self.title
        if self.speaker_line is not None:
            yield self.speaker_line
        if self.salutation is not None:
            yield self.salutation
        yield from self.blocks

    def iter_slots(self) -> Iterator[Slot]:
        """Yield every unfilled slot in reading order."""
        for block in self.iter_blocks():
            yield from _iter_slots(block.children)

    @property
    def has_slots(self) -> bool:
        """True when some fact is still unfilled."""
        return next(self.iter_slots(), None) is not None


def _iter_slots(children: tuple[Inline, ...]) -> Iterator[Slot]:
    for child in children:
        if isinstance(child, Slot):
            yield child
        elif isinstance(child, Strong | RunIn):
            yield from _iter_slots(child.children)


def plain_text(children: tuple[Inline, ...] | list[Inline]) -> str:
    """Return the text of `children` as it reads, ordinals and slots included."""
    out: list[str] = []
    for child in children:
        if isinstance(child, Text | Slot):
            out.append(child.text)
        elif isinstance(child, Strong):
            out.append(plain_text(child.children))
        else:
            out.append(child.ordinal + plain_text(child.children))
    return "".join(out)


def block_text(block: Title | SpeakerLine | Salutation | Block) -> str:
    """Return a block's text as it reads, a heading's ordinal included."""
    text = plain_text(block.children)
    if isinstance(block, Heading):
        return block.ordinal + text
    return text


def editable_text(block: Block) -> str:
    """Return the text of `block` as the writer edits it: computed ordinals left out."""
    if isinstance(block, Heading):
        return plain_text(block.children)
    first = block.children[0] if block.children else None
    if isinstance(first, RunIn):
        return plain_text(first.children) + plain_text(block.children[1:])
    return plain_text(block.children)


def generated_text(block: Block) -> str:
    """Return the text the template gives `block` (its edit, if any, left out)."""
    return block.generated if block.edited else editable_text(block)
