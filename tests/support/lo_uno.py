"""Drive a real LibreOffice through UNO: edit .docx files with record changes on, and read
them back with every change accepted or rejected.

Debian's python3-uno binds only to the system interpreter, so this script runs under
`/usr/bin/python3` in a subprocess (see `tests/support/libreoffice.py`), reading one JSON
request on stdin and writing one JSON answer on stdout:

    {"profile": DIR, "author": "王主任", "jobs": [
        {"op": "edit", "input": IN.docx, "output": OUT.docx, "record": true,
         "edits": [{"replace": OLD, "with": NEW}, {"delete": TEXT},
                   {"after": TEXT, "insert": NEW}, {"after": TEXT, "paragraph": NEW},
                   {"delete_paragraph": TEXT}, {"record": false}]},
        {"op": "read", "input": IN.docx, "changes": "accept" | "reject" | "keep"}]}
    -> {"results": [{"redlines": N, "paragraphs": [...]}, ...]}

`paragraphs` are the text of every paragraph of the body, in order (table cells not
included), after the job. It starts one soffice with a private profile for the whole
request and kills its process group at the end. Only the standard library and `uno`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(profile):
    port = _free_port()
    home = profile / "home"
    home.mkdir(parents=True, exist_ok=True)
    log = (profile / "soffice.log").open("wb")
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation={(profile / 'lo').as_uri()}",
         f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
        env={**os.environ, "HOME": str(home)})
    # For the caller, which kills the process group if this script is killed first.
    (profile / "soffice.pid").write_text(str(proc.pid))
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    deadline = time.monotonic() + 90
    while True:
        try:
            ctx = resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            return proc, ctx
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("soffice did not accept a connection") from None
            time.sleep(0.3)


def _set_author(ctx, author):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (_prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", author)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def _load(desktop, path, work):
    # A private copy: a lock file left by an earlier crash makes a headless load return None.
    copy = work / f"in-{time.monotonic_ns()}{Path(path).suffix}"
    shutil.copyfile(path, copy)
    doc = desktop.loadComponentFromURL(copy.as_uri(), "_blank", 0, (_prop("Hidden", True),))
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {path}")
    return doc


def _find(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    search.SearchCaseSensitive = True
    found = doc.findFirst(search)
    if found is None:
        raise RuntimeError(f"text not found: {text!r}")
    return found


def _edit(doc, edit):
    if "record" in edit:  # record changes on or off from here on
        doc.RecordChanges = bool(edit["record"])
    elif "replace" in edit:
        _find(doc, edit["replace"]).setString(edit["with"])
    elif "delete" in edit:
        _find(doc, edit["delete"]).setString("")
    elif "insert" in edit:
        end = _find(doc, edit["after"]).getEnd()
        end.getText().insertString(end, edit["insert"], False)
    elif "paragraph" in edit:
        found = _find(doc, edit["after"])
        cursor = found.getText().createTextCursorByRange(found.getEnd())
        cursor.gotoEndOfParagraph(False)
        text = cursor.getText()
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, edit["paragraph"], False)
    elif "delete_paragraph" in edit:
        # The whole paragraph that holds the text, with its paragraph mark.
        found = _find(doc, edit["delete_paragraph"])
        cursor = found.getText().createTextCursorByRange(found.getStart())
        cursor.gotoStartOfParagraph(False)
        cursor.gotoEndOfParagraph(True)
        cursor.goRight(1, True)
        cursor.setString("")
    else:
        raise RuntimeError(f"unknown edit: {edit}")


def _paragraphs(doc):
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element.getString())
    return out


def _dispatch(ctx, doc, command):
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())


def _run(ctx, desktop, job, work):
    doc = _load(desktop, job["input"], work)
    try:
        if job["op"] == "edit":
            doc.RecordChanges = bool(job.get("record", True))
            for edit in job["edits"]:
                _edit(doc, edit)
            result = {"redlines": doc.getRedlines().getCount(), "paragraphs": _paragraphs(doc)}
            doc.storeToURL(Path(job["output"]).resolve().as_uri(),
                           (_prop("FilterName", "MS Word 2007 XML"),))
            return result
        if job["op"] == "read":
            redlines = doc.getRedlines().getCount()
            command = {"accept": ".uno:AcceptAllTrackedChanges",
                       "reject": ".uno:RejectAllTrackedChanges"}.get(job.get("changes", "keep"))
            if command:
                _dispatch(ctx, doc, command)
            return {"redlines": redlines, "left": doc.getRedlines().getCount(),
                    "paragraphs": _paragraphs(doc)}
        raise RuntimeError(f"unknown op: {job['op']}")
    finally:
        doc.close(True)


def main():
    request = json.load(sys.stdin)
    profile = Path(request.get("profile") or tempfile.mkdtemp(prefix="wb-lo-"))
    work = profile / "work"
    work.mkdir(parents=True, exist_ok=True)
    proc, ctx = _start(profile)
    try:
        _set_author(ctx, request.get("author", "审稿人"))
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        results = [_run(ctx, desktop, job, work) for job in request["jobs"]]
        try:
            desktop.terminate()
        except Exception:  # the bridge goes away while soffice quits
            pass
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    json.dump({"results": results}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
