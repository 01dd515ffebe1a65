"""The 导入范文 view, headless: paste or upload, click, assert the outline and the callback."""

from __future__ import annotations

import io
from pathlib import Path

import ipywidgets as w
import pytest

from tests.unit.ui.dom import one
from workbench import SpeechTemplate, load_template
from workbench.ui import import_view
from workbench.ui.import_view import ImportView, user_templates_dir
from workbench.ui.widgets import UploadButton

SPEECHES = Path(__file__).resolve().parents[2] / "data" / "speeches"
CLEAN = (SPEECHES / "clean.txt").read_text(encoding="utf-8")


@pytest.fixture
def picked():
    return []


@pytest.fixture
def view(picked, tmp_path):
    return ImportView(on_template=picked.append, templates_dir=tmp_path / "user")


def upload(view: ImportView, name: str, data: bytes) -> None:
    one(view, "wb-import-upload").send_file(name, data)


def status(view: ImportView) -> str:
    return one(view, "wb-import-status").value


def test_view_is_a_vbox_with_the_documented_classes(view):
    assert isinstance(view, w.VBox)
    assert isinstance(one(view, "wb-import-text"), w.Textarea)
    assert isinstance(one(view, "wb-import-upload"), UploadButton)
    assert isinstance(one(view, "wb-import-outline"), w.HTML)
    assert isinstance(one(view, "wb-import-save"), w.Button)
    assert isinstance(one(view, "wb-import-use"), w.Button)


def test_pasting_shows_the_outline_as_a_tree(view):
    one(view, "wb-import-text").value = CLEAN
    tree = one(view, "wb-import-outline").value
    assert "一、提高政治站位，切实增强防火工作的责任感" in tree
    assert "（二）压实各方责任" in tree
    assert "三、强化保障措施" in tree
    assert "识别出 3 个部分、8 个分论点" in status(view)
    assert view.outline is not None and len(view.outline.parts) == 3


def test_use_button_gives_the_parsed_template_to_the_callback(view, picked):
    one(view, "wb-import-text").value = CLEAN
    one(view, "wb-import-id").value = "my-forest-fire"
    one(view, "wb-import-use").click()
    assert len(picked) == 1
    template = picked[0]
    assert isinstance(template, SpeechTemplate)
    assert template.id == "my-forest-fire"
    assert [p.id for p in template.parts] == ["part-1", "part-2", "part-3"]
    assert {f.id for f in template.facts} >= {"place", "date", "speaker"}
    assert "在××2026年森林防灭火工作会议上的讲话" in status(view)
    assert "my-forest-fire" not in status(view)  # an id means nothing to a writer


def test_clicking_use_parses_text_that_was_not_parsed_yet(view, picked):
    view.text.set_trait("value", CLEAN)  # as if no change event had arrived yet
    view.outline = None
    one(view, "wb-import-use").click()
    assert picked and picked[0].parts


def test_save_writes_the_template_atomically(view, tmp_path):
    one(view, "wb-import-text").value = CLEAN
    one(view, "wb-import-id").value = "my-forest-fire"
    one(view, "wb-import-save").click()
    path = tmp_path / "user" / "my-forest-fire.yaml"
    assert load_template(path).id == "my-forest-fire"
    assert [p.name for p in path.parent.iterdir()] == ["my-forest-fire.yaml"]
    assert "已保存模板" in status(view)
    one(view, "wb-import-save").click()  # saving again from the same view updates it
    assert "已保存模板" in status(view)


def test_save_goes_to_the_first_workbench_templates_folder(monkeypatch, tmp_path):
    import os

    first, second = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv("WORKBENCH_TEMPLATES", f"{first}{os.pathsep}{second}")
    assert user_templates_dir() == first
    view = ImportView()
    view.text.value = CLEAN
    view.template_id.value = "my-forest-fire"
    view.save_button.click()
    assert (first / "my-forest-fire.yaml").exists()


