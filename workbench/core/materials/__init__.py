"""The material bank (素材库): phrases, sentences and heading sets a writer searches and
drops into a speech.

- `bank`: `Material` values parsed from YAML (validated: file, line, field), folders
  loaded into a `MaterialBank` (shipped `materials/`, `WORKBENCH_MATERIALS`, the
  writer's own);
- `forms`: the forms (排比, 四字格 … aligned with the pattern catalogue), topics and slots;
- `search`: the inverted index (jieba words, pinyin initials), built on first use;
- `collect`: a passage of a draft turned into the writer's own material.

Nothing here loads jieba or pypinyin at import.
"""

from __future__ import annotations

from .bank import (
    MATERIALS_ENV,
    SHIPPED_DIR,
    USER_MATERIALS_ENV,
    Material,
    MaterialBank,
    check_dir,
    load_bank,
    load_material_file,
    material_dirs,
    parse_materials,
    user_materials_dir,
)
from .forms import FORMS, SLOTS, TOPICS, MaterialForm, get_form, infer_topics, iter_forms

__all__ = [
    "FORMS",
    "MATERIALS_ENV",
    "SHIPPED_DIR",
    "SLOTS",
    "TOPICS",
    "USER_MATERIALS_ENV",
    "Material",
    "MaterialBank",
    "MaterialForm",
    "check_dir",
    "check_materials",
    "get_form",
    "infer_topics",
    "iter_forms",
    "load_bank",
    "load_material_file",
    "material_dirs",
    "parse_materials",
    "search_materials",
    "template_topics",
    "user_materials_dir",
]


#: `check_dir` under the name the public API gives it (`workbench.check_materials`).
check_materials = check_dir


def template_topics(template: object) -> tuple[str, ...]:
    """Return the topics of a speech template, from its title and occasion (安委会 →
    安全生产); the draft's materials of these topics rank first."""
    title = getattr(template, "title", "")
    source = getattr(title, "source", title)
    return infer_topics(str(source), str(getattr(template, "occasion", "")))


def search_materials(query: str = "", *, form: str | None = None, topic: str | None = None,
                     template: object | None = None, limit: int = 20,
                     bank: MaterialBank | None = None) -> list:
    """Search the bank (default: `load_bank()`) for `query`; the materials of
    `template`'s topic rank first among equals. Returns `Hit`s, best first."""
    bank = bank if bank is not None else load_bank()
    prefer = template_topics(template) if template is not None else ()
    return bank.search(query, form=form, topic=topic, prefer=prefer, limit=limit)
