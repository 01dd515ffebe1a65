"""The layering check: reads every import of the package from source (`ast`), function-level
imports included, and reports each one that breaks a contract below, and import cycles.

Run by `make lint` and by the tests (tests/acceptance/test_layers.py). Exit 1 with one line
per violation; 0 when the house is in order.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The layers, top first; a module may import its own layer's and lower layers' modules only.
#: A layer holds sibling groups (e.g. the widget app and the CLI) that must not import each
#: other; the modules of one group may import each other.
LAYERS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("workbench.ui",), ("workbench.cli", "workbench.commands", "workbench.singleuser",
                              "workbench.kernels")),
    (("workbench.store",), ("workbench.accounts",)),
    (("workbench.pipeline", "workbench.batch"),),
    (("workbench.renderers",), ("workbench.readers", "workbench.tables")),
    # LibreOffice conversions: used by the PDF renderer and the readers of office formats;
    # work in a forked child (the pipeline's isolated exports).
    (("workbench.convert",), ("workbench.forked",)),
    (("workbench.core",),),
)

#: Shared by every layer: the exception hierarchy and the package's own public face.
SHARED = ("workbench.errors",)

#: Third-party packages and the only modules allowed to import them.
EXTERNAL: dict[str, tuple[str, ...]] = {
    "docx": ("workbench.renderers.word", "workbench.readers"),
    "ipywidgets": ("workbench.ui",),
    # Only its front end is used (ui/esm.py speaks it): importing the Python package would
    # load psygnal too, ~1.5 MiB in every dashboard kernel.
    "anywidget": (),
    "traitlets": ("workbench.ui", "workbench.kernels"),
    "openpyxl": ("workbench.tables",),
}


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement: who imports what, where."""

    module: str
    target: str
    path: Path
    line: int
    type_checking: bool


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def iter_imports(root: Path, package: str = "workbench") -> Iterator[Import]:
    """Yield every import in the package under `root` (the folder that holds `package`)."""
    for path in sorted((root / package).rglob("*.py")):
        module = _module_name(path, root)
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        guarded: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _is_type_checking(node):
                guarded.update(id(child) for body in node.body for child in ast.walk(body))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".")
                    base = base[: len(base) - node.level + (1 if is_package else 0)]
                    prefix = ".".join(base)
                    head = f"{prefix}.{node.module}" if node.module else prefix
                else:
                    head = node.module or ""
                targets = [head] if node.module else [f"{head}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Call) and _imported_by_call(node):
                targets = [_imported_by_call(node)]
            else:
                continue
            for target in targets:
                yield Import(module, target, path, node.lineno, id(node) in guarded)


def _imported_by_call(node: ast.Call) -> str:
    """Return the module `importlib.import_module("x")` or `__import__("x")` names, when it
    is an absolute name written out; else ""."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if name not in ("import_module", "__import__") or not node.args:
        return ""
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and not first.value.startswith("."):
        return first.value
    return ""


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _layer_of(module: str) -> tuple[int, str] | None:
    for rank, layer in enumerate(LAYERS):
        for group in layer:
            if any(_within(module, name) for name in group):
                return rank, group[0]
    return None


def check(root: Path, package: str = "workbench") -> list[str]:
    """Return one line per broken contract or cycle in the package under `root`."""
    problems: list[str] = []
    graph: dict[str, set[str]] = {}
    for imp in iter_imports(root, package):
        where = f"{imp.path.relative_to(root)}:{imp.line}"
        top = imp.target.split(".")[0]
        if top in EXTERNAL and not any(_within(imp.module, m) for m in EXTERNAL[top]):
            allowed = ", ".join(EXTERNAL[top])
            problems.append(f"{where}: {imp.module} imports {imp.target}; "
                            + (f"only {allowed} may" if allowed else "no module may"))
        if top != package:
            continue
        if not any(_within(imp.target, s) for s in SHARED):
            source, target = _layer_of(imp.module), _layer_of(imp.target)
            if source and target:
                if target[0] < source[0]:
                    problems.append(f"{where}: {imp.module} (layer {source[1]}) imports "
                                    f"{imp.target} from the layer above it ({target[1]})")
                elif target[0] == source[0] and target[1] != source[1]:
                    problems.append(f"{where}: {imp.module} imports its sibling {imp.target}")
        if not imp.type_checking:
            graph.setdefault(imp.module, set()).add(imp.target)
    problems.extend(_cycles(graph, package))
    return problems


def _cycles(graph: dict[str, set[str]], package: str) -> list[str]:
    """Report cycles between modules (an import of a package counts as its __init__)."""
    modules = set(graph)
    edges = {m: {t if t in modules else t.rpartition(".")[0] for t in targets} & modules - {m}
             for m, targets in graph.items()}
    # A package's __init__ importing its own submodules (a re-export) is not a cycle.
    for m in edges:
        edges[m] = {t for t in edges[m] if not _within(t, m)}
    found: list[str] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                found.append("import cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def main(argv: list[str] | None = None) -> int:
    """Check the package beside this script (or under argv[0]); print problems."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    problems = check(root)
    for line in problems:
        print(line)
    if not problems:
        print("layers: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
