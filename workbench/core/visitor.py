"""NodeVisitor: dispatch on a node's class name to `visit_<Name>` (as Jinja's visitor does)."""

from __future__ import annotations

from typing import Any


class NodeVisitor:
    """Walks document nodes; `visit(node)` calls `visit_<ClassName>` or `generic_visit`."""

    def visit(self, node: Any) -> Any:
        """Dispatch `node` to its visit method and return what it returns."""
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            return self.generic_visit(node)
        return method(node)

    def generic_visit(self, node: Any) -> Any:
        """Called for nodes without a visit method; raises TypeError naming the node."""
        raise TypeError(f"{type(self).__name__} cannot render {type(node).__name__}")
