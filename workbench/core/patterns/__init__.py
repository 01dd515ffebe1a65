"""Rhetorical patterns (修辞句式) as forms: each lays out a part's content as blocks.

Content (a part's points, their key phrases, heading sentences, bodies and items) never
changes with the form; a pattern only decides how the same content reads, and keeps all
of it (see `Pattern`). The catalogue:

- part forms (applies_to "part"): runin, subheadings, numbered, enumeration, prose
  (`forms`); parallel 排比, slogan 数字概括, escalation 递进, contrast 对比 (`rhetoric`);
- opening forms situation/direct/review and closing forms call/demands/outlook, which
  select the template's variant of that kind (`choices`);
- heading-set shapes triple/pair for the level-1 headings (`choices`).
"""

from __future__ import annotations

from .base import (
    APPLIES_TO,
    ItemContent,
    PartContent,
    Pattern,
    PointContent,
    Wording,
    body_inlines,
    get_pattern,
    item_inlines,
    iter_content,
    iter_patterns,
    missing_content,
    register,
    sentence,
)
from .choices import (
    CallClosing,
    ChoicePattern,
    DemandsClosing,
    DirectOpening,
    HeadingSetPattern,
    OutlookClosing,
    PairHeadings,
    ReviewOpening,
    SituationOpening,
    TripleHeadings,
    choice_pattern,
    find_choice,
    iter_variants,
)
from .forms import (
    CONNECTIVES,
    ConnectedProse,
    Enumeration,
    NumberedSubheadings,
    RunInSubheadings,
    Subheadings,
)
from .rhetoric import Contrast, Escalation, NumberedSlogan, ParallelSeries, slogan

__all__ = [
    "APPLIES_TO", "CONNECTIVES", "DEFAULT_PATTERN", "ChoicePattern", "HeadingSetPattern",
    "ItemContent", "PartContent", "Pattern", "PointContent", "Wording", "body_inlines",
    "choice_pattern", "find_choice", "get_pattern", "item_inlines", "iter_content",
    "iter_patterns", "iter_variants", "missing_content", "register", "sentence", "slogan",
]

#: The form a part takes when its template names none.
DEFAULT_PATTERN = "runin"

for _cls in (RunInSubheadings, Subheadings, NumberedSubheadings, Enumeration, ConnectedProse,
             ParallelSeries, NumberedSlogan, Escalation, Contrast,
             SituationOpening, DirectOpening, ReviewOpening,
             CallClosing, DemandsClosing, OutlookClosing,
             TripleHeadings, PairHeadings):
    register(_cls())