def test_default_folder_is_in_the_home(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKBENCH_TEMPLATES", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_templates_dir() == tmp_path / ".workbench" / "templates"


def test_save_refuses_a_shipped_id_and_a_foreign_file(view, tmp_path):
    one(view, "wb-import-text").value = CLEAN
    one(view, "wb-import-id").value = "work-safety-plenary"
    one(view, "wb-import-save").click()
    assert "内置模板" in status(view)
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "mine.yaml").write_text("id: mine\n", encoding="utf-8")
    one(view, "wb-import-id").value = "mine"
    one(view, "wb-import-save").click()
    assert "已存在" in status(view)
    assert (tmp_path / "user" / "mine.yaml").read_text(encoding="utf-8") == "id: mine\n"


def test_upload_docx_fills_the_text_and_the_outline(view, picked):
    import docx

    document = docx.Document()
    for line in CLEAN.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload(view, "forest-fire.docx", buffer.getvalue())
    assert one(view, "wb-import-text").value.startswith("在青山县2026年森林防灭火工作会议上的讲话")
    assert "（三）严格督查问责" in one(view, "wb-import-outline").value
    assert one(view, "wb-import-id").value == "forest-fire"
    one(view, "wb-import-use").click()
    assert picked[0].id == "forest-fire"


def test_upload_txt(view):
    upload(view, "speech.txt", CLEAN.encode("gb18030"))
    assert "一、提高政治站位" in one(view, "wb-import-outline").value


@pytest.mark.parametrize(("name", "data", "words"), [
    ("fake.docx", "这不是 Word 文档".encode(), "不是 Word 文档"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "不是文本文件"),
    ("speech.pdf", b"%PDF", "内容却不是 PDF 文件"),
    ("damaged.pdf", b"%PDF-1.7 cut short", "PDF 已损坏"),
    ("speech.pages", b"PK\x03\x04", "不支持的文件类型"),
])
def test_bad_upload_shows_a_chinese_message(view, name, data, words):
    upload(view, name, data)
    message = status(view)
    assert words in message and "读取上传的文件失败" in message
    assert "Traceback" not in message
    assert one(view, "wb-import-text").value == ""


def test_errors_are_messages_not_tracebacks(view, picked, monkeypatch):
    one(view, "wb-import-use").click()
    assert "请先粘贴范文" in status(view)
    one(view, "wb-import-text").value = CLEAN
    one(view, "wb-import-id").value = "Not An Id"
    one(view, "wb-import-use").click()
    assert "模板标识" in status(view)
    assert picked == []

    def boom(text):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(import_view, "parse_outline", boom)
    one(view, "wb-import-text").value = CLEAN + "\n"
    message = status(view)
    assert "意外错误" in message and "internal detail" not in message


def test_clearing_the_text_clears_the_outline(view):
    one(view, "wb-import-text").value = CLEAN
    one(view, "wb-import-text").value = ""
    assert view.outline is None
    assert "这里显示识别出的提纲" in one(view, "wb-import-outline").value


def test_outline_html_escapes_the_speech():
    view = ImportView()
    view.text.value = ("在<b>青山</b>县会议上的讲话\n同志们：\n开头<script>。\n"
                       "一、标题<i>\n（一）要点。正文。\n谢谢大家！")
    html = view.outline_html.value
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_oversize_upload_is_refused_before_reading(view):
    upload_button = one(view, "wb-import-upload")
    upload_button._handle_upload(upload_button, {"event": "too-large", "name": "huge.docx",
                                                 "size": 50 * 2**20}, [])
    assert "文件过大" in status(view)
    assert one(view, "wb-import-text").value == ""


def test_our_own_word_file_in_the_parallel_form_gives_back_its_points(view):
    from workbench import Draft
    from workbench.core.loader import load_library
    from workbench.pipeline import render_bytes

    template = load_library()["work-style"]
    draft = Draft(template)
    draft.facts.fill_examples()
    for section in draft.sections:
        if "parallel" in section.patterns:
            section.pattern = "parallel"
    assert any(s.pattern == "parallel" for s in draft.sections)
    upload(view, "作风.docx", render_bytes(draft.document(), "docx"))
    assert "**" in view.text.value  # the bold lead sentences, marked
    built = [len(template.part(s.id).points) for s in draft.sections if s.include]
    assert [len(p.points) for p in view.outline.parts] == built
    assert all("*" not in p.heading for part in view.outline.parts for p in part.points)
