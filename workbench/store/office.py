"""The office library (本单位库): templates and unit profiles every writer of a server shares.

One folder (`WORKBENCH_LIBRARY`, on a hub `/srv/workbench/library`) holds `templates/`
and `profiles/`; writers read it, admins write it. Files get there only through
`publish`, which validates first (errors name file, line and field) and replaces the
published file atomically, so a writer never reads half a template.
"""

from __future__ import annotations

import grp
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.loader import Library, parse_template, template_dirs
from ..core.profile import MAX_PROFILE_BYTES as MAX_PROFILE_BYTES
from ..core.profile import PROFILE_FORMAT, ProfileError, parse_profile, read_ignored_terms
from ..core.yamlsource import LineDict, YamlSyntaxError, load_yaml, read_text
from ..errors import TemplateError, WorkbenchError

#: Environment variable naming the office library folder.
LIBRARY_ENV = "WORKBENCH_LIBRARY"

#: Where `make hub` puts the office library unless `WORKBENCH_LIBRARY` says otherwise.
DEFAULT_LIBRARY = Path("/srv/workbench/library")

#: Shown before an office template's title in the template picker.
OFFICE_MARK = "〔本单位〕"

_BAD_STEM = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u3010\u3011]')


class PublishError(WorkbenchError):
    """A file that cannot be published to the office library (bad content or no access)."""


def templates_dir(root: str | os.PathLike[str]) -> Path:
    """Return the office library's template folder."""
    return Path(root) / "templates"


def profiles_dir(root: str | os.PathLike[str]) -> Path:
    """Return the office library's unit profile folder."""
    return Path(root) / "profiles"


