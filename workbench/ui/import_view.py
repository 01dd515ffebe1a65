"""The "导入范文" view: paste or upload a speech, see its outline, save it as a template."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..core.atomicfile import atomic_write
from ..core.importer import DEFAULT_ID, Outline, TemplateExtraction, joined_text, parse_outline
from ..core.importer.items import item_source
from ..core.loader import SHIPPED_DIR, TEMPLATES_ENV
from ..core.numbering import ENUMERATION, PART, format_ordinal
from ..core.schema import parse_template
from ..core.templates import SpeechTemplate
from ..errors import WorkbenchError
from ..readers import MAX_DOCX_BYTES, SHOWN_SUFFIXES, read_document
from .template_picker import shown_title
from .widgets import UploadButton

log = logging.getLogger("workbench.ui")

#: Message shown for an unexpected error; the traceback goes to the log only.
UNEXPECTED = "程序出现意外错误，已记入日志；请重试，或把操作步骤告诉管理员"

#: Largest text accepted in the paste box, in characters.
MAX_PASTE_CHARS = 300_000

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def user_templates_dir() -> Path:
    """Return the folder for the writer's templates: the first `WORKBENCH_TEMPLATES` path,
    else ~/.workbench/templates."""
    env = [p for p in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if p.strip()]
    return Path(env[0]) if env else Path.home() / ".workbench" / "templates"


class ImportView(w.VBox):
    """Import a speech (导入范文): paste (`wb-import-text`) or upload (`wb-import-upload`)
    a speech, see its outline (`wb-import-outline`), save it as a template
    (`wb-import-save`) or start a draft from it (`wb-import-use`). A Word file's tracked
    changes are read as accepted, or as rejected with `wb-import-original` ticked; the
    status says how many there were.

    `on_template(template)` receives the parsed `SpeechTemplate` when the writer clicks
    "用此模板起草"; `on_saved(path)` is told when a template file was written.
    """

    def __init__(self, on_template: Callable[[SpeechTemplate], Any] | None = None,
                 on_saved: Callable[[Path], Any] | None = None,
                 templates_dir: str | os.PathLike[str] | None = None, **kwargs: Any) -> None:
        self.on_template = on_template
        self.on_saved = on_saved
        self.templates_dir = Path(templates_dir) if templates_dir is not None else None
        self.outline: Outline | None = None
        self._outline_source: str | None = None
        self._saved_here: set[Path] = set()
        self._upload: tuple[str, bytes] | None = None  # the last file, to read it again
        self._note: tuple[str, str] | None = None  # (text it belongs to, revision note)

        self.text = w.Textarea(placeholder="在此粘贴范文全文（可直接从网页复制），或上传 Word、WPS、PDF 或文本文件",
                               continuous_update=False,
                               layout=w.Layout(width="100%", height="420px"))
        self.text.add_class("wb-import-text")
        # UploadButton refuses oversize files in the browser: FileUpload would send them and
        # a message over the websocket limit drops the writer's session.
        self.upload = UploadButton(label="上传文件", accept=",".join(SHOWN_SUFFIXES), max_bytes=MAX_DOCX_BYTES,
                                   hint="上传范文：.docx .doc .wps .rtf .odt .pdf .txt .md",
                                   on_upload=self._guard("读取上传的文件", self._on_upload))
        self.upload.add_class("wb-import-upload")
        self.parse_button = w.Button(description="识别提纲")
        self.parse_button.add_class("wb-import-parse")
        self.original = w.Checkbox(value=False, description="修订按原稿读取（全部拒绝）", indent=False,
                                   tooltip="Word 文件含修订时，默认按全部接受读取；勾选则读修订前的原稿")
        self.original.add_class("wb-import-original")
        self.outline_html = w.HTML(value=_placeholder(), layout=w.Layout(width="100%"))
        self.outline_html.add_class("wb-import-outline")
        self.template_id = w.Text(value=DEFAULT_ID, description="模板标识",
                                  placeholder="英文小写字母、数字、连字符",
                                  style={"description_width": "5em"})
        self.template_id.add_class("wb-import-id")
        self.save_button = w.Button(description="保存为模板", button_style="primary")
        self.save_button.add_class("wb-import-save")
        self.use_button = w.Button(description="用此模板起草")
        self.use_button.add_class("wb-import-use")
        self.status = w.HTML(value="")
        self.status.add_class("wb-import-status")

        self.text.observe(self._guard("识别提纲", self._on_text), names="value")
        self.original.observe(self._guard("读取上传的文件", self._on_original), names="value")
        self.parse_button.on_click(self._guard("识别提纲", lambda _b: self.refresh()))
        self.save_button.on_click(self._guard("保存模板", lambda _b: self.save()))
        self.use_button.on_click(self._guard("用此模板起草", lambda _b: self.use()))

        left = w.VBox([w.HBox([self.upload, self.parse_button, self.original]), self.text],
                      layout=w.Layout(width="50%"))
        right = w.VBox([self.outline_html], layout=w.Layout(width="50%", overflow="auto",
                                                             max_height="480px"))
        actions = w.HBox([self.template_id, self.save_button, self.use_button])
        super().__init__([w.HBox([left, right]), actions, self.status], **kwargs)
        self.add_class("wb-import")

    # -- actions -------------------------------------------------------------------------------

    def refresh(self) -> Outline | None:
        """Parse the text box and show its outline; return it (None when the box is empty)."""
        source = self.text.value
        if len(source) > MAX_PASTE_CHARS:
            raise WorkbenchError(f"粘贴的文字过长（{len(source)} 字，上限 {MAX_PASTE_CHARS} 字）")
        if not source.strip():
            self.outline = None
            self._outline_source = source
            self.outline_html.value = _placeholder()
            self._say("")
            return None
        outline = parse_outline(source)
        self.outline, self._outline_source = outline, source
        self.outline_html.value = outline_html(outline)
        note = self._note[1] if self._note is not None and self._note[0] == source else None
        self._say(f"{note}；{outline.report()}" if note else outline.report(), "info")
        return outline

    def extraction(self) -> TemplateExtraction:
        """Return the template made from the current text; raises `WorkbenchError`."""
        outline = self.outline
        if outline is None or self._outline_source != self.text.value:
            outline = self.refresh()
        if outline is None:
            raise WorkbenchError("请先粘贴范文或上传文件")
        template_id = self.template_id.value.strip()
        if not _ID.match(template_id):
            raise WorkbenchError(f"模板标识“{template_id}”只能用英文小写字母、数字和连字符")
        return TemplateExtraction(outline, template_id)

    def template(self) -> tuple[str, SpeechTemplate]:
        """Return the YAML and the validated template for the current text."""
        extraction = self.extraction()
        text = extraction.to_yaml()
        return text, parse_template(text, f"{extraction.template_id}.yaml")

    def save(self) -> Path:
        """Write the template to the user's templates folder, atomically; return its path."""
        text, template = self.template()
        if (SHIPPED_DIR / f"{template.id}.yaml").exists():
            raise WorkbenchError(f"“{template.id}”是内置模板的标识，请换一个模板标识")
        folder = self.templates_dir or user_templates_dir()
        path = folder / f"{template.id}.yaml"
        if path.exists() and path not in self._saved_here:
            raise WorkbenchError(f"模板文件已存在：{path.name}，请换一个模板标识")
        try:
            atomic_write(path, text.encode("utf-8"))
        except OSError as exc:
            raise WorkbenchError(f"无法保存模板（{exc.strerror or exc}）") from None
        self._saved_here.add(path)
        self._say(f"已保存模板“{shown_title(template)}”：{path}", "ok")
        if self.on_saved is not None:
            self.on_saved(path)
        return path

    def use(self) -> SpeechTemplate:
        """Give the template made from the current text to `on_template`; return it."""
        _, template = self.template()
        if self.on_template is not None:
            self.on_template(template)
        self._say(f"已用模板“{shown_title(template)}”开始起草", "ok")
        return template

    def load_file(self, name: str, data: bytes) -> None:
        """Put the text of the uploaded file `name` into the text box and parse it; a Word
        file's tracked changes are read as `wb-import-original` says."""
        if len(data) > MAX_DOCX_BYTES:
            raise WorkbenchError(f"{name}: 文件过大（上限 {MAX_DOCX_BYTES // 2**20} MB）")
        # An office file goes through a LibreOffice kept running: the next upload is quick;
        # a Word file is read in a forked child, so python-docx never loads in the kernel.
        document = read_document(data, name, as_original=self.original.value, warm=True,
                                 isolated=True)
        if not document.has_text:
            raise WorkbenchError(f"{name}: 文件里没有文字")
        self._upload = (name, data)
        text = joined_text(document.paragraphs)  # a bold lead sentence shows as **…**
        self._note = (text, document.revision_note) if document.revision_note else None
        stem = re.sub(r"[^a-z0-9-]+", "-", Path(name).stem.lower()).strip("-")
        _check_length(name, text)  # before the text box: the browser would get all of it
        if stem and _ID.match(stem) and self.template_id.value == DEFAULT_ID:
            self.template_id.value = stem
        if self.text.value == text:
            self.refresh()
        else:
            self.text.value = text  # triggers parsing

    # -- events --------------------------------------------------------------------------------

    def _on_text(self, change: dict[str, Any]) -> None:
        self.refresh()

    def _on_original(self, change: dict[str, Any]) -> None:
        # Read the last upload again, unless the writer has since typed over its text.
        if self._upload is not None and self._note is not None and self._note[0] == self.text.value:
            self.load_file(*self._upload)

    def _on_upload(self, name: str, data: bytes | None, size: int) -> None:
        name = name or "上传的文件"
        if data is None or size > MAX_DOCX_BYTES:
            raise WorkbenchError(f"{name}: 文件过大（{size / 2**20:.1f} MB，上限 {MAX_DOCX_BYTES // 2**20} MB）")
        suffixes = tuple(s.strip().lower() for s in self.upload.accept.split(",") if s.strip())
        if suffixes and not name.lower().endswith(suffixes):
            raise WorkbenchError(f"{name}: 不支持的文件类型，可导入 {' '.join(suffixes)} 文件")
        self.load_file(name, data)

    def _guard(self, action: str, handler: Callable[..., Any]) -> Callable[..., None]:
        def run(*args: Any) -> None:
            try:
                handler(*args)
            except WorkbenchError as exc:
                self._say(f"{action}失败：{exc}", "error")
            except Exception:
                log.exception("import view: %s", action)
                self._say(f"{action}失败：{UNEXPECTED}", "error")

        return run

    def _say(self, message: str, kind: str = "info") -> None:
        self.status.value = (f'<div class="wb-status wb-status-{kind}">{escape(message)}</div>'
                             if message else "")


