"""The workbench's state (工作台状态): the draft, its preview, findings and status; no widgets."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from types import TracebackType
from typing import Any, TypeVar

from traitlets import Any as AnyTrait
from traitlets import Dict, HasTraits, Instance, Int, List, Unicode, observe

from ..core.assembly import AssemblyCache
from ..core.checks import CheckCache, Finding, run_checks
from ..core.draft import Draft as CoreDraft
from ..core.facts import display
from ..core.ignores import split_ignored
from ..core.nodes import SLOT_TEXT, block_text, editable_text
from ..core.nodes import generated_text as block_generated_text
from ..core.roundtrip import paragraph_marks
from ..core.runcache import RunCache
from ..core.templates import SPEECH
from ..core.text import SPEAKING_RATE_CPM, count_chars, speaking_minutes
from ..core.versions import Version
from ..errors import FactError, TemplateError, WorkbenchError
from ..pipeline import Draft, assemble
from ..renderers.html import page_html, render_blocks
from .debounce import Debouncer

log = logging.getLogger("workbench.ui")

#: Environment variables a Voilà kernel has (VOILA_APP may be set by a deployment).
VOILA_ENV = ("VOILA_APP", "VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL",
             "VOILA_SERVER_URL", "VOILA_REQUEST_URL")

#: Longest wait, in seconds, between a keystroke and the preview showing it while typing
#: goes on; the first keystroke shows at once (see `debounce.Debouncer`).
TYPING_DEBOUNCE_S = 0.2

#: While typing, the checks run for the first keystroke as soon as its preview has gone
#: out, then when typing pauses for `CHECKS_QUIET_S`, and at least once in this many
#: seconds while it goes on without a pause; the page hides findings on the paragraphs
#: that changed meanwhile (`wb-stale`), so none shows for text that is gone. A run of the
#: checks costs the kernel more than a keystroke's preview: at a writer's three keys a
#: second, a run every two seconds keeps the checks at a sixth of the keys.
CHECKS_WHILE_TYPING_S = 2.0

#: A pause in typing this long (seconds) brings the findings up to date.
CHECKS_QUIET_S = 0.4

#: While the writer types, the autosave (`ui/drafts.py`, `ui/my_drafts.py`) writes the
#: draft at most once in this many seconds (the first key's as soon as its preview has gone
#: out, the last one's when the window ends); any other change is saved at once. A file
#: write with its two fsyncs per key would cost a server of many writers more than their
#: previews; the browser's copy of the draft (`ui/guard.py`) covers the second in between.
TYPING_SAVE_S = 1.0

#: How many changes `undo()` can take back.
MAX_UNDO = 50

#: Message shown for an unexpected error; the traceback goes to the log, never to the page.
UNEXPECTED = "程序出现意外错误，已记入日志；请重试，或把操作步骤告诉管理员"


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
        if exc is None:
            # the action went through: an error it left earlier no longer holds
            self.state.clear_if(source=self.action, kind="error")
            return False
        if not isinstance(exc, Exception):
            return False
        self.failed = True
        # "导出 Word 失败", "更换句式失败": a space only after a Latin word.
        failed = f"{self.action} 失败" if self.action[-1:].isascii() else f"{self.action}失败"
        if isinstance(exc, WorkbenchError):
            log.info("%s：%s", failed, exc)
            self.state.notify(f"{failed}：{exc}", "error", source=self.action)
        else:
            log.error("%s", failed, exc_info=(kind, exc, tb))
            self.state.notify(f"{failed}：{UNEXPECTED}", "error", source=self.action)
        return True


def first_speech(library: Mapping[str, Any]) -> str | None:
    """Return the template a new session opens on: the library's first speech (a chair's
    script or an address is not where a writer starts), else its first template."""
    first = None
    for key in library:
        first = first or key
        try:
            if library[key].genre == SPEECH:
                return key
        except TemplateError:
            continue  # a broken template is listed; picking it says why
    return first


class WorkbenchState(HasTraits):
    """What the writer is working on, observable by the views: the only writer of the draft.

    Views change the draft only through the intent methods below (`set_fact`,
    `set_pattern`, `move_part`, `set_edit`, `add_version`, `choose_template`,
    `open_draft`…). Each intent changes the draft, assembles it once and publishes the
    tree, the preview, the findings and the count as traits (`document`, `html`,
    `findings`, `chars`), then bumps `revision`; views observe those traits and hold no
    copies of their own. An intent that would change nothing does nothing, so a view
    that shows the state in its widgets needs no flag to tell its own echoes apart. Code
    that changed the draft directly (a script, a test) announces it with `touch()`.
    """

    #: The templates by id (a `Library` or any mapping).
    library = AnyTrait()
    #: Bumped when templates are added to `library` (e.g. by the import view).
    library_revision = Int(0)
    draft = Instance(CoreDraft, allow_none=True)
    #: The assembled document tree of `draft`.
    document = AnyTrait(None)
    #: The preview: the document as an HTML fragment (all text escaped).
    html = Unicode("")
    #: The same page as its paragraphs, (key, HTML) pairs (`renderers.html.render_blocks`).
    blocks = List()
    findings = List()
    #: The findings the writer ignored (忽略此处 in the draft, 不再提示此词 in `ignored_terms`),
    #: left out of `findings`.
    ignored_findings = List()
    #: (rule, term) pairs not to raise again (不再提示此词): the unit profile's.
    ignored_terms = List()
    #: Bumped each time `findings` has been brought up to date with `document`.
    checked = Int(0)
    #: The unit's leaders (领导名录, `core.leaders.Leader`s) the leader checks compare with.
    leaders = List()
    #: Characters in the speech, as writers count them (whitespace excluded).
    chars = Int(0)
    #: Bumped after each change to the draft has been applied to the preview.
    revision = Int(0)
    status = Unicode("")
    #: "info", "ok", "warning" or "error".
    status_kind = Unicode("info")
    #: What the message is about (an action's name, "export"…), "" for none; `clear_if`
    #: matches it.
    status_source = Unicode("")
    #: "lab" (JupyterLab: drafts autosave to a folder) or "voila" (dashboard: download/upload).
    mode = Unicode("lab")
    #: Facts the writer has not given themselves: id -> "carried" (from the template used
    #: before) or "sample" (填入示例), until the writer changes or confirms them.
    fact_marks = Dict()
    #: What `undo()` would take back ("更换句式"…), or "" when there is nothing to undo.
    undo_label = Unicode("")

    def __init__(self, library: Mapping[str, Any] | None = None, draft: Draft | None = None, *,
                 template: str | None = None, mode: str | None = None,
                 debounce: float = TYPING_DEBOUNCE_S) -> None:
        if library is None:
            from ..core.loader import load_library

            library = load_library()
        super().__init__(library=library, mode=mode or detect_mode())
        self._debouncer = Debouncer(self._flush, debounce)
        self._checks_later = Debouncer(self._check, CHECKS_WHILE_TYPING_S,
                                       min_window=CHECKS_QUIET_S, defer_first=True,
                                       quiet=CHECKS_QUIET_S)
        self._changed = False
        self._typing = False
        #: While the status message holds: called after each change, False clears it.
        self._status_holds: Callable[[], bool] | None = None
        #: How many times the draft was assembled (one per change; the tests pin it).
        self.assemblies = 0
        #: Findings of unchanged paragraphs, kept between refreshes.
        self._checks = CheckCache()
        #: Text fields rendered by the last assembly, for the next to reuse.
        self._assembly = AssemblyCache()
        #: Each paragraph's HTML and character count by node, for the next refresh to reuse.
        self._page = RunCache()
        self._counts = RunCache()
        #: The drafts of the other templates this session, by template id, with their marks:
        #: switching template never throws a speech away, switching back restores it.
        self._parked: dict[str, tuple[Draft, dict[str, str]]] = {}
        #: Snapshots to undo to, newest last: (label, draft JSON without versions, versions).
        self._undo: list[tuple[str, dict[str, Any], list[Version], dict[str, str]]] = []
        if draft is not None:
            self.draft = draft
        else:
            first = template or first_speech(self.library)
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

    def notify(self, message: str, kind: str = "info", *, source: str = "",
               holds: Callable[[], bool] | None = None) -> None:
        """Show `message` in the status area; `kind` is info, ok, warning or error.

        `source` names what the message is about, so `clear_if(source=…)` can take it back
        when its cause goes away; `holds`, when given, is asked after every change to the
        draft and the message is cleared once it returns False (a warning about unfilled
        facts, once they are filled).
        """
        self._status_holds = holds
        with self.hold_trait_notifications():
            self.status_kind = kind
            self.status_source = source
            self.status = message

    def clear_if(self, *, source: str | None = None, kind: str | None = None) -> bool:
        """Clear the status message if it is from `source` and of `kind` (None: any);
        return True when it was cleared."""
        if not self.status:
            return False
        if (source is not None and self.status_source != source) or (
                kind is not None and self.status_kind != kind):
            return False
        self.notify("")
        return True

    def _check_status(self) -> None:
        holds = self._status_holds
        if holds is None or not self.status:
            return
        try:
            still = holds()
        except Exception:
            log.exception("status check")
            still = False
        if not still:
            self.notify("")

    # -- templates and drafts -----------------------------------------------------------

    def template_titles(self) -> dict[str, str]:
        """Return id -> a short title for pickers (facts shown as ××)."""
        titles = getattr(self.library, "titles", None)
        if callable(titles):
            raw = titles()
        else:
            raw = {key: template.display_title for key, template in self.library.items()}
        return {key: SLOT_TEXT.sub("××", str(title)) for key, title in raw.items()}

    def templates_changed(self) -> None:
        """Announce that templates were added to `library`, so pickers list them."""
        self.library_revision += 1

    def choose_template(self, template_id: str) -> None:
        """Switch to template `template_id`: back to its draft of this session if there is
        one, else a new draft that carries over the facts already given (marked carried).

        The draft left behind is kept, edits, order, forms and versions included.
        """
        template = self.library[template_id]
        previous = self.draft
        if previous is not None and previous.template is template:
            return
        if previous is not None:
            self._parked[previous.template.id] = (previous, dict(self.fact_marks))
        parked = self._parked.pop(template_id, None)
        if parked is not None and parked[0].template is template:
            draft, marks = parked
            self._undo.clear()
            self.fact_marks = marks
            self.draft = draft
            self.undo_label = ""
            self.notify(f"已回到“{template.display_title}”的草稿，原有修改和版本都在", "ok")
            return
        draft = Draft(template)
        marks: dict[str, str] = {}
        if previous is not None:
            for key, value in previous.facts.items():
                if draft.facts.is_filled(key):
                    continue  # the template's own default (an imported speech's figure) stays
                try:
                    draft.facts[key] = value
                except FactError:
                    continue
                if key in draft.facts.specs:
                    marks[key] = self.fact_marks.get(key, "carried")
        self._undo.clear()
        self.fact_marks = marks
        self.draft = draft
        self.undo_label = ""
        if previous is not None:
            kept = f"，{len(marks)} 项要素沿用自上一模板（已标出，请逐项核对）" if marks else ""
            self.notify(f"已换用“{template.display_title}”；“{previous.template.display_title}”"
                        f"的草稿已保留，切回即可继续{kept}", "ok")

    def open_draft(self, draft: Draft) -> None:
        """Replace the current draft with `draft` (opened from a file)."""
        self._undo.clear()
        self.undo_label = ""
        self.fact_marks = {}
        self._parked.pop(draft.template.id, None)
        self.draft = draft
        notes = "；".join(draft.notes)
        message = f"已打开草稿：{draft.template.display_title}"
        self.notify(f"{message}（{notes}）" if notes else message, "warning" if notes else "ok")

    @observe("draft")
    def _on_draft(self, change: dict[str, Any]) -> None:
        self._debouncer.cancel()
        self._changed = False
        self.refresh()
        self._check_status()


    # -- intents: the only ways the draft changes ---------------------------------------

    def _require(self) -> Draft:
        if self.draft is None:
            raise WorkbenchError("尚未选择模板")
        return self.draft

    def set_fact(self, fact_id: str, value: Any, *, typing: bool = False) -> None:
        """Set fact `fact_id` to `value` (blank or None clears it); `typing` waits for pauses.

        A value of the wrong type clears the fact, so the preview shows its slot, and
        raises `FactError` for the view to show next to the field.
        """
        facts = self._require().facts
        if isinstance(value, str) and not value.strip():
            value = None
        before = facts.get(fact_id)
        self._remember(f"填写要素“{self._label(fact_id)}”", coalesce=True)
        try:
            if value is None:
                facts.pop(fact_id, None)
            else:
                facts[fact_id] = value
        except FactError:
            facts.pop(fact_id, None)
            if before is not None:
                self.touch(debounce=typing)
            raise
        if facts.get(fact_id) != before:
            self._unmark(fact_id)
            self.touch(debounce=typing)
        else:
            self._forget_unchanged()

    def fill_examples(self) -> int:
        """Fill every unfilled fact with the template's example; return how many."""
        draft = self._require()
        facts = draft.facts
        self._remember("填入示例")
        # Values carried from another template are no more this speech's than the samples.
        for key, mark in self.fact_marks.items():
            if mark == "carried":
                facts.pop(key, None)
        before = set(facts)
        facts.fill_examples()
        added = [key for key in facts if key not in before]
        if not added:
            self._forget_unchanged()
            return 0
        marks = {k: v for k, v in self.fact_marks.items() if k in facts}
        marks.update({key: "sample" for key in added})
        self.fact_marks = marks
        self.touch()
        return len(added)

    def confirm_fact(self, fact_id: str) -> None:
        """Take a carried or sample value as the writer's own: its mark goes."""
        self._unmark(fact_id)

    def _unmark(self, fact_id: str) -> None:
        if fact_id in self.fact_marks:
            self.fact_marks = {k: v for k, v in self.fact_marks.items() if k != fact_id}

    def _label(self, fact_id: str) -> str:
        spec = self.draft.facts.specs.get(fact_id) if self.draft is not None else None
        return spec.label if spec is not None else fact_id

    def apply_facts(self, values: Mapping[str, Any]) -> tuple[list[str], int, list[str]]:
        """Set the facts in `values` (a unit profile); return the labels used, the count of
        facts this template does not use (kept), and the labels of values of a wrong type."""
        facts = self._require().facts
        self._remember("载入要素档案")
        used, unused, bad = [], 0, []
        for key, value in values.items():
            spec = facts.specs.get(key)
            try:
                facts[key] = value
            except FactError:
                bad.append(spec.label if spec else key)
                continue
            if spec is None:
                unused += 1
            else:
                used.append(spec.label)
                self._unmark(key)
        self.touch()
        return used, unused, bad

    def set_leaders(self, leaders: Sequence[Any]) -> None:
        """Replace the unit's leaders (领导名录) and re-check the draft; the same list does
        nothing."""
        if list(leaders) == list(self.leaders):
            return
        self.leaders = list(leaders)
        self.refresh()

    # -- ignoring findings (core/ignores.py) ---------------------------------------------

    def ignore_here(self, rule: str, paragraph_id: str) -> None:
        """Stop reporting `rule` at paragraph `paragraph_id` of this draft (忽略此处)."""
        draft = self._require()
        if (rule, paragraph_id) not in draft.ignored:
            self._remember("忽略此处")
            draft.ignored.append((rule, paragraph_id))
            self.touch()

    def restore_here(self, rule: str, paragraph_id: str) -> None:
        """Report `rule` at paragraph `paragraph_id` again (恢复提示)."""
        draft = self._require()
        if (rule, paragraph_id) in draft.ignored:
            self._remember("恢复提示")
            draft.ignored.remove((rule, paragraph_id))
            self.touch()

    def ignore_term(self, rule: str, term: str) -> None:
        """Stop reporting `rule`'s findings about `term` in every draft of the unit (不再提示
        此词; kept in the unit profile when the writer saves it)."""
        if (rule, term) not in self.ignored_terms:
            self.ignored_terms = [*self.ignored_terms, (rule, term)]
            self.refresh()

    def restore_term(self, rule: str, term: str) -> None:
        """Report `rule`'s findings about `term` again."""
        if (rule, term) in self.ignored_terms:
            self.ignored_terms = [pair for pair in self.ignored_terms if pair != (rule, term)]
            self.refresh()

    def set_include(self, part_id: str, include: bool) -> None:
        """Include part `part_id` in the speech, or leave it out."""
        section = self._require().section(part_id)
        if section.include != bool(include):
            self._remember("取消部分" if section.include else "恢复部分")
            section.include = bool(include)
            self.touch()

    def set_pattern(self, part_id: str, pattern: str) -> None:
        """Give part `part_id` the form `pattern`; raises `PatternError` if it cannot take it."""
        section = self._require().section(part_id)
        if section.pattern != pattern:
            self._remember("更换句式")
            try:
                section.pattern = pattern
            except Exception:
                self._forget_unchanged()
                raise
            self.touch()

    def move_part(self, part_id: str, offset: int) -> None:
        """Move part `part_id` by `offset` places (negative is up)."""
        draft = self._require()
        before = [s.id for s in draft.sections]
        self._remember("调整顺序")
        draft.move(part_id, offset)
        if [s.id for s in draft.sections] != before:
            self.touch()
        else:
            self._forget_unchanged()

    def set_choice(self, kind: str, choice_id: str | None) -> None:
        """Pick the opening, closing or heading form (`kind`: "opening", "closing" or
        "heading_pattern") by its id."""
        if kind not in ("opening", "closing", "heading_pattern"):
            raise ValueError(f"unknown choice {kind!r}")
        draft = self._require()
        if choice_id is not None and getattr(draft, kind) != choice_id:
            label = {"opening": "更换开头", "closing": "更换结尾", "heading_pattern": "更换标题形式"}
            self._remember(label[kind])
            setattr(draft, kind, choice_id)
            self.touch()

    def set_edit(self, paragraph_id: str, text: str | None) -> None:
        """Replace paragraph `paragraph_id`'s text with `text` (None restores the template's).

        The template's text comes from the tree the state holds, so nothing is assembled
        twice; text equal to what the paragraph shows now changes nothing.
        """
        draft = self._require()
        block = self._block(paragraph_id)
        if block is not None and text is not None and text.strip() == editable_text(block).strip():
            return
        if block is None and text is None and paragraph_id not in draft.edits:
            return
        generated = block_generated_text(block) if block is not None else None
        self._remember("恢复生成文本" if text is None else "修改段落")
        draft.set_edit(paragraph_id, text, generated)
        self.touch()

    # -- undo ---------------------------------------------------------------------------

    def _remember(self, label: str, coalesce: bool = False) -> None:
        """Keep the draft as it is before a change, so `undo()` can take the change back.

        With `coalesce`, a run of the same change (typing into one field) is one step.
        """
        draft = self.draft
        if draft is None or (coalesce and self._undo and self._undo[-1][0] == label):
            return
        data = draft.to_json()
        data.pop("versions", None)
        self._undo.append((label, data, list(draft.versions), dict(self.fact_marks)))
        del self._undo[:-MAX_UNDO]
        self.undo_label = label

    def _forget_unchanged(self) -> None:
        # The change turned out to change nothing: its snapshot is not a step.
        if self._undo and self.draft is not None:
            data = self.draft.to_json()
            data.pop("versions", None)
            if _same_choices(self._undo[-1][1], data):
                self._undo.pop()
                self.undo_label = self._undo[-1][0] if self._undo else ""

    def undo(self) -> str:
        """Take back the last change (a form switch, 恢复生成文本, a fact…); return what it
        was, or "" when there is nothing to undo."""
        if not self._undo or self.draft is None:
            return ""
        label, data, versions, marks = self._undo.pop()
        draft = Draft.from_json(data, self.library, "撤销")
        draft.versions = versions
        self.fact_marks = marks
        self.draft = draft
        self.undo_label = self._undo[-1][0] if self._undo else ""
        self.notify(f"已撤销：{label}", "ok")
        return label

    def add_version(self, note: str = "") -> Version:
        """Save the current text as the next version (一稿, 二稿, …) and return it."""
        draft = self._require()
        self.flush()
        version = draft.add_version(note, document=self.document)
        self.touch()
        return version

    def _block(self, paragraph_id: str) -> Any:
        doc = self.document
        if doc is None:
            return None
        return next((b for b in doc.blocks if b.id == paragraph_id), None)

    def orphan_edits(self) -> list[str]:
        """Return the ids of edits whose paragraph the current choices do not produce."""
        if self.draft is None or self.document is None:
            return []
        return list(self.draft.iter_orphan_edits(self.document))

    # -- changes and the preview --------------------------------------------------------

    def touch(self, debounce: bool = False) -> None:
        """Announce a change inside the draft; with `debounce`, wait until typing pauses."""
        self._changed = True
        self._typing = debounce
        if debounce:
            self._debouncer.call()
        else:
            self._debouncer.cancel()
            self._flush()

    def flush(self) -> None:
        """Apply a change still waiting for typing to pause, and its checks."""
        self._debouncer.flush()
        self._checks_later.flush()

    @property
    def typing(self) -> bool:
        """True while the change being published came from typing (a `debounce` touch):
        observers that keep a copy may take their time; anything else is published now."""
        return self._typing

    def _flush(self) -> None:
        self.refresh(checks_later=self._typing)
        if self._changed:
            self._changed = False
            self.revision += 1
        self._check_status()

    def refresh(self, *, checks_later: bool = False) -> None:
        """Rebuild the document and preview from the draft, then its findings.

        The preview goes out first (`blocks`, `html`, `document` and `chars`): a view that
        shows the page sends it, with its stats line, before any check runs. The findings
        follow (`_check`), at once or, with `checks_later` (typing), when typing pauses
        (`CHECKS_QUIET_S`) and at least once a `CHECKS_WHILE_TYPING_S`.
        """
        with self.guard("更新预览"):
            draft = self.draft
            if draft is None:
                self._checks_later.cancel()
                with self.hold_trait_notifications():
                    self.blocks, self.html, self.document = [], "", None
                    self.findings, self.ignored_findings, self.chars = [], [], 0
                self.checked += 1
                return
            doc = assemble(draft, self._assembly)
            self.assemblies += 1
            blocks = render_blocks(doc, paragraph_marks(draft.roundtrip), self._page)
            with self.hold_trait_notifications():
                self.blocks = blocks
                self.html = page_html(blocks)
                self.document = doc
                self.chars = self._count(doc)
            if checks_later:
                self._checks_later.call()
            else:
                self._checks_later.cancel()
                self._check()

    def _count(self, doc: Any) -> int:
        """The document's characters as the stats line counts them (a node the last
        refresh counted is not counted again)."""
        self._counts.begin()
        try:
            return sum(self._counts.get(id(block), lambda b=block: (b, count_chars(block_text(b))))[1]
                       for block in doc.iter_blocks())
        finally:
            self._counts.end()

    def _check(self) -> None:
        """Run the checks over the document the page shows and publish the findings.

        A `CheckCache` re-reads only the paragraphs that changed; `checked` is bumped once
        the findings are current, even when they did not change."""
        with self.guard("检查"):
            draft, doc = self.draft, self.document
            if draft is None or doc is None:
                return
            findings: list[Finding] = run_checks(doc, target_chars=draft.template.target_chars,
                                                 leaders=self.leaders, cache=self._checks)
            findings += self._draft_findings(draft, doc)
            findings, ignored = split_ignored(findings, draft.ignored, self.ignored_terms)
            with self.hold_trait_notifications():
                self.ignored_findings = ignored
                self.findings = findings
            self.checked += 1

    def _draft_findings(self, draft: Draft, doc: Any) -> list[Finding]:
        """Findings only the app can know: edits the chosen forms do not show, and facts
        that are still samples or carried from another template."""
        out = []
        for pid in draft.iter_orphan_edits(doc):
            text = draft.edits[pid].render(draft.facts)
            excerpt = text[:14] + ("…" if len(text) > 14 else "")
            out.append(Finding("hidden-edit", f"修改过的段落“{excerpt}”在当前的结构或句式中不显示，"
                               "导出的文件里也没有；点“撤销”或改回原句式即可恢复",
                               pid.split(".")[0], pid, 0, "warning"))
        for fid, mark in self.fact_marks.items():
            if fid not in draft.facts:
                continue
            what = "示例值" if mark == "sample" else "沿用自上一模板的值"
            out.append(Finding("sample-fact", f"要素“{self._label(fid)}”仍是{what}"
                               f"“{display(draft.facts[fid])}”，请改成本稿实际或点“确认”",
                               "facts", fid, 0, "warning"))
        return out

    @property
    def minutes(self) -> float:
        """Estimated speaking time in minutes at `SPEAKING_RATE_CPM` characters a minute."""
        return speaking_minutes(self.chars, SPEAKING_RATE_CPM)

    # -- intents: the Word round trip (修改稿回收, 审阅, 修订版; ui/revise_view.py) ---------------
    #
    # A reviewer's edited file comes back into the draft (`revise_from`); its pending tracked
    # changes are accepted or rejected one by one or all at once, its comments marked done;
    # deleted paragraphs can be shown again. The record lives in `draft.roundtrip`
    # (core/roundtrip.py); the decisions are core/review.py. Each intent is one undo step.

    def revise_from(self, name: str, data: bytes, *, mode: str = "pending",
                    note: str | None = None) -> Any:
        """Bring the edited file `data` (named `name`: .docx, .doc, .pdf, .txt, …) back into the draft
        and return the `core.revise.RevisionReport`. A bad file raises (one Chinese line)
        and leaves the draft as it was; a file that changes nothing changes nothing."""
        from ..pipeline import revise

        draft = self._require()
        self.flush()
        self._remember("收回修改稿")
        try:
            report = revise(draft, data, name, mode=mode, note=note, document=self.document, warm=True,
                            isolated=True)
        except Exception:
            self._drop_last_undo()
            raise
        if report.unchanged:
            self._drop_last_undo()
        else:
            self.touch()
        return report

    def accept_change(self, change_id: str) -> None:
        """Accept the pending tracked change `change_id` (it stays in the text)."""
        self._decide(change_id, True)

    def reject_change(self, change_id: str) -> None:
        """Reject the pending tracked change `change_id` (it leaves the text)."""
        self._decide(change_id, False)

    def _decide(self, change_id: str, accept: bool) -> None:
        from ..core.review import decide

        draft = self._require()
        self.flush()
        self._remember("接受修订" if accept else "拒绝修订")
        try:
            decide(draft, self.document, change_id, accept)
        except Exception:
            self._drop_last_undo()
            raise
        self.touch()

    def settle_all_changes(self, accept: bool) -> int:
        """Accept (or reject) every pending change; return how many were settled."""
        from ..core.review import decide_all

        draft = self._require()
        if not draft.roundtrip.changes:
            return 0
        self.flush()
        self._remember("全部接受修订" if accept else "全部拒绝修订")
        count = decide_all(draft, self.document, accept)
        if count:
            self.touch()
        else:
            self._drop_last_undo()
        return count

    def resolve_comment(self, comment_id: str) -> None:
        """Take comment `comment_id` off the draft (处理完毕)."""
        self._review_step("处理批注", "resolve_comment", comment_id)

    def add_note(self, paragraph_id: str | None, text: str) -> None:
        """Add the writer's own note on paragraph `paragraph_id` (a Word comment in 修订版)."""
        self._review_step("添加批注", "add_note", paragraph_id, text)

    def restore_paragraph(self, paragraph_id: str) -> None:
        """Show again a paragraph the reviewer deleted."""
        self._review_step("恢复段落", "restore_paragraph", paragraph_id)

    def dismiss_unplaced(self, unplaced_id: str) -> None:
        """Drop a paragraph of an edited file that could not be placed (dealt with)."""
        self._review_step("忽略未放入的段落", "dismiss_unplaced", unplaced_id)

    def set_revision_author(self, author: str) -> None:
        """Name the author of the workbench's tracked changes and notes (default 起草人)."""
        draft = self._require()
        name = " ".join(author.split())[:40]
        if name and name != draft.roundtrip.author:
            self._remember("修改修订人")
            draft.roundtrip.author = name
            self.touch()

    def _review_step(self, label: str, function: str, *args: Any) -> None:
        from ..core import review

        draft = self._require()
        self.flush()
        self._remember(label)
        try:
            getattr(review, function)(draft, *args)
        except Exception:
            self._drop_last_undo()
            raise
        self.touch()

    def _drop_last_undo(self) -> None:
        if self._undo:
            self._undo.pop()
            self.undo_label = self._undo[-1][0] if self._undo else ""

    def revisions_docx(self, since: int, author: str | None = None) -> bytes:
        """Return the tracked-changes Word file (修订版): the current text with every
        difference from version `since` marked, by `author` (default: the draft's)."""
        from ..pipeline import render_bytes, tracked_changes

        draft = self._require()
        self.flush()
        try:
            tracked = tracked_changes(draft, since, author)
        except KeyError:
            raise WorkbenchError(f"草稿中没有第 {since} 版") from None
        return render_bytes(self.document, "docx", isolated=True, revisions=tracked)

    def review_marks(self) -> dict[str, Any]:
        """Return paragraph id -> what the preview marks on it (pending changes, comments)."""
        return paragraph_marks(self.draft.roundtrip) if self.draft is not None else {}



def _same_choices(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Return True when two draft snapshots hold the same choices, facts and edits."""
    keys = ("heading_pattern", "opening", "closing", "sections", "facts", "edits")
    return all(a.get(k) == b.get(k) for k in keys)
