"""讲稿工作台 · Speech Workbench: templates -> drafts -> document tree -> renderers."""

from __future__ import annotations

from .core.checks import Finding as Finding
from .core.checks import run_checks as run_checks
from .core.draft import Draft as Draft
from .core.facts import FactSpec as FactSpec
from .core.importer import parse_outline as parse_outline
from .core.importer import read_source as read_source
from .core.layout import GBT9704_SPEECH as GBT9704_SPEECH
from .core.layout import LayoutProfile as LayoutProfile
from .core.layout import load_layout as load_layout
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
    "GBT9704_SPEECH",
    "Draft",
    "DraftError",
    "FactError",
    "FactSpec",
    "Finding",
    "LayoutProfile",
    "Library",
    "PatternError",
    "SpeechTemplate",
    "TemplateError",
    "WorkbenchError",
    "load_layout",
    "load_library",
    "load_template",
    "parse_outline",
    "parse_template",
    "read_source",
    "run_checks",
]
