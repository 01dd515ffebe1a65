"""Saving on a real full disk (a 64 KiB tmpfs) and into a read-only folder: the previous
draft file stays whole, the error is one Chinese line, the work stays in memory."""

from __future__ import annotations

import io

import docx
import pytest

from tests.support.smalldisk import fill_disk, free_bytes, make_read_only
from workbench import Draft, DraftSaveError, load_library
from workbench.core.draftfile import backup_path
from workbench.errors import RenderError


@pytest.fixture(scope="module")
def shipped():
    return load_library()


def _draft(library, paragraphs: int) -> Draft:
    draft = Draft(library["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.set_edit("opening.0", "今天召开全县安全生产工作会议。" * paragraphs)
    return draft


@pytest.mark.parametrize("leave", [0, 1500, 5000, 9000, 14000, 20000, 30000])
def test_a_save_that_does_not_fit_leaves_the_old_file_whole(shipped, small_disk, leave):
    path = small_disk / "讲话.json"
    draft = _draft(shipped, 1)
    draft.save(path)
    draft.save(path)  # a .bak exists too
    good, good_bak = path.read_bytes(), backup_path(path).read_bytes()
    fill_disk(small_disk, leave=leave)
    draft.set_edit("opening.0", "今天召开全县安全生产工作会议。" * 300)  # ~14 KB more
    try:
        draft.save(path)
    except DraftSaveError as exc:
        message = str(exc)
        assert exc.reason == "full" and "\n" not in message
        assert message == "讲话.json: 无法保存草稿（磁盘空间已满），文件夹中原有的草稿未改动"
        assert path.read_bytes() == good
        assert backup_path(path).read_bytes() in (good, good_bak)
        assert draft.revision == 2
    else:
        assert leave > 0  # it fitted
        assert draft.revision == 3
        assert backup_path(path).read_bytes() == good
    assert Draft.load(path, shipped).render("text")
    assert not [p.name for p in small_disk.iterdir() if p.name.endswith(".tmp")]
    # The work is still in memory: it exports to the writer (a download), whole.
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(buffer.getvalue())).paragraphs)
    assert "今天召开全县安全生产工作会议。" * 300 in text


def test_some_saves_fit_and_some_do_not(shipped, small_disk):
    # The test above is only worth something if both outcomes happen on this disk.
    path = small_disk / "a.json"
    draft = _draft(shipped, 1)
    draft.save(path)
    filler = fill_disk(small_disk, leave=0)
    with pytest.raises(DraftSaveError):
        draft.save(path)
    filler.unlink()
    assert free_bytes(small_disk) > 30_000
    draft.save(path)


def test_exporting_word_to_a_full_disk_is_one_line_and_leaves_nothing(shipped, small_disk):
    fill_disk(small_disk)
    with pytest.raises(RenderError) as info:
        _draft(shipped, 300).export_docx(small_disk / "讲话.docx")
    assert "\n" not in str(info.value) and str(info.value).startswith("无法写入Word文件")
    assert not (small_disk / "讲话.docx").exists()
    assert not [p.name for p in small_disk.iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_folder_refuses_the_save_and_keeps_the_file(shipped, freezable):
    path = freezable / "讲话.json"
    draft = _draft(shipped, 1)
    draft.save(path)
    good = path.read_bytes()
    make_read_only(freezable)
    draft.facts["place"] = "绿水县"
    with pytest.raises(DraftSaveError) as info:
        draft.save(path)
    assert info.value.reason in ("read-only", "denied")
    assert str(info.value).startswith("讲话.json: 无法保存草稿（")
    assert path.read_bytes() == good
    assert draft.revision == 1