def _placeholder() -> str:
    return '<div class="wb-import-empty">粘贴或上传范文后，这里显示识别出的提纲</div>'


def outline_html(outline: Outline) -> str:
    """Return `outline` as an indented HTML tree (ordinals computed, text escaped)."""
    out = ['<div class="wb-import-tree">']

    def line(cls: str, label: str, text: str | None, limit: int = 60) -> None:
        if text:
            short = text if len(text) <= limit else text[: limit - 1] + "…"
            out.append(f'<div class="{cls}"><b>{escape(label)}</b>{escape(short)}</div>')

    line("wb-tree-title", "标题：", outline.title)
    line("wb-tree-title", "副标题：", outline.subtitle)
    line("wb-tree-meta", "署名：", outline.speaker_line)
    line("wb-tree-meta", "称谓：", outline.salutation)
    line("wb-tree-text", "开头：", outline.opening)
    out.append("<ul>")
    for n, part in enumerate(outline.parts, 1):
        out.append(f'<li class="wb-tree-part"><b>{format_ordinal(PART, n)}{escape(part.heading)}</b>')
        out.append("<ul>")
        if part.text:
            out.append(f'<li class="wb-tree-text">导语：{escape(_cut(part.text))}</li>')
        for k, point in enumerate(part.points, 1):
            ordinal = format_ordinal(point.level if point.level in (2, 3) else ENUMERATION, k)
            out.append(f'<li class="wb-tree-point">{ordinal}{escape(point.heading)}')
            if point.items:
                out.append("<ul>")
                for item in point.items:
                    out.append(f'<li class="wb-tree-item">{escape(_cut(item_source(item), 50))}</li>')
                out.append("</ul>")
            out.append("</li>")
        out.append("</ul></li>")
    out.append("</ul>")
    line("wb-tree-text", "结尾：", outline.closing)
    for text in outline.unplaced:
        line("wb-tree-unplaced", "未归位：", text)
    out.append(f'<div class="wb-tree-report">{escape(outline.report())}</div>')
    for note in outline.notes:
        out.append(f'<div class="wb-tree-note">提示：{escape(note)}</div>')
    out.append("</div>")
    return "".join(out)


def _cut(text: str, limit: int = 40) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _check_length(name: str, text: str) -> None:
    # A small Word file can unpack to millions of characters; the text box would send
    # them all to the browser, past the websocket's limit.
    if len(text) > MAX_PASTE_CHARS:
        raise WorkbenchError(f"{name}: 文字过长（{len(text)} 字，上限 {MAX_PASTE_CHARS} 字），未导入")
