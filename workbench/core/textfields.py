"""Template text with fact references: parsed once, checked for unknown names, sandboxed.

A text field may hold plain text, `{{ name }}` references and `{% if name %}…{% endif %}`
conditions. Plain text and bare references take a fast path; anything else is parsed by a
Jinja2 `SandboxedEnvironment` and its tree is checked against a whitelist of node types,
so template text can never reach Python objects, call functions or read attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from .facts import display
from .text import is_han

#: Markers around a missing fact's id in rendered text (private-use code points that
#: `clean_text` strips from every writer's input, so no user text can forge a slot).
SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"

#: Markers around a fact's value in text being rendered, so the words after it can be
#: joined to it (`join_values`); private-use code points, stripped from writers' input.
VALUE_OPEN, VALUE_CLOSE = "\ue002", "\ue003"

#: Most characters a value and the text after it may share and be said once.
MAX_REPEAT = 4

#: Names every template may use besides its facts.
BUILTIN_NAMES = frozenset({"parts_count"})

_SIMPLE_REF = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_SAFE_FILTERS = frozenset({"default", "join", "length", "upper", "lower", "trim", "int", "round"})
_ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If,
    nodes.Not, nodes.And, nodes.Or, nodes.Compare, nodes.Operand, nodes.CondExpr,
    nodes.Filter, nodes.Test, nodes.List, nodes.Tuple,
)


class Missing:
    """The value of an unfilled fact: false in conditions, a slot marker when output."""

    __slots__ = ("id",)

    def __init__(self, fact_id: str) -> None:
        self.id = fact_id

    def __str__(self) -> str:
        return f"{SLOT_OPEN}{self.id}{SLOT_CLOSE}"

    def __bool__(self) -> bool:
        return False

    def _false(self, other: object) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = _false

    def __ne__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash(self.id)


def _finalize(value: Any) -> Any:
    if isinstance(value, Missing) or value is None:
        return value if value is not None else ""
    return f"{VALUE_OPEN}{display(value)}{VALUE_CLOSE}"


_VALUE = re.compile(f"{VALUE_OPEN}([^{VALUE_CLOSE}]*){VALUE_CLOSE}")


def join_values(text: str) -> str:
    """Return rendered `text` without its value markers, each value joined to the words
    after it: when the text goes on with the value's own last word (two to `MAX_REPEAT`
    Chinese characters), that word is said once. A writer's 较大道路交通事故 in
    “{{ accident_kind }}事故” reads 较大道路交通事故, not 交通事故事故."""
    if VALUE_OPEN not in text:
        return text
    out: list[str] = []
    pos = 0
    for match in _VALUE.finditer(text):
        out.append(text[pos: match.start()])
        out.append(match.group(1))
        pos = match.end() + _repeat(match.group(1), text, match.end())
    out.append(text[pos:])
    return "".join(out).replace(VALUE_OPEN, "").replace(VALUE_CLOSE, "")


def _repeat(value: str, text: str, at: int) -> int:
    """Return how many characters of `text` from `at` repeat the end of `value`."""
    for size in range(min(MAX_REPEAT, len(value)), 1, -1):
        tail = value[-size:]
        if text.startswith(tail, at) and all(is_han(c) for c in tail):
            return size
    return 0


def _make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=False, finalize=_finalize, keep_trailing_newline=False)
    env.filters = {k: v for k, v in env.filters.items() if k in _SAFE_FILTERS}
    env.tests = {k: v for k, v in env.tests.items() if k in {"defined", "none", "number", "string"}}
    env.globals = {}
    return env


_ENV = _make_env()


class TextFieldError(ValueError):
    """Raised while parsing a text field; `lineno` is relative to the field's first line."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.lineno = lineno


@dataclass(frozen=True, slots=True)
class TextField:
    """A piece of template text with its fact references, ready to render against facts."""

    source: str
    names: frozenset[str] = frozenset()
    _render: Callable[[Mapping[str, Any]], str] | None = field(default=None, compare=False)

    @property
    def is_plain(self) -> bool:
        """True when the text refers to no fact."""
        return not self.names

    def render(self, context: Mapping[str, Any]) -> str:
        """Return the text with facts filled in; a missing fact leaves a slot marker.

        A value the text goes on to repeat the last word of is said once (`join_values`).
        """
        if self._render is None:
            return self.source
        return join_values(self._render(context))


def _simple_renderer(source: str) -> Callable[[Mapping[str, Any]], str]:
    pieces = _SIMPLE_REF.split(source)

    def render(context: Mapping[str, Any]) -> str:
        out = []
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                out.append(piece)
            else:
                value = context.get(piece)
                out.append(str(_finalize(value if value is not None else Missing(piece))))
        return "".join(out)

    return render


def parse_text(source: str, known: Iterable[str]) -> TextField:
    """Parse `source` into a `TextField`, checking every name against `known`.

    Raises `TextFieldError` for Jinja syntax errors, unknown names and any construct
    outside the whitelist (attribute access, calls, loops, assignments).
    """
    known_set = set(known) | BUILTIN_NAMES
    if "{" not in source:
        return TextField(source)
    if "{%" not in source and "{#" not in source:
        names = _SIMPLE_REF.findall(source)
        rest = _SIMPLE_REF.sub("", source)
        if "{{" not in rest and "}}" not in rest:
            _check_names(names, known_set, source)
            return TextField(source, frozenset(names), _simple_renderer(source))
    try:
        tree = _ENV.parse(source)
    except JinjaSyntaxError as exc:
        raise TextFieldError(f"模板语法错误：{exc.message}", exc.lineno) from None
    names = []
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            lineno = getattr(node, "lineno", None)
            raise TextFieldError(f"模板文本不允许使用“{type(node).__name__}”结构", lineno)
        if isinstance(node, nodes.Filter) and node.name not in _SAFE_FILTERS:
            raise TextFieldError(f"模板文本不允许使用过滤器“{node.name}”", node.lineno)
        if isinstance(node, nodes.Name):
            if node.name.startswith("_"):
                raise TextFieldError(f"模板文本不允许使用名称“{node.name}”", node.lineno)
            names.append(node.name)
    _check_names(names, known_set, source)
    # Compiling costs far more than checking; most texts of a large library are never
    # rendered in a session, so compile on first use.
    compiled: list[Any] = []

    def render(context: Mapping[str, Any]) -> str:
        if not compiled:
            compiled.append(_ENV.from_string(tree))
        values = {n: context.get(n) if context.get(n) is not None else Missing(n) for n in names}
        return compiled[0].render(values)

    return TextField(source, frozenset(names), render)


def _check_names(names: Iterable[str], known: set[str], source: str) -> None:
    for name in names:
        if name not in known:
            lineno = next(
                (i for i, line in enumerate(source.splitlines(), 1) if name in line), None
            )
            raise TextFieldError(f"引用了未声明的要素“{name}”", lineno)


def split_slots(text: str) -> list[tuple[str, bool]]:
    """Split rendered text into (piece, is_slot) pairs; a slot piece is the fact id."""
    if SLOT_OPEN not in text:
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"{SLOT_OPEN}([^{SLOT_CLOSE}]*){SLOT_CLOSE}", text)):
        if piece or i % 2:
            out.append((piece, bool(i % 2)))
    return out
