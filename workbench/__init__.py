"""讲稿工作台 · Speech Workbench: templates -> drafts -> document tree -> renderers."""

from __future__ import annotations

from typing import Any

from .core.checks import Finding as Finding
from .core.checks import run_checks as run_checks
from .core.facts import FactSpec as FactSpec
from .core.layout import GBT9704_SPEECH as GBT9704_SPEECH
from .core.layout import LayoutProfile as LayoutProfile
from .core.layout import load_layout as load_layout
from .core.loader import Library as Library
from .core.loader import load_library as load_library
from .core.loader import load_template as load_template
from .core.schema import parse_template as parse_template
from .core.templates import SpeechTemplate as SpeechTemplate
from .errors import (
    DraftConflictError as DraftConflictError,
)
from .errors import (
    DraftError as DraftError,
)
from .errors import (
    DraftSaveError as DraftSaveError,
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
from .pipeline import Draft as Draft

__version__ = "0.1.0"

#: Public names whose modules load on first use: the importer's regexes cost ~40 ms at
#: start-up, which every dashboard kernel would pay for a tab few writers open.
_LAZY = {"parse_outline": "core.importer", "read_source": "readers", "read_document": "readers"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "GBT9704_SPEECH",
    "Draft",
    "DraftConflictError",
    "DraftError",
    "DraftSaveError",
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
    "read_document",
    "read_source",
    "run_checks",
]
