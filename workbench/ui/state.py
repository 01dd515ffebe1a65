"""The workbench's state (工作台状态): the draft, its preview, findings and status; no widgets."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from functools import wraps
from types import TracebackType
from typing import Any, TypeVar

from traitlets import Any as AnyTrait
from traitlets import HasTraits, Instance, Int, List, Unicode, observe

from ..core.checks import Finding, run_checks
from ..core.draft import Draft
from ..core.nodes import block_text
from ..core.text import SPEAKING_RATE_CPM, count_chars, speaking_minutes
from ..errors import FactError, WorkbenchError
from ..renderers.html import render_html
from .debounce import Debouncer

log = logging.getLogger("workbench.ui")

#: Environment variables a Voilà kernel has (VOILA_APP may be set by a deployment).
VOILA_ENV = ("VOILA_APP", "VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL",
             "VOILA_SERVER_URL", "VOILA_REQUEST_URL")

#: Longest wait, in seconds, between a keystroke and the preview showing it while typing
#: goes on; the first keystroke shows at once (see `debounce.Debouncer`).
TYPING_DEBOUNCE_S = 0.2

#: Message shown for an unexpected error; the traceback goes to the log, never to the page.
UNEXPECTED = "程序出现意外错误，已记入日志；请重试，或把操作步骤告诉管理员"

_SLOT = re.compile(r"【[^】]*】")

F = TypeVar("F", bound=Callable[..., Any])


def detect_mode(environ: Mapping[str, str] | None = None) -> str:
    """Return "voila" when running in a Voilà kernel, else "lab"."""
    env = os.environ if environ is None else environ
    return "voila" if any(env.get(name) for name in VOILA_ENV) else "lab"


class _Guard:
    """Context manager that turns an exception into a Chinese status message."""

    def __init__(self, state: WorkbenchState, action: str) -> None:
        self.state = state
        self.action = action
        self.failed = False

    def __enter__(self) -> _Guard:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        self.failed = True
        # "导出 Word 失败", "更换句式失败": a space only after a Latin word.
        failed = f"{self.action} 失败" if self.action[-1:].isascii() else f"{self.action}失败"
        if isinstance(exc, WorkbenchError):
            log.info("%s：%s", failed, exc)
            self.state.notify(f"{failed}：{exc}", "error")
        else:
            log.error("%s", failed, exc_info=(kind, exc, tb))
            self.state.notify(f"{failed}：{UNEXPECTED}", "error")
        return True


class WorkbenchState(HasTraits):
    """What the writer is working on, observable by the views.

    `draft` is replaced when the writer picks a template or opens a draft; changes inside
    the draft are announced with `touch()`, which rebuilds `document`, `html`, `findings`
    and `chars` (at once, or after typing pauses) and then bumps `revision`.
    """

    #: The templates by id (a `Library` or any mapping).
    library = AnyTrait()
    #: Bumped when templates are added to `library` (e.g. by the import view).
    library_revision = Int(0)
    draft = Instance(Draft, allow_none=True)
    #: The assembled document tree of `draft`.
    document = AnyTrait(None)
    #: The preview: the document as an HTML fragment (all text escaped).
    html = Unicode("")
    findings = List()
    #: The unit's leaders (领导名录, `core.leaders.Leader`s) the leader checks compare with.
    leaders = List()
    #: Characters in the speech, as writers count them (whitespace excluded).
    chars = Int(0)
    #: Bumped after each change to the draft has been applied to the preview.
    revision = Int(0)
    status = Unicode("")
    #: "info", "ok", "warning" or "error".
    status_kind = Unicode("info")
    #: "lab" (JupyterLab: drafts autosave to a folder) or "voila" (dashboard: download/upload).
    mode = Unicode("lab")

    def __init__(self, library: Mapping[str, Any] | None = None, draft: Draft | None = None, *,
                 template: str | None = None, mode: str | None = None,
                 debounce: float = TYPING_DEBOUNCE_S) -> None:
        if library is None:
            from ..core.loader import load_library

            library = load_library()
        super().__init__(library=library, mode=mode or detect_mode())
        self._debouncer = Debouncer(self._flush, debounce)
        self._changed = False
        if draft is not None:
            self.draft = draft
        else:
            first = template or next(iter(self.library), None)
            if first is not None:
                with self.guard("打开模板"):
                    self.choose_template(first)

    # -- error handling -----------------------------------------------------------------

    def guard(self, action: str) -> _Guard:
        """Return a context manager that shows an exception as a message naming `action`."""
        return _Guard(self, action)

    def guarded(self, action: str, func: F) -> F:
        """Return `func` wrapped so its exceptions become a status message (for callbacks)."""

        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.guard(action):
                return func(*args, **kwargs)
            return None

        return wrapper  # type: ignore[return-value]

    def notify(self, message: str, kind: str = "info") -> None:
        """Show `message` in the status area; `kind` is info, ok, warning or error."""
        with self.hold_trait_notifications():
            self.status_kind = kind
            self.status = message

    # -- templates and drafts -----------------------------------------------------------

    def template_titles(self) -> dict[str, str]:
        """Return id -> a short title for pickers (facts shown as ××)."""
        titles = getattr(self.library, "titles", None)
        if callable(titles):
            raw = titles()
        else:
            raw = {key: template.display_title for key, template in self.library.items()}
        return {key: _SLOT.sub("××", str(title)) for key, title in raw.items()}

    def templates_changed(self) -> None:
        """Announce that templates were added to `library`, so pickers list them."""
        self.library_revision += 1

    def choose_template(self, template_id: str) -> None:
        """Start a new draft of template `template_id`, keeping the facts already given."""
        template = self.library[template_id]
        if self.draft is not None and self.draft.template is template:
            return
        draft = Draft(template)
        if self.draft is not None:
            for key, value in self.draft.facts.items():
                try:
                    draft.facts[key] = value
                except FactError:
                    pass
        self.draft = draft

    def open_draft(self, draft: Draft) -> None:
        """Replace the current draft with `draft` (opened from a file)."""
        self.draft = draft
        notes = "；".join(draft.notes)
        message = f"已打开草稿：{draft.template.display_title}"
        self.notify(f"{message}（{notes}）" if notes else message, "warning" if notes else "ok")

    @observe("draft")
    def _on_draft(self, change: dict[str, Any]) -> None:
        self._debouncer.cancel()
        self._changed = False
        self.refresh()

    # -- changes and the preview --------------------------------------------------------

    def touch(self, debounce: bool = False) -> None:
        """Announce a change inside the draft; with `debounce`, wait until typing pauses."""
        self._changed = True
        if debounce:
            self._debouncer.call()
        else:
            self._debouncer.cancel()
            self._flush()

    def flush(self) -> None:
        """Apply a change still waiting for typing to pause."""
        self._debouncer.flush()

    def _flush(self) -> None:
        self.refresh()
        if self._changed:
            self._changed = False
            self.revision += 1

    def refresh(self) -> None:
        """Rebuild the document, preview, findings and count from the draft."""
        with self.guard("更新预览"):
            draft = self.draft
            if draft is None:
                with self.hold_trait_notifications():
                    self.document, self.html, self.findings, self.chars = None, "", [], 0
                return
            doc = draft.document()
            findings: list[Finding] = run_checks(doc, target_chars=draft.template.target_chars,
                                                 leaders=self.leaders)
            chars = sum(count_chars(block_text(block)) for block in doc.iter_blocks())
            html = render_html(doc)
            with self.hold_trait_notifications():
                self.document = doc
                self.findings = findings
                self.chars = chars
                self.html = html

    @property
    def minutes(self) -> float:
        """Estimated speaking time in minutes at `SPEAKING_RATE_CPM` characters a minute."""
        return speaking_minutes(self.chars, SPEAKING_RATE_CPM)
