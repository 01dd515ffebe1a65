"""Office conversions through LibreOffice headless (格式转换): .docx -> .pdf, .doc/.wps/.rtf -> .docx.

One conversion runs at a time (a lock shared by every process of the user), each in a
temporary folder of its own holding the input copy, a private LibreOffice profile
(`-env:UserInstallation`), HOME and TMPDIR, so concurrent users never collide and
nothing is left behind, not even after a timeout (the whole process group is killed).
A failure is one Chinese line naming the file and why (`ConversionError`).

Starting LibreOffice is most of a conversion's time (about 1 s of 1.1 s for a
4,000-character speech). Where conversions repeat (the dashboard), `convert(...,
warm=True)` uses a `WarmConverter`: one LibreOffice kept running between conversions,
driven through Debian's UNO bridge by `office_worker.py`, closed after `WARM_IDLE_S`
unused. Without the bridge it falls back to a fresh process per conversion.

Used by the PDF export (`workbench.renderers.pdf`) and by the readers of office formats.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

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

#: LibreOffice's filter (and filter options) per target, for the kept-warm converter.
FILTERS = {
    "pdf": ("writer_pdf_Export", ""),
    "docx": ("MS Word 2007 XML", ""),
    "odt": ("writer8", ""),
    "doc": ("MS Word 97", ""),
    "rtf": ("Rich Text Format", ""),
    "txt": ("Text (encoded)", "UTF8"),
}

#: Environment variable naming a Python that has the UNO bridge (default /usr/bin/python3).
UNO_PYTHON_ENV = "WORKBENCH_UNO_PYTHON"

#: Seconds a kept-warm LibreOffice stays running unused before it is closed.
WARM_IDLE_S = 300.0

#: The script the kept-warm converter runs under the UNO Python.
WORKER = Path(__file__).with_name("office_worker.py")

log = logging.getLogger("workbench.convert")

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


def _check(data: bytes, name: str, to: str, label: str | None = None) -> tuple[str, str, str]:
    """Return (label, suffix, soffice) for a conversion, or raise naming the file."""
    if to not in TARGETS:
        raise ValueError(f"cannot convert to {to!r}; use one of {', '.join(TARGETS)}")
    label = label or Path(name).name or "文件"
    if len(data) > MAX_INPUT_BYTES:
        raise ConversionError(f"{label}: 文件过大（上限 {MAX_INPUT_BYTES // 2**20} MB），未转换")
    suffix = Path(name).suffix.lower()
    if not _SUFFIX.match(suffix):
        raise ConversionError(f"{label}: 没有可识别的扩展名，无法转换")
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(f"{label}: 未安装 LibreOffice，无法转换（make system-deps 可安装）")
    return label, suffix, soffice


def convert(data: bytes, name: str, to: str, *, timeout: float = DEFAULT_TIMEOUT_S,
            env: Mapping[str, str] | None = None, warm: bool = False,
            label: str | None = None, infilter: str | None = None) -> bytes:
    """Return the file `name` (its bytes `data`) converted by LibreOffice to format `to`.

    `to` is a key of `TARGETS` ("pdf", "docx", …); `env` adds variables to the soffice
    process only (the PDF export gives FONTCONFIG_FILE). With `warm`, a LibreOffice kept
    running for these `env` does it (see `WarmConverter`). Raises `ConversionError`
    naming the file (`label`, default the name of `name`) when LibreOffice is missing,
    times out or cannot read the file. `infilter` names the import filter ("MS Word 97"):
    without it LibreOffice guesses, and takes a damaged file for plain text.
    """
    label, suffix, soffice = _check(data, name, to, label)
    if warm and uno_python() is not None:
        return warm_converter(env).convert(data, name, to, timeout=timeout, label=label,
                                           infilter=infilter)
    deadline = time.monotonic() + timeout
    with _one_at_a_time(label, deadline), tempfile.TemporaryDirectory(
            prefix="wb-office-", ignore_cleanup_errors=True) as scratch:
        return _run(soffice, Path(scratch), data, suffix, to, label, deadline, env or {}, infilter)


def _run(soffice: str, scratch: Path, data: bytes, suffix: str, to: str, label: str,
         deadline: float, extra_env: Mapping[str, str], infilter: str | None = None) -> bytes:
    # The input gets a plain name: a writer's file name may hold anything, and a crashed
    # run's lock file (.~lock.NAME#) beside a reused name would make the load fail quietly.
    source = scratch / f"input{suffix}"
    source.write_bytes(data)
    out_dir, home, tmp = scratch / "out", scratch / "home", scratch / "tmp"
    for folder in (out_dir, home, tmp):
        folder.mkdir()
    command = [soffice, f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
               "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
               "--nolockcheck", *([f"--infilter={infilter}"] if infilter else []),
               "--convert-to", TARGETS[to], "--outdir", str(out_dir), str(source)]
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
            _remove_pipes(scratch / "profile")
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


def _remove_pipes(profile: Path, *names: str) -> None:
    """Remove the sockets a killed LibreOffice leaves in /tmp for `profile` (and `names`).

    soffice's single-instance pipe is named after the MD5 of its profile URL in UTF-16
    (hex digits unpadded, as LibreOffice writes them); a clean exit removes it, a kill
    does not.
    """
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    stems = [f"SingleOfficeIPC_{''.join(format(b, 'x') for b in digest)}", *names]
    for stem in stems:
        for folder in ("/tmp", "/var/tmp"):
            path = Path(folder) / f"OSL_PIPE_{os.getuid()}_{stem}"
            with contextlib.suppress(OSError):
                if path.is_socket():
                    path.unlink()


# -- a LibreOffice kept warm ------------------------------------------------------------------

_UNO_PYTHON: dict[str, str | None] = {}


def uno_python() -> str | None:
    """Return a Python that can import `uno` (Debian's python3-uno), or None."""
    candidate = os.environ.get(UNO_PYTHON_ENV) or "/usr/bin/python3"
    if candidate not in _UNO_PYTHON:
        path = shutil.which(candidate)
        found = None
        if path is not None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                probe = subprocess.run([path, "-c", "import uno"], stdin=subprocess.DEVNULL,
                                       capture_output=True, timeout=30)
                found = path if probe.returncode == 0 else None
        _UNO_PYTHON[candidate] = found
    return _UNO_PYTHON[candidate]


class _WorkerGone(Exception):
    """The worker ended or stopped answering."""


#: What the worker answers for a file LibreOffice cannot read (it stays healthy).
_BAD_FILE = ("could not be loaded", "IllegalArgument", "IOException")


class _OfficeCrashed(Exception):
    """The kept-warm LibreOffice died during a conversion (the worker was stopped)."""


class WarmConverter:
    """A LibreOffice kept running between conversions, for callers that convert often.

    The first conversion starts it (through `office_worker.py` under `uno_python()`), in
    a private folder holding its profile, HOME, TMPDIR and the files of the conversion
    under way; each later one costs only the conversion (~0.1 s instead of ~1 s). It is
    closed after `idle_s` unused, at exit, and killed (process group, folder, pipes) when
    a conversion passes its timeout; the next conversion starts it again. When it dies
    during a conversion (LibreOffice 7.4 crashes loading a .doc with a comment through
    UNO, where `--convert-to` does not), or fails for any reason but a file it cannot
    read, it is stopped and that file is converted by a fresh process instead.
    Conversions share the module's one-at-a-time lock with `convert`.
    """

    def __init__(self, env: Mapping[str, str] | None = None, idle_s: float = WARM_IDLE_S) -> None:
        self.env = dict(env or {})
        self.idle_s = idle_s
        #: How many times LibreOffice was started (a figure for tests and the bench).
        self.starts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._folder: Path | None = None
        self._pipe = ""
        self._buffer = b""
        self._timer: threading.Timer | None = None
        #: Digests of inputs the kept-warm LibreOffice died on: converted cold from then on.
        self._crashed: set[str] = set()

    @property
    def is_running(self) -> bool:
        """True while the kept-warm LibreOffice is up."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The worker's process id (its process group holds soffice too), or None."""
        return self._proc.pid if self.is_running and self._proc is not None else None

    def convert(self, data: bytes, name: str, to: str, *, timeout: float = DEFAULT_TIMEOUT_S,
                label: str | None = None, infilter: str | None = None) -> bytes:
        """Return `data` (the file `name`) converted to `to`; see `convert`."""
        label, suffix, soffice = _check(data, name, to, label)
        deadline = time.monotonic() + timeout
        with _one_at_a_time(label, deadline):
            self._cancel_timer()
            digest = hashlib.sha256(data).hexdigest()
            try:
                if digest not in self._crashed:
                    try:
                        return self._convert(soffice, data, suffix, to, label, deadline, infilter)
                    except _OfficeCrashed:
                        log.warning("kept-warm LibreOffice died converting %s; converting it cold", label)
                        if len(self._crashed) < 256:
                            self._crashed.add(digest)
                with tempfile.TemporaryDirectory(prefix="wb-office-", ignore_cleanup_errors=True) as scratch:
                    return _run(soffice, Path(scratch), data, suffix, to, label, deadline, self.env,
                                infilter)
            finally:
                self._arm_timer()

    def _convert(self, soffice: str, data: bytes, suffix: str, to: str, label: str,
                 deadline: float, infilter: str | None = None) -> bytes:
        if not self.is_running:
            self._start(soffice, label, deadline)
        assert self._folder is not None and self._proc is not None and self._proc.stdin is not None
        work = Path(tempfile.mkdtemp(prefix="job-", dir=self._folder))
        try:
            source, target = work / f"input{suffix}", work / f"output.{to}"
            source.write_bytes(data)
            filter_name, options = FILTERS[to]
            request = {"in": str(source), "out": str(target), "filter": filter_name, "options": options}
            if infilter:
                request["infilter"] = infilter
            try:
                self._proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                self._proc.stdin.flush()
                answer = self._read(deadline)
            except (_WorkerGone, OSError):
                timed_out = time.monotonic() >= deadline
                self._kill()
                if timed_out:
                    raise ConversionError(f"{label}: 转换超时，LibreOffice 未能在规定时间内完成") from None
                raise _OfficeCrashed() from None
            if "error" in answer or not target.is_file() or target.stat().st_size == 0:
                error = str(answer.get("error", ""))
                log.info("conversion failed: %s", error)
                if not any(sign in error for sign in _BAD_FILE):
                    # Anything else means LibreOffice itself is in trouble (it died: the
                    # bridge is gone, or a fresh one says "illegal object"): start afresh.
                    self._kill()
                    raise _OfficeCrashed()
                raise ConversionError(f"{label}: LibreOffice 无法转换此文件（文件已损坏，或不是它的扩展名所示的格式）")
            return target.read_bytes()
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _start(self, soffice: str, label: str, deadline: float) -> None:
        python = uno_python()
        if python is None:
            raise ConversionError(f"{label}: 缺少 LibreOffice 的 Python 接口（python3-uno），无法转换")
        folder = Path(tempfile.mkdtemp(prefix="wb-office-warm-"))
        for sub in ("home", "tmp"):
            (folder / sub).mkdir()
        self._folder, self._pipe, self._buffer = folder, f"wb-{secrets.token_hex(8)}", b""
        env = {**os.environ, "HOME": str(folder / "home"), "TMPDIR": str(folder / "tmp"), **self.env}
        with (folder / "worker.log").open("wb") as errors:
            # umask 077: the UNO pipe LibreOffice listens on is for this user only.
            self._proc = subprocess.Popen(
                [python, str(WORKER), soffice, str(folder), self._pipe], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=errors, env=env, cwd=folder,
                start_new_session=True, umask=0o077)
        try:
            answer = self._read(deadline)
        except _WorkerGone:
            self._kill()
            raise ConversionError(f"{label}: LibreOffice 未能启动（超时或意外退出）") from None
        if not answer.get("ready"):
            log.warning("LibreOffice worker did not start: %s", answer.get("error"))
            self._kill()
            raise ConversionError(f"{label}: LibreOffice 未能启动")
        self.starts += 1

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _WorkerGone("timeout")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise _WorkerGone("end of output")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            answer = json.loads(line)
        except ValueError:
            raise _WorkerGone("garbled answer") from None
        return answer if isinstance(answer, dict) else {}

    def close(self) -> None:
        """Close LibreOffice (politely, then by force) and remove its folder."""
        with _THREAD_LOCK:
            self._cancel_timer()
            self._close()

    def _close(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # the worker closes LibreOffice at the end of its input
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        self._kill()

    def _kill(self) -> None:
        proc, folder = self._proc, self._folder
        self._proc, self._folder = None, None
        if proc is not None:
            _kill_group(proc)
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if folder is not None:
            _remove_pipes(folder / "profile", self._pipe)
            shutil.rmtree(folder, ignore_errors=True)

    def _arm_timer(self) -> None:
        if self.is_running and self.idle_s > 0:
            self._timer = threading.Timer(self.idle_s, self._on_idle)
            self._timer.daemon = True
            self._timer.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _on_idle(self) -> None:
        # A conversion under way re-arms the timer when it ends; never wait for it here.
        if _THREAD_LOCK.acquire(blocking=False):
            try:
                self._timer = None
                self._close()
            finally:
                _THREAD_LOCK.release()


_WARM: dict[tuple[tuple[str, str], ...], WarmConverter] = {}


def warm_converter(env: Mapping[str, str] | None = None) -> WarmConverter:
    """Return this process's kept-warm converter for `env` (made on first use)."""
    key = tuple(sorted((env or {}).items()))
    converter = _WARM.get(key)
    if converter is None:
        converter = _WARM[key] = WarmConverter(env)
    return converter


@atexit.register
def close_warm_converters() -> None:
    """Close every kept-warm LibreOffice of this process (also done at exit)."""
    for converter in list(_WARM.values()):
        with contextlib.suppress(Exception):
            converter.close()
