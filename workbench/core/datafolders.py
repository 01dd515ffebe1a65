"""Folders of YAML data (规范表述, 数字术语): where they are, how they load, the default copy.

A kind of data ships a folder with the project and lets an office add its own through an
environment variable; later folders replace earlier entries. Each kind has its parser and
its collection; what they share lives here: the folder order, reading a folder where a
broken file is recorded and never stops the others, and the process-wide copy that is
loaded on first use (and again when the variable changes).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Generic, TypeVar

from ..errors import TemplateError, TemplateSyntaxError

T = TypeVar("T")
E = TypeVar("E")


def data_dirs(shipped: Path, env: str, extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Return the folders in load order: `shipped`, those the variable `env` names
    (os.pathsep-separated), then `extra`."""
    dirs = [shipped]
    dirs += [Path(p) for p in os.environ.get(env, "").split(os.pathsep) if p.strip()]
    dirs += [Path(p) for p in extra]
    return dirs


def iter_folder(directory: str | os.PathLike[str], load: Callable[[Path], Iterable[E]],
                errors: list[TemplateError], missing: str) -> Iterator[E]:
    """Yield the entries `load` reads from every `*.yaml`/`*.yml` in `directory`, in name
    order; a file that fails goes to `errors`, and so does a missing folder (`missing`
    says what it is)."""
    folder = Path(directory)
    if not folder.is_dir():
        errors.append(TemplateSyntaxError(missing, folder))
        return
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            entries = list(load(path))
        except TemplateError as exc:
            errors.append(exc)
            continue
        yield from entries


class EnvCached(Generic[T]):
    """One process-wide value built by `load`, rebuilt when the variable `env` changes."""

    def __init__(self, env: str, load: Callable[[], T]) -> None:
        self.env = env
        self.load = load
        self._value: tuple[str, T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        """Return the value for the variable as it is now, loading it if needed."""
        key = os.environ.get(self.env, "")
        held = self._value
        if held is None or held[0] != key:
            with self._lock:
                held = self._value
                if held is None or held[0] != key:
                    held = (key, self.load())
                    self._value = held
        return held[1]
