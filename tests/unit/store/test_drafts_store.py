"""DraftStore: private folder, atomic saves, names that cannot leave the folder."""

from __future__ import annotations

import datetime as _dt
import os

import pytest

from workbench import Draft
from workbench.errors import DraftError
from workbench.store.drafts import DraftStore, check_name, hub_logout_url, hub_user


@pytest.fixture
def store(tmp_path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def test_save_creates_a_private_folder_and_reads_back(store, sample_draft, dict_loader):
    sample_draft.facts["place"] = "青山县"
    stored = store.save(sample_draft, "青山县讲话")
    assert stored.path == store.folder / "青山县讲话.json"
    assert store.folder.stat().st_mode & 0o777 == 0o700
    assert stored.path.stat().st_mode & 0o077 == 0
    assert store.load("青山县讲话", dict_loader).facts["place"] == "青山县"
    assert not list(store.folder.glob(".*"))


def test_list_is_newest_first_and_ignores_temp_files_and_symlinks(store, sample_draft, tmp_path):
    store.save(sample_draft, "旧稿")
    store.save(sample_draft, "新稿")
    os.utime(store.path_of("旧稿"), (1_000_000, 1_000_000))
    (store.folder / ".新稿.json.abc.tmp").write_text("{")
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    (store.folder / "链接.json").symlink_to(secret)
    assert [d.name for d in store.list()] == ["新稿", "旧稿"]
    assert "链接" not in store
    with pytest.raises(DraftError, match="不是普通文件"):
        store.load("链接")


def test_new_names_never_collide(store, sample_draft):
    now = _dt.datetime(2026, 5, 12, 14, 30)
    first = store.new_name("在青山县会议上的讲话", now)
    assert first == "在青山县会议上的讲话-0512-1430"
    store.save(sample_draft, first)
    assert store.new_name("在青山县会议上的讲话", now) == f"{first}-2"
    assert store.new_name("a/b【地名】", now).startswith("ab地名-")


def test_rename_refuses_to_overwrite_and_delete_removes(store, sample_draft):
    store.save(sample_draft, "一稿")
    store.save(sample_draft, "二稿")
    with pytest.raises(DraftError, match="已有名为“二稿”"):
        store.rename("一稿", "二稿")
    assert store.rename("一稿", " 定稿 ") == "定稿"
    assert {d.name for d in store.list()} == {"定稿", "二稿"}
    store.delete("二稿")
    assert {d.name for d in store.list()} == {"定稿"}
    with pytest.raises(DraftError, match="已不存在"):
        store.delete("二稿")
    with pytest.raises(DraftError, match="已不存在"):
        store.rename("二稿", "三稿")


@pytest.mark.parametrize("name, message", [
    ("", "不能为空"),
    ("../etc/passwd", "不能含有“/”"),
    ("a\\b", "不能含有"),
    (".hidden", "不能以“.”开头"),
    ("x" * 81, "过长"),
    ("第一稿\n", None),
    ("【地名】讲话", "不能含有“【”"),
])
def test_names_that_could_leave_the_folder_are_refused(name, message):
    if message is None:
        assert check_name(name) == "第一稿"
        return
    with pytest.raises(DraftError, match=message):
        check_name(name)


def test_a_damaged_file_is_a_message_not_a_traceback(store, sample_draft):
    store.save(sample_draft, "坏稿")
    store.path_of("坏稿").write_text('{"format": "speech-workbench-draft", "vers')
    with pytest.raises(DraftError, match="坏稿"):
        store.load("坏稿")


def test_hub_detection_reads_jupyterhub_variables():
    assert hub_user({}) is None
    assert hub_user({"JUPYTERHUB_USER": "wang"}) is None  # not a single-user server
    env = {"JUPYTERHUB_USER": "wang", "JUPYTERHUB_SERVICE_PREFIX": "/user/wang/",
           "JUPYTERHUB_BASE_URL": "/office/"}
    assert hub_user(env) == "wang"
    assert hub_logout_url(env) == "/office/hub/logout"
    assert hub_logout_url({}) == "/hub/logout"


def test_a_saved_draft_keeps_every_choice(store, sample_draft, dict_loader):
    sample_draft.facts["place"] = "白水县"
    store.save(sample_draft, "稿")
    again = store.load("稿", dict_loader)
    assert again.to_json() == Draft.from_json(sample_draft.to_json(), dict_loader).to_json()


def test_a_save_keeps_a_private_backup_and_delete_and_rename_take_it_along(store, sample_draft,
                                                                          dict_loader):
    store.save(sample_draft, "讲话")
    sample_draft.facts["place"] = "绿水县"
    store.save(sample_draft, "讲话")
    backup = store.folder / "讲话.json.bak"
    assert Draft.load(backup, dict_loader).facts["place"] == "青山县"
    assert backup.stat().st_mode & 0o077 == 0
    assert [d.name for d in store.list()] == ["讲话"]  # the backup and lock are not drafts
    store.rename("讲话", "新名")
    store.delete("新名")
    assert sorted(p.name for p in store.folder.iterdir()) == []