def library_root(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the office library folder named by `WORKBENCH_LIBRARY`, or None."""
    env = os.environ if environ is None else environ
    value = env.get(LIBRARY_ENV, "").strip()
    return Path(value) if value else None


class OfficeLibrary(Library):
    """The template library with the office's templates added last, marked as 本单位.

    An office template with the id of a shipped one replaces it. `titles()` lists the
    office's templates first, each title after `OFFICE_MARK`.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        super().__init__()
        self.root = Path(root)
        #: ids of the templates that come from the office library
        self.office_ids: frozenset[str] = frozenset()

    def add_office(self) -> None:
        """Index the office library's templates (a missing folder is no error)."""
        folder = templates_dir(self.root)
        if not folder.is_dir():
            return
        office = Library()
        office.add_dir(folder)
        self.add_dir(folder)
        self.office_ids = frozenset(office)

    def is_office(self, template_id: str) -> bool:
        """Return whether `template_id` comes from the office library."""
        return template_id in self.office_ids and template_id in self

    def titles(self) -> dict[str, str]:
        """Return id -> title, the office's templates first and marked 〔本单位〕."""
        titles = super().titles()
        office = {k: f"{OFFICE_MARK}{v}" for k, v in titles.items() if k in self.office_ids}
        return {**office, **{k: v for k, v in titles.items() if k not in office}}

    def profiles(self) -> list[Path]:
        """Return the office's unit profiles (`profiles/*.yaml`), by name."""
        return list_profiles(self.root)


def office_library(environ: Mapping[str, str] | None = None) -> OfficeLibrary | None:
    """Return the library with the office's templates when `WORKBENCH_LIBRARY` is set, else None."""
    root = library_root(environ)
    if root is None:
        return None
    library = OfficeLibrary(root)
    for directory in template_dirs():
        library.add_dir(directory)
    library.add_office()
    return library


def list_profiles(root: str | os.PathLike[str]) -> list[Path]:
    """Return the unit profiles in the office library at `root`, sorted by name."""
    folder = profiles_dir(root)
    try:
        paths = [*folder.glob("*.yaml"), *folder.glob("*.yml")]
    except OSError:
        return []
    return sorted((p for p in paths if not p.name.startswith(".") and p.is_file()),
                  key=lambda p: p.name)


# -- validating and publishing ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Published:
    """What `publish` wrote: the kind ("template" or "profile"), its name and path."""

    kind: str
    name: str
    path: Path


def validate_profile(text: str, path: str) -> int:
    """Check the unit profile `text` (from `path`), as the app reads it; return its facts.

    Raises `PublishError` naming file, line and fact (`core.profile.parse_profile`).
    """
    try:
        read_ignored_terms(text, path)  # 不再提示此词 the unit shares, as the app reads them
        return len(parse_profile(text, path))
    except ProfileError as exc:
        raise PublishError(str(exc)) from None


def _is_profile(text: str) -> bool:
    try:
        data = load_yaml(text)
    except YamlSyntaxError:
        return False
    if not isinstance(data, LineDict):
        return False
    if data.get("format") == PROFILE_FORMAT:
        return True
    # A plain "fact: value" mapping is a profile too; a template always has these fields.
    return not ({"id", "title", "parts"} & set(data))


def _profile_name(source: Path) -> str:
    stem = source.stem.strip()
    if not stem or stem.startswith(".") or _BAD_STEM.search(stem) or len(stem) > 80:
        raise PublishError(f"{source}: 文件名不能用作档案名（不能以“.”开头，不能含 / \\ : * ? \" < > | 【】）")
    return stem


def publish(source: str | os.PathLike[str], root: str | os.PathLike[str],
            group: str | None = None) -> Published:
    """Validate the template or unit profile `source` and put it into the library at `root`.

    A template goes to `templates/<id>.yaml`, a profile to `profiles/<file name>`; the
    file replaces any earlier one atomically and is readable by every writer. Raises
    `PublishError` (or `TemplateError`, naming file, line and field) and writes nothing
    when the file is not valid.
    """
    source = Path(source)
    try:
        text = read_text(source)
    except FileNotFoundError:
        raise PublishError(f"{source}: 文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "不是 UTF-8 文本"
        raise PublishError(f"{source}: 无法读取（{reason}）") from None
    if _is_profile(text):
        validate_profile(text, str(source))
        kind, name = "profile", _profile_name(source)
        target = profiles_dir(root) / f"{name}.yaml"
    else:
        try:
            template = parse_template(text, str(source))
        except TemplateError as exc:
            raise PublishError(str(exc)) from None
        kind, name = "template", template.id
        target = templates_dir(root) / f"{template.id}.yaml"
    ensure_library(root, group)
    _write_readable(target, text.encode("utf-8"))
    return Published(kind, name, target)


def unpublish(name: str, root: str | os.PathLike[str]) -> Path:
    """Remove the template with id `name` (or else the profile called `name`); return its path."""
    for candidate in (templates_dir(root) / f"{name}.yaml", profiles_dir(root) / f"{name}.yaml"):
        if _BAD_STEM.search(name) or name.startswith("."):
            break
        if candidate.is_file():
            try:
                candidate.unlink()
            except OSError as exc:
                raise PublishError(f"{candidate}: 无法删除（{exc.strerror or exc}）") from None
            return candidate
    raise PublishError(f"本单位库中没有“{name}”")


def ensure_library(root: str | os.PathLike[str], group: str | None = None) -> Path:
    """Create the library folders if missing: readable by all, writable by `group`'s members.

    With `group` (e.g. workbench-admins) the folders are root:group, mode 2775 (new files
    keep the group); without it they are 0755, writable by their owner only.
    """
    root = Path(root)
    gid = None
    if group is not None:
        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            gid = None
    for folder in (root, templates_dir(root), profiles_dir(root)):
        try:
            existed = folder.is_dir()
            folder.mkdir(parents=True, exist_ok=True)
            if not existed:
                if gid is not None and os.geteuid() == 0:
                    os.chown(folder, 0, gid)
                    os.chmod(folder, 0o2775)
                else:
                    os.chmod(folder, 0o755)
        except OSError as exc:
            raise PublishError(f"{folder}: 无法创建本单位库目录（{exc.strerror or exc}）") from None
    return root


def _write_readable(path: Path, data: bytes) -> None:
    # Like Draft.save's atomic write, but the file is 0644 before it takes the name:
    # writers read the library, and must never see a file they cannot open.
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise PublishError(f"{path.parent}: 无法写入本单位库（{exc.strerror or exc}）；"
                           "请以管理员身份运行") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o644)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
