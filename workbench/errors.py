"""The one exception hierarchy of the workbench; every message is one line, in Chinese."""

from __future__ import annotations

from pathlib import Path


class WorkbenchError(Exception):
    """Base of every error the workbench raises for broken input."""


class TemplateError(WorkbenchError):
    """A template (or layout profile) that cannot be used; knows its file, line and field."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<模板>"
        if self.line is not None:
            where += f":{self.line}"
        field = f"（字段 {self.field}）" if self.field else ""
        return f"{where}: {self.message}{field}"


class TemplateNotFound(TemplateError, LookupError):
    """No template has the requested id."""

    def __init__(self, name: str, tried: tuple[str, ...] = ()) -> None:
        self.name = name
        self.tried = tried
        known = "、".join(tried) if tried else "无"
        super().__init__(f"找不到模板“{name}”；可用模板：{known}")

    def __str__(self) -> str:
        return self.message


class TemplateSyntaxError(TemplateError):
    """Bad YAML, a schema violation or bad Jinja in a template file."""


class FactError(WorkbenchError, ValueError):
    """A fact value of the wrong type, or an unknown fact."""

    def __init__(self, message: str, fact: str | None = None, expected: str | None = None) -> None:
        self.fact = fact
        self.expected = expected
        super().__init__(message)


class PatternError(WorkbenchError):
    """A rhetorical pattern (form) that cannot take the given content."""


class DraftError(WorkbenchError):
    """An unreadable, truncated or newer-version draft file."""


class DraftConflictError(DraftError):
    """A save refused because the file holds a newer revision of the draft (two tabs, two
    writers): saving would overwrite work done elsewhere.

    `revision` is the revision this draft was loaded from or last saved as; `disk_revision`
    and `disk_saved_at` (ISO time, or None) describe the file that won.
    """

    def __init__(self, message: str, path: str | Path | None = None, revision: int = 0,
                 disk_revision: int = 0, disk_saved_at: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.revision = revision
        self.disk_revision = disk_revision
        self.disk_saved_at = disk_saved_at
        super().__init__(message)


class DraftSaveError(DraftError, OSError):
    """A draft that could not be written (disk full, folder unwritable); the file on disk
    is left as it was. Also an `OSError`, so callers catching that keep working;
    `reason` is "full", "denied", "read-only" or "other"."""

    def __init__(self, message: str, path: str | Path | None = None, reason: str = "other") -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        Exception.__init__(self, message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class SourceImportError(WorkbenchError):
    """A speech that cannot be imported (unreadable file, not text, too large)."""


class BatchError(WorkbenchError):
    """A table of units (批量) that cannot be used as a whole: unreadable, no usable column."""


class ConversionError(WorkbenchError):
    """A file LibreOffice cannot convert (not installed, timed out, broken file)."""


class RenderError(WorkbenchError):
    """A renderer that cannot produce its output."""
