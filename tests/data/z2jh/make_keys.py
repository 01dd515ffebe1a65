"""Regenerate values-keys.txt from the zero-to-jupyterhub chart's values.schema.yaml.

Usage: python tests/data/z2jh/make_keys.py path/to/jupyterhub/values.schema.yaml CHART-REF
Each line is a dotted key path the chart's schema defines; `*` stands for one key of
any name (patternProperties), a trailing `**` for anything below (a free-form object).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def key_paths(schema: dict) -> set[str]:
    """Return the dotted key paths `schema` (a JSON schema as YAML) defines."""
    found: set[str] = set()

    def walk(node: object, path: list[str]) -> None:
        if not isinstance(node, dict):
            return
        props = node.get("properties") or {}
        patterns = node.get("patternProperties") or {}
        free = node.get("additionalProperties")
        types = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        if path and ("object" in types or props or patterns) and (
                free is True or (free is None and not props and not patterns)):
            found.add(".".join([*path, "**"]))
        for key, child in props.items():
            found.add(".".join([*path, key]))
            walk(child, [*path, key])
        for child in patterns.values():
            found.add(".".join([*path, "*"]))
            walk(child, [*path, "*"])
        for branch in ("then", "else"):
            walk(node.get(branch), path)

    walk(schema, [])
    return found


if __name__ == "__main__":
    source, ref = Path(sys.argv[1]), sys.argv[2]
    keys = sorted(key_paths(yaml.safe_load(source.read_text(encoding="utf-8"))))
    header = f"# keys of the zero-to-jupyterhub chart's values.schema.yaml ({ref}); see make_keys.py\n"
    (Path(__file__).parent / "values-keys.txt").write_text(header + "\n".join(keys) + "\n", encoding="utf-8")
