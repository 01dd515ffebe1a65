"""Office conversions through LibreOffice headless (格式转换): .docx -> .pdf, .doc/.wps/.rtf -> .docx.

One conversion runs at a time (a lock shared by every process of the user), each in a
temporary folder of its own holding the input copy, a private LibreOffice profile
(`-env:UserInstallation`), HOME and TMPDIR, so concurrent users never collide and
nothing is left behind, not even after a timeout (the whole process group is killed).
A failure is one Chinese line naming the file and why (`ConversionError`).

Used by the PDF export (`workbench.renderers.pdf`) and by the readers of office formats.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from .errors import ConversionError

#: Environment variable naming the soffice program (default: `soffice` on the PATH).
SOFFICE_ENV = "WORKBENCH_SOFFICE"

#: Seconds a conversion may take, waiting for the lock included.
DEFAULT_TIMEOUT_S = 120.0

#: Largest input accepted, in bytes.
MAX_INPUT_BYTES = 50 * 1024 * 1024

#: Formats `convert` may produce: LibreOffice's --convert-to argument by target suffix.
TARGETS = {
    "pdf": "pdf:writer_pdf_Export",
    "docx": "docx:MS Word 2007 XML",
    "odt": "odt",
    "doc": "doc:MS Word 97",
    "rtf": "rtf",
    "txt": "txt:Text (encoded):UTF8",
}

# One conversion at a time within this process; the file lock does it across processes.
_THREAD_LOCK = threading.Lock()

_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def soffice_path() -> str | None:
    """Return the soffice program to run, or None when LibreOffice is not installed."""
    name = os.environ.get(SOFFICE_ENV) or "soffice"
    return shutil.which(name)


def is_available() -> bool:
    """Return True when LibreOffice can be run here."""
    return soffice_path() is not None


def _lock_path() -> Path:
    return Path(tempfile.gettempdir()) / f"workbench-soffice-{os.getuid()}.lock"


@contextlib.contextmanager
def _one_at_a_time(name: str, deadline: float) -> Iterator[None]:
    """Hold the conversion lock (this process and every other of the user) until done."""
    if not _THREAD_LOCK.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise ConversionError(f"{name}: 转换排队超时，请稍后再试")
    try:
        fd = os.open(_lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise ConversionError(f"{name}: 转换排队超时，请稍后再试") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        _THREAD_LOCK.release()


def convert(data: bytes, name: str, to: str, *, timeout: float = DEFAULT_TIMEOUT_S,
            env: Mapping[str, str] | None = None) -> bytes:
    """Return the file `name` (its bytes `data`) converted by LibreOffice to format `to`.

    `to` is a key of `TARGETS` ("pdf", "docx", …); `env` adds variables to the soffice
    process only (the PDF export gives FONTCONFIG_FILE). Raises `ConversionError` naming
    `name` when LibreOffice is missing, times out or cannot read the file.
    """
    if to not in TARGETS:
        raise ValueError(f"cannot convert to {to!r}; use one of {', '.join(TARGETS)}")
    label = Path(name).name or "文件"
    if len(data) > MAX_INPUT_BYTES:
        raise ConversionError(f"{label}: 文件过大（上限 {MAX_INPUT_BYTES // 2**20} MB），未转换")
    suffix = Path(name).suffix.lower()
    if not _SUFFIX.match(suffix):
        raise ConversionError(f"{label}: 没有可识别的扩展名，无法转换")
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(f"{label}: 未安装 LibreOffice，无法转换（make system-deps 可安装）")
    deadline = time.monotonic() + timeout
    with _one_at_a_time(label, deadline), tempfile.TemporaryDirectory(
            prefix="wb-office-", ignore_cleanup_errors=True) as scratch:
        return _run(soffice, Path(scratch), data, suffix, to, label, deadline, env or {})


def _run(soffice: str, scratch: Path, data: bytes, suffix: str, to: str, label: str,
         deadline: float, extra_env: Mapping[str, str]) -> bytes:
    # The input gets a plain name: a writer's file name may hold anything, and a crashed
    # run's lock file (.~lock.NAME#) beside a reused name would make the load fail quietly.
    source = scratch / f"input{suffix}"
    source.write_bytes(data)
    out_dir, home, tmp = scratch / "out", scratch / "home", scratch / "tmp"
    for folder in (out_dir, home, tmp):
        folder.mkdir()
    command = [soffice, f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
               "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
               "--nolockcheck", "--convert-to", TARGETS[to], "--outdir", str(out_dir), str(source)]
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), **extra_env}
    log = scratch / "soffice.log"
    with log.open("wb") as output:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output,
                                stderr=subprocess.STDOUT, env=env, cwd=scratch,
                                start_new_session=True)
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionError(f"{label}: 转换超时，LibreOffice 未能在规定时间内完成") from None
        finally:
            _kill_group(proc)  # soffice.bin may outlive the launcher; never leave it running
    result = out_dir / f"input.{to}"
    if not result.is_file() or result.stat().st_size == 0:
        raise ConversionError(f"{label}: LibreOffice 无法转换此文件（{_reason(log, proc.returncode)}）")
    return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _reason(log: Path, code: int | None) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    if "source file could not be loaded" in text:
        return "文件已损坏，或不是它的扩展名所示的格式"
    if code:
        return f"退出状态 {code}"
    return "没有生成结果文件"
