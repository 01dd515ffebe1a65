"""Text, Markdown and HTML renderers: layout markers, escaping and slots."""

from __future__ import annotations

HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>**x** {{ place }} & "q"'


def test_html_escapes_writer_text(sample_draft):
    sample_draft.facts["place"] = HOSTILE
    html = sample_draft.render("html")
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "{{ place }}" in html  # a fact's text is never rendered as a template


def test_html_highlights_slots(minimal_template):
    from workbench import Draft

    html = Draft(minimal_template).render("html")
    assert '<mark class="wb-slot" data-fact="place">【地名】</mark>' in html


def test_html_marks_levels(sample_draft):
    html = sample_draft.render("html")
    assert 'class="wb-h1"' in html
    assert 'class="wb-runin-h2">（一）压紧压实责任链条。</span>' in html
    assert "<b>压实属地责任</b>" in html


def test_markdown_escapes_and_bolds(sample_draft):
    sample_draft.facts["place"] = "*青山*县"
    md = sample_draft.render("markdown")
    assert md.startswith("# 在\\*青山\\*县测试会议上的讲话")
    assert "## 一、提高站位" in md
    assert "**压实属地责任**" in md


def test_text_indents_body_but_not_title_or_salutation(sample_draft):
    lines = sample_draft.render("text").splitlines()
    assert lines[0] == "在青山县测试会议上的讲话"
    assert lines[1] == "同志们："
    assert lines[2].startswith("\u3000\u3000今天召开会议")


def test_cached_page_blocks_equal_a_fresh_render_and_reuse_unchanged_nodes():
    from workbench.core.assembly import AssemblyCache
    from workbench.core.loader import load_library
    from workbench.core.runcache import RunCache
    from workbench.pipeline import Draft, assemble
    from workbench.renderers.html import render_blocks

    draft = Draft(load_library()["work-style"])
    draft.facts.fill_examples()
    assembly, page = AssemblyCache(), RunCache()
    first = render_blocks(assemble(draft, assembly), None, page)
    made = page.rendered
    draft.facts["typical_case"] = "某局干部违规操办婚宴"
    doc = assemble(draft, assembly)
    again = render_blocks(doc, None, page)
    assert again == render_blocks(doc) and again != first
    assert page.reused >= 5 and page.rendered - made < made / 2
