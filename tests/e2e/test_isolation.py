"""One Voilà server, four users at once: each export carries only its own place."""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TIMEOUT_MS, download_link, wait_ready

pytestmark = pytest.mark.e2e

PLACES = ["青山县", "白水县", "红岩镇", "金沙区"]


def test_four_concurrent_sessions_stay_isolated(new_context, voila_url, tmp_path):
    pages = [new_context().new_page() for _ in PLACES]
    # Start all four page loads before waiting for any: four kernels execute at once.
    for page in pages:
        page.goto(voila_url, wait_until="commit", timeout=TIMEOUT_MS)
    for page in pages:
        wait_ready(page)
    for page, place in zip(pages, PLACES, strict=True):
        page.locator(".wb-fact-place input").fill(place)
    for page, place in zip(pages, PLACES, strict=True):
        expect(page.locator(".wb-preview")).to_contain_text(f"在{place}")
    for page in pages:
        page.locator(".wb-export").click()
    texts = {}
    for page, place in zip(pages, PLACES, strict=True):
        link = download_link(page)
        with page.expect_download() as download_info:
            link.click()
        target = tmp_path / f"{place}.docx"
        download_info.value.save_as(target)
        texts[place] = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    for place, text in texts.items():
        assert place in text
        assert not [other for other in PLACES if other != place and other in text]
