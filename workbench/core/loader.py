"""Template loading: template files found in folders, indexed, and parsed on first use.

`Library` maps ids to templates (the shipped `templates/`, `WORKBENCH_TEMPLATES`, the
writer's own folders); `core/schema.py` parses and validates each file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError, TemplateNotFound, TemplateSyntaxError
from .schema import TEMPLATE_ID, parse_template
from .templates import SpeechTemplate
from .yamlsource import read_text, read_yaml_file

#: The folder of templates shipped with the project.
SHIPPED_DIR = Path(__file__).resolve().parents[2] / "templates"

#: Environment variable with extra template folders (os.pathsep-separated).
TEMPLATES_ENV = "WORKBENCH_TEMPLATES"

__all__ = ["SHIPPED_DIR", "TEMPLATES_ENV", "Library", "load_library", "load_template",
           "parse_template", "template_dirs"]


def load_template(path: str | os.PathLike[str]) -> SpeechTemplate:
    """Load and validate the template file at `path`."""
    path = Path(path)
    return parse_template(read_yaml_file(path, "文件"), str(path))


_INDEX_ID = re.compile(r"^id:[ \t]*['\"]?([^'\"\s#]+)", re.MULTILINE)
_INDEX_TITLE = re.compile(r"^title:[ \t]*(.+)$", re.MULTILINE)
_INDEX_REF = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True, slots=True)
class _Entry:
    """A template file found in a folder, known by the id and title its text shows."""

    path: Path
    title: str


class Library(Mapping[str, SpeechTemplate]):
    """The templates found in some folders, by id; later folders override earlier ones.

    Folders are indexed quickly (each file's `id:` and `title:` lines); a template is
    parsed and fully validated the first time it is used, so a library of a thousand
    templates opens at once. `errors` validates every template not yet used and lists
    the files that failed; a failed template is dropped from the library and never
    stops the others from loading.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._loaded: dict[str, SpeechTemplate] = {}
        self._errors: list[TemplateError] = []

    def __getitem__(self, key: str) -> SpeechTemplate:
        template = self._loaded.get(key)
        if template is not None:
            return template
        entry = self._entries.get(key)
        if entry is None:
            raise TemplateNotFound(key, tuple(self._entries))
        try:
            template = load_template(entry.path)
        except TemplateError as exc:
            self._fail(key, exc)
            raise
        if template.id != key:
            error = TemplateSyntaxError(f"模板标识“{template.id}”与索引“{key}”不一致", entry.path,
                                        None, "id")
            self._fail(key, error)
            raise error
        self._loaded[key] = template
        return template

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def _fail(self, key: str, error: TemplateError) -> None:
        self._entries.pop(key, None)
        self._errors.append(error)

    @property
    def errors(self) -> list[TemplateError]:
        """The template files that failed to load, after validating every template."""
        self.validate()
        return list(self._errors)

    def validate(self) -> None:
        """Parse and validate every template not yet used, recording failures."""
        for key in list(self._entries):
            if key not in self._loaded:
                try:
                    self[key]
                except TemplateError:
                    pass

    def titles(self) -> dict[str, str]:
        """Return id -> title as the files show it, facts as 【id】, without validating."""
        out = {}
        for key, entry in self._entries.items():
            template = self._loaded.get(key)
            out[key] = template.display_title if template else entry.title
        return out

    def add_template(self, template: SpeechTemplate) -> None:
        """Add an already loaded template (e.g. one just imported), replacing its id."""
        path = Path(template.path) if template.path else Path(f"<{template.id}>")
        self._entries[template.id] = _Entry(path, template.display_title)
        self._loaded[template.id] = template

    def add_dir(self, directory: str | os.PathLike[str]) -> None:
        """Index every `*.yaml`/`*.yml` in `directory`; files without an id fail now."""
        folder = Path(directory)
        if not folder.is_dir():
            self._errors.append(TemplateSyntaxError("模板目录不存在", folder))
            return
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            try:
                text = read_text(path)
            except (OSError, UnicodeDecodeError) as exc:
                self._errors.append(TemplateSyntaxError(f"无法读取文件：{exc.__class__.__name__}",
                                                        path))
                continue
            match = _INDEX_ID.search(text)
            if match is None or not TEMPLATE_ID.match(match.group(1)):
                try:
                    parse_template(text, str(path))
                except TemplateError as exc:
                    self._errors.append(exc)
                    continue
                self._errors.append(TemplateSyntaxError("顶层字段 id 无法识别", path, 1, "id"))
                continue
            key = match.group(1)
            title_match = _INDEX_TITLE.search(text)
            title = title_match.group(1).strip().strip("'\"") if title_match else key
            self._entries[key] = _Entry(path, _INDEX_REF.sub(r"【\1】", title))
            self._loaded.pop(key, None)


def template_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Return the template folders in load order: shipped, `WORKBENCH_TEMPLATES`, `extra`."""
    dirs = [SHIPPED_DIR]
    env = os.environ.get(TEMPLATES_ENV, "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    dirs += [Path(p) for p in extra]
    return dirs


def load_library(*extra_dirs: str | os.PathLike[str], shipped: bool = True) -> Library:
    """Return the library of templates: the shipped ones, then the user's folders.

    A broken file never stops the others from loading; see `Library.errors`.
    """
    library = Library()
    dirs = template_dirs(extra_dirs)
    for directory in dirs if shipped else dirs[1:]:
        library.add_dir(directory)
    return library
