"""讲稿工作台 · Speech Workbench: templates -> drafts -> document tree -> renderers."""

from __future__ import annotations

from .core.draft import Draft as Draft
from .core.facts import FactSpec as FactSpec
from .core.loader import Library as Library
from .core.loader import load_library as load_library
from .core.loader import load_template as load_template
from .core.loader import parse_template as parse_template
from .core.templates import SpeechTemplate as SpeechTemplate
from .errors import (
    DraftError as DraftError,
)
from .errors import (
    FactError as FactError,
)
from .errors import (
    PatternError as PatternError,
)
from .errors import (
    TemplateError as TemplateError,
)
from .errors import (
    WorkbenchError as WorkbenchError,
)

__version__ = "0.1.0"

__all__ = [
    "Draft",
    "DraftError",
    "FactError",
    "FactSpec",
    "Library",
    "PatternError",
    "SpeechTemplate",
    "TemplateError",
    "WorkbenchError",
    "load_library",
    "load_template",
    "parse_template",
]
