"""Template text with fact references: parsed once, checked for unknown names, sandboxed.

A text field may hold plain text, `{{ name }}` references and `{% if name %}…{% endif %}`
conditions. Plain text and bare references take a fast path; anything else is parsed by a
Jinja2 `SandboxedEnvironment` and its tree is checked against a whitelist of node types,
so template text can never reach Python objects, call functions or read attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from .facts import display
from .grammar import FILTERS
from .text import is_han

#: Markers around a missing fact's id in rendered text (private-use code points that
#: `clean_text` strips from every writer's input, so no user text can forge a slot).
SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"

#: Markers around a fact's value in text being rendered, so the words after it can be
#: joined to it (`join_values`); private-use code points, stripped from writers' input.
VALUE_OPEN, VALUE_CLOSE = "\ue002", "\ue003"

#: Most characters a value and the text after it may share and be said once.
MAX_REPEAT = 4

#: Names every template may use besides its facts (`agenda`: a script's agenda items, 一是…；二是…).
BUILTIN_NAMES = frozenset({"parts_count", "agenda"})

_SIMPLE_REF = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_SAFE_FILTERS = frozenset({"default", "join", "length", "upper", "lower", "trim", "int", "round",
                           *FILTERS})
_ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If,
    nodes.Not, nodes.And, nodes.Or, nodes.Compare, nodes.Operand, nodes.CondExpr,
    nodes.Filter, nodes.Test, nodes.List, nodes.Tuple, nodes.Keyword,
)
_TYPE_NAMES = {"text": "文本", "number": "数字", "date": "日期", "list": "列表", "bool": "是/否"}


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

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __contains__(self, item: object) -> bool:
        return False


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


def _kind_or_slot(value: Any) -> Any:
    kind = FILTERS["kind"][0](value)
    if kind is None:
        return Missing(f"{getattr(value, 'fact', 'place')}_kind")
    return kind


def _make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=False, finalize=_finalize, keep_trailing_newline=False)
    env.filters = {k: v for k, v in env.filters.items() if k in _SAFE_FILTERS}
    env.filters.update({name: func for name, (func, _types) in FILTERS.items()})
    env.filters["kind"] = _kind_or_slot
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
    #: How the text reads its facts: (name, grammar filter) where it says only
    #: ``name|kind``, ``name|short``…, (name, None) where it reads the value itself. Empty
    #: means every name is read as itself.
    views: frozenset[tuple[str, str | None]] = field(default=frozenset(), compare=False)

    @property
    def reads(self) -> frozenset[tuple[str, str | None]]:
        """The (name, filter) pairs the rendered text depends on (see `views`)."""
        return self.views or frozenset((name, None) for name in self.names)

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


def fact_view(name: str, grammar: str | None, context: Mapping[str, Any]) -> Any:
    """What a text sees of fact `name` through `grammar` (None: the value itself): two
    contexts that give every pair of a field's `reads` the same view render it the same."""
    value = context.get(name)
    if grammar is None or value is None:
        return value
    return str(_ENV.filters[grammar](value))


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


def parse_text(source: str, known: Iterable[str],
               types: Mapping[str, str] | None = None) -> TextField:
    """Parse `source` into a `TextField`, checking every name against `known`.

    `types` maps fact ids to their types; when given, a grammar filter (`kind`, `short`,
    `change`, `fall`, `full`) must be applied to a fact of a type it takes. Raises
    `TextFieldError` for Jinja syntax errors, unknown names, misapplied grammar filters
    and any construct outside the whitelist (attribute access, calls, loops, assignments).
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
    views: set[tuple[str, str | None]] = set()
    filtered: set[int] = set()
    for node in tree.find_all(nodes.Filter):
        target = node.node
        if (node.name in FILTERS and isinstance(target, nodes.Name) and not node.args
                and not node.kwargs and node.dyn_args is None and node.dyn_kwargs is None):
            views.add((target.name, node.name))
            filtered.add(id(target))
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            lineno = getattr(node, "lineno", None)
            raise TextFieldError(f"模板文本不允许使用“{type(node).__name__}”结构", lineno)
        if isinstance(node, nodes.Filter):
            if node.name not in _SAFE_FILTERS:
                raise TextFieldError(f"模板文本不允许使用过滤器“{node.name}”", node.lineno)
            if node.name in FILTERS and types is not None:
                _check_filter(node, types)
        if isinstance(node, nodes.Name):
            if node.name.startswith("_"):
                raise TextFieldError(f"模板文本不允许使用名称“{node.name}”", node.lineno)
            names.append(node.name)
            if id(node) not in filtered:
                views.add((node.name, None))
    _check_names(names, known_set, source)
    # Compiling costs far more than checking; most texts of a large library are never
    # rendered in a session, so compile on first use. The checked tree is not kept for
    # it: parsing again then is cheap, and a template's trees held ~0.7 MiB in every
    # dashboard kernel for the fields a session never renders.
    compiled: list[Any] = []

    def render(context: Mapping[str, Any]) -> str:
        if not compiled:
            compiled.append(_ENV.from_string(source))
        values = {n: context.get(n) if context.get(n) is not None else Missing(n) for n in names}
        return compiled[0].render(values)

    return TextField(source, frozenset(names), render, frozenset(views))


def _check_filter(node: nodes.Filter, types: Mapping[str, str]) -> None:
    takes = FILTERS[node.name][1]
    target = node.node
    fact_type = types.get(target.name) if isinstance(target, nodes.Name) else None
    if fact_type not in takes:
        what = "、".join(_TYPE_NAMES[t] for t in takes)
        raise TextFieldError(f"过滤器“{node.name}”只能用于{what}要素", node.lineno)


@dataclass(frozen=True, slots=True)
class Condition:
    """When a passage appears (`when:`): a fact id, a list of fact ids that must all be
    given, or an expression over facts (``"'复工' in season"``, ``rectify_rate < 100``).

    A fact counts as given when its value is true: an empty, missing, zero or false fact
    keeps the passage out (so 0 deaths never reads 造成0人死亡).
    """

    source: str
    names: frozenset[str]
    _field: TextField | None = field(default=None, compare=False)

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Return True when the passage belongs in a speech with facts `context`."""
        if self._field is None:
            return all(bool(context.get(name)) for name in self.names)
        return self._field.render(context) == "1"


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_condition(source: str | Iterable[str], known: Iterable[str],
                    types: Mapping[str, str] | None = None) -> Condition:
    """Parse a `when:` value: a fact id, a list of fact ids, or an expression.

    Raises `TextFieldError` for unknown names and anything `parse_text` refuses.
    """
    known_set = set(known)
    if not isinstance(source, str):
        ids = [str(s).strip() for s in source]
        for name in ids:
            if name not in known_set:
                raise TextFieldError(f"when 引用了未声明的要素“{name}”", 1)
        return Condition("、".join(ids), frozenset(ids))
    text = source.strip()
    if _IDENT.match(text):
        if text not in known_set:
            raise TextFieldError(f"when 引用了未声明的要素“{text}”", 1)
        return Condition(text, frozenset({text}))
    if "{" in text or "}" in text:
        raise TextFieldError("when 应为要素标识或条件表达式，不用写 {% %}", 1)
    parsed = parse_text(f"{{% if {text} %}}1{{% endif %}}", known_set, types)
    return Condition(text, parsed.names, parsed)


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
