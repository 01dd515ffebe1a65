"""A LibreOffice kept warm for `workbench.convert.WarmConverter`: run by the system Python.

Not imported by the workbench: Debian's UNO bridge (python3-uno) exists only for the
system interpreter, so `WarmConverter` runs this file as a script under it. The script
starts soffice listening on a private pipe, connects, and then converts one request
per line of standard input, answering one JSON line each:

    {"in": "/path/input.docx", "out": "/path/output.pdf", "filter": "writer_pdf_Export"}
    (and "infilter": "MS Word 97" to load with that import filter, not a guessed one)
    -> {"ok": true}  or  {"error": "..."}

At the end of standard input (the caller closed it, or died) it closes LibreOffice and
removes its folder. Arguments: soffice program, private folder, pipe name.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time


def _props(**values):  # type: ignore[no-untyped-def]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _connect(pipe: str, office: subprocess.Popen, timeout: float = 90.0):  # type: ignore[no-untyped-def]
    import uno  # type: ignore[import-not-found]

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(desktop, request):  # type: ignore[no-untyped-def]
    import uno  # type: ignore[import-not-found]

    # Never run a document's macros, never fetch its links (a file from a writer is
    # untrusted); hidden, so no window is ever asked for.
    settings = {"Hidden": True, "ReadOnly": True, "MacroExecutionMode": 0, "UpdateDocMode": 0}
    if request.get("infilter"):
        settings["FilterName"] = request["infilter"]
    load = _props(**settings)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["in"]), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("source file could not be loaded")
    try:
        store = {"FilterName": request["filter"]}
        if request.get("options"):
            store["FilterOptions"] = request["options"]
        doc.storeToURL(uno.systemPathToFileUrl(request["out"]), _props(**store))
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    """Serve conversions until standard input ends; return the exit status."""
    soffice, folder, pipe = argv[1:4]
    profile = "file://" + os.path.join(folder, "profile")
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        try:
            desktop = _connect(pipe, office)
        except Exception as exc:
            print(json.dumps({"error": f"start: {exc.__class__.__name__}: {exc}"[:300]}), flush=True)
            return 1
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            try:
                _convert(desktop, json.loads(line))
                answer = {"ok": True}
            except Exception as exc:
                answer = {"error": f"{exc.__class__.__name__}: {exc}"[:300]}
            print(json.dumps(answer), flush=True)
        return 0
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
