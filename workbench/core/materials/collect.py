"""收藏: a passage of a draft (or of an imported speech) made the writer's own material."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ...errors import MaterialError
from ..atomicfile import atomic_write
from ..edits import Edit, FactRef
from ..facts import display
from ..nodes import slot_text
from ..text import clean_text
from ..yamlsource import read_text
from .bank import MAX_TEXT_CHARS, Material, parse_materials
from .forms import SLOTS, get_form

#: The file in the writer's folder that saved materials are appended to.
USER_FILE = "my-materials.yaml"

_HEADER = ("# 我的素材：在讲稿工作台中收藏的文字（可直接编辑；格式见 docs/materials.md）\n"
           "materials:\n")


def passage_material(text: str, form: str, topics: Sequence[str], *,
                     facts: Mapping[str, Any] | None = None,
                     labels: Mapping[str, str] | None = None,
                     ident: str | None = None, note: str = "") -> Material:
    """Return the writer's material for passage `text`, validated like a bank entry.

    The values of `facts` (the draft's: 青山县) found in the passage become slots
    (`{{ place }}`), so the material fits the next speech too; `labels` name the slots
    the bank does not know. For a heading set (标题组) each line is a heading. Raises
    `MaterialError` (a passage that is empty, too long, or not 3–4 headings).
    """
    form_id = get_form(form).id
    lines = [_clean(line) for line in clean_text(text).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise MaterialError("请先选中或填写要收藏的文字")
    slots: dict[str, str] = {}
    lines = [_slotted(line, facts or {}, labels or {}, slots) for line in lines]
    entry: dict[str, Any] = {"id": ident or _ident("".join(lines))}
    entry["form"] = get_form(form).label
    if form_id == "headings":
        entry["headings"] = lines
    else:
        joined = "".join(lines)
        if len(joined) > MAX_TEXT_CHARS:
            raise MaterialError(f"文字过长（{len(joined)} 字），素材上限 {MAX_TEXT_CHARS} 字")
        entry["text"] = joined
    entry["topics"] = list(topics) or ["通用"]
    if slots:
        entry["slots"] = slots
    if note:
        entry["note"] = note
    try:
        return parse_materials(_HEADER + entry_block(entry), "收藏", "user")[0]
    except MaterialError as exc:
        raise MaterialError(exc.message) from None


def _clean(line: str) -> str:
    # Braces would read as template syntax; a passage is the writer's plain text.
    return line.strip().replace("{", "｛").replace("}", "｝")


def _slotted(line: str, facts: Mapping[str, Any], labels: Mapping[str, str],
             slots: dict[str, str]) -> str:
    values = [(fid, display(v)) for fid, v in facts.items()
              if v is not None and not isinstance(v, bool) and len(display(v)) >= 2]
    for fid, value in sorted(values, key=lambda pair: -len(pair[1])):
        if value in line:
            line = line.replace(value, f"{{{{ {fid} }}}}")
            if fid not in SLOTS:
                slots[fid] = labels.get(fid, fid)
    return line


def _ident(text: str) -> str:
    return "my-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def material_entry(material: Material) -> dict[str, Any]:
    """Return `material` as the mapping its YAML file holds."""
    entry: dict[str, Any] = {"id": material.id, "form": material.form.label}
    if material.is_heading_set:
        entry["headings"] = list(material.headings)
    else:
        entry["text"] = material.text
    entry["topics"] = list(material.topics)
    for key in ("kind", "source"):
        if getattr(material, key):
            entry[key] = getattr(material, key)
    if material.slots:
        entry["slots"] = dict(material.slots)
    if material.note:
        entry["note"] = material.note
    return entry


def entry_block(entry: Mapping[str, Any] | Material) -> str:
    """Return one entry as YAML lines of the `materials:` list (indented by two)."""
    data = material_entry(entry) if isinstance(entry, Material) else dict(entry)
    dumped = yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=1000,
                            default_flow_style=None)
    return "".join(f"  {line}" if line.strip() else line for line in dumped.splitlines(True))


def materials_file(materials: Iterable[Material]) -> str:
    """Return a whole material file holding `materials` (for a download)."""
    return _HEADER + "".join(entry_block(m) for m in materials)


def save_material(material: Material, folder: str | os.PathLike[str]) -> Path:
    """Append `material` to `USER_FILE` in `folder` (created if need be) and return its path.

    The file is written atomically and its old text kept as is, comments included. When
    it cannot take one more entry (broken, or edited into another shape), the material
    goes to a new file beside it instead, so nothing the writer wrote is lost.
    """
    directory = Path(folder)
    path = directory / USER_FILE
    block = entry_block(material)
    if path.exists():
        try:
            text = read_text(path)
            existing = parse_materials(text, str(path), "user")
            if any(m.id == material.id for m in existing):
                return path
            new_text = text.rstrip("\n") + "\n" + block
            if len(parse_materials(new_text, str(path), "user")) == len(existing) + 1:
                atomic_write(path, new_text.encode("utf-8"))
                return path
        except (MaterialError, OSError, UnicodeDecodeError):
            pass
        n = 2
        while (directory / f"my-materials-{n}.yaml").exists():
            n += 1
        path = directory / f"my-materials-{n}.yaml"
    atomic_write(path, (_HEADER + block).encode("utf-8"))
    return path


def link_slots(edit: Edit, labels: Mapping[str, str],
               values: Mapping[str, str] | None = None) -> Edit:
    """Return `edit` with the slots an inserted material left (【地名】, by `labels`: fact
    id → label) and the fact values it filled in (`values`: fact id → text, e.g. the
    material's slots) turned into fact references, so they follow the draft's facts."""
    marks = {slot_text(label): fid for fid, label in labels.items()}
    marks.update({text: fid for fid, text in (values or {}).items() if len(text) >= 2})
    texts = [seg for seg in edit.segments if isinstance(seg, str)]
    if not any(mark in seg for seg in texts for mark in marks):
        return edit
    ordered = sorted(marks, key=len, reverse=True)
    segments: list[str | FactRef] = []
    for seg in edit.segments:
        if isinstance(seg, FactRef):
            segments.append(seg)
            continue
        rest = seg
        while rest:
            found = [(rest.find(mark), -len(mark), mark) for mark in ordered if mark in rest]
            if not found:
                segments.append(rest)
                break
            at, _, mark = min(found)
            if at:
                segments.append(rest[:at])
            segments.append(FactRef(marks[mark]))
            rest = rest[at + len(mark):]
    return Edit(segments)
