"""No draft is ever lost: a writer killed mid-save leaves the last good draft loadable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.conftest import ROOT
from workbench import Draft, load_library

_WRITER = """
import os
import sys
from workbench import Draft, load_library
path = sys.argv[1]
# A writer who comes back opens the draft the last one left (saving a new draft over it
# would be refused as a conflict).
if os.path.exists(path):
    draft = Draft.load(path)
else:
    draft = Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
n = 0
while True:
    n += 1
    draft.facts["place"] = f"第{n}县"
    draft.set_edit("opening.0", "改写" * (n % 4000))
    draft.save(path)
    if n == 1:
        print("saved", flush=True)
"""


def test_sigkill_during_save_loop_leaves_a_loadable_draft(tmp_path):
    path = tmp_path / "draft.json"
    library = load_library()
    places = set()
    revisions = []
    for delay in (0.05, 0.13, 0.21, 0.34, 0.55):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "saved"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        draft = Draft.load(path, library)
        places.add(draft.facts["place"])
        revisions.append(draft.revision)
        assert draft.render("text")
    assert len(places) >= 2  # the loop really was saving when it was killed
    assert revisions == sorted(revisions) and revisions[0] >= 1  # each writer went on counting
