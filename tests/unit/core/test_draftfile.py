"""Saving drafts: the revision counter, refused conflicting saves, the lock, the .bak copy."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from workbench import Draft, DraftConflictError, DraftError, DraftSaveError
from workbench.core.draftfile import backup_path, lock_path, locked, read_disk_draft


def test_each_save_counts_a_revision_in_the_file(sample_draft, dict_loader, tmp_path):
    path = tmp_path / "d.json"
    assert sample_draft.revision == 0
    sample_draft.save(path)
    assert sample_draft.revision == 1
    assert json.loads(path.read_text(encoding="utf-8"))["revision"] == 1
    sample_draft.save(path)
    assert sample_draft.revision == 2
    assert Draft.load(path, dict_loader).revision == 2


def test_a_draft_without_a_revision_opens_as_revision_0_and_saves_as_1(sample_draft, dict_loader,
                                                                      tmp_path):
    data = sample_draft.to_json()
    del data["revision"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old = Draft.load(path, dict_loader)
    assert old.revision == 0 and not old.notes
    old.save(path)
    assert json.loads(path.read_text(encoding="utf-8"))["revision"] == 1


def test_a_later_save_of_an_older_revision_is_refused_and_the_file_kept(sample_draft, dict_loader,
                                                                        tmp_path):
    path = tmp_path / "shared.json"
    sample_draft.save(path)
    tab_a = Draft.load(path, dict_loader)
    tab_b = Draft.load(path, dict_loader)
    tab_a.facts["place"] = "甲县"
    tab_a.save(path)
    won = path.read_bytes()
    tab_b.facts["place"] = "乙县"
    with pytest.raises(DraftConflictError) as info:
        tab_b.save(path)
    error = info.value
    assert "Conflict" in type(error).__name__ and isinstance(error, DraftError)
    message = str(error)
    assert "\n" not in message and message.startswith("shared.json: 另一个标签页")
    assert "第 2 次保存" in message and "另存为新草稿" in message
    assert (error.revision, error.disk_revision) == (1, 2)
    assert path.read_bytes() == won
    assert tab_b.revision == 1
    # Nothing is lost: this tab's work saves as a new file, and the winner reloads fine.
    tab_b.save(tmp_path / "mine.json")
    assert Draft.load(tmp_path / "mine.json", dict_loader).facts["place"] == "乙县"
    assert Draft.load(path, dict_loader).facts["place"] == "甲县"


def test_a_new_draft_never_overwrites_a_saved_one(sample_draft, minimal_template, tmp_path):
    path = tmp_path / "d.json"
    sample_draft.save(path)
    with pytest.raises(DraftConflictError):
        Draft(minimal_template).save(path)


def test_the_previous_good_file_is_kept_as_bak(sample_draft, dict_loader, tmp_path):
    path = tmp_path / "d.json"
    sample_draft.save(path)
    assert not backup_path(path).exists()
    first = path.read_bytes()
    sample_draft.facts["place"] = "绿水县"
    sample_draft.save(path)
    assert backup_path(path) == tmp_path / "d.json.bak"
    assert backup_path(path).read_bytes() == first
    assert Draft.load(backup_path(path), dict_loader).facts["place"] == "青山县"
    # A damaged file is never copied over the good backup.
    path.write_text('{"format": "speech-workbench-draft", "version": 1, "tem', encoding="utf-8")
    sample_draft.save(path)
    assert backup_path(path).read_bytes() == first
    assert Draft.load(path, dict_loader).facts["place"] == "绿水县"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json", "d.json.bak", "d.json.lock"]


def test_an_unwritable_target_raises_a_one_line_save_error(sample_draft, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DraftSaveError) as info:
        sample_draft.save(blocker / "drafts" / "d.json")
    assert isinstance(info.value, OSError)  # callers that caught OSError still do
    assert "无法保存草稿" in str(info.value) and "\n" not in str(info.value)
    assert sample_draft.revision == 0


def test_read_disk_draft_tells_good_from_damaged(sample_draft, tmp_path):
    path = tmp_path / "d.json"
    assert read_disk_draft(path, 1000).data is None
    sample_draft.save(path)
    good = read_disk_draft(path, 10**6)
    assert good.is_good and good.revision == 1 and good.saved_at
    path.write_text("[[[", encoding="utf-8")
    assert not read_disk_draft(path, 10**6).is_good


_SAVER = """
import sys
from workbench import Draft, DraftConflictError
draft = Draft.load(sys.argv[1])
draft.facts["place"] = sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
try:
    draft.save(sys.argv[1])
except DraftConflictError:
    print("conflict", flush=True)
else:
    print("saved", flush=True)
"""


def _savers(path, names):
    """Start one saver a name; return them once each has loaded the file."""
    procs = [subprocess.Popen([sys.executable, "-c", _SAVER, str(path), name], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for name in names]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    return procs


def _go(procs):
    for proc in procs:  # as close together as the pipes allow
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return [p.communicate(timeout=60)[0].strip() for p in procs]


def test_savers_racing_on_one_file_let_exactly_one_win(tmp_path):
    path = tmp_path / "race.json"
    Draft(_library()["work-safety-plenary"]).save(path)
    names = ["甲县", "乙县", "丙县"]
    results = _go(_savers(path, names))  # all three loaded revision 1
    assert sorted(results) == ["conflict", "conflict", "saved"], results
    winner = names[results.index("saved")]
    on_disk = Draft.load(path)
    assert (on_disk.facts["place"], on_disk.revision) == (winner, 2)


def test_a_save_waits_for_the_lock(tmp_path):
    path = tmp_path / "locked.json"
    Draft(_library()["work-safety-plenary"]).save(path)
    (proc,) = _savers(path, ["甲县"])
    with locked(path):
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(0.5)
        assert proc.poll() is None  # blocked on the lock, not writing
        assert Draft.load(path).facts.get("place") != "甲县"
    assert proc.communicate(timeout=60)[0].strip() == "saved"
    assert Draft.load(path).facts["place"] == "甲县"
    assert lock_path(path).exists()


def _library():
    from workbench import load_library

    return load_library()
