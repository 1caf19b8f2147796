"""The browser fixture works and blocks requests that leave the machine."""

import pytest

pytestmark = pytest.mark.browser


def test_blocks_remote_requests(browser_page, tmp_path) -> None:
    page_file = tmp_path / "p.html"
    page_file.write_text('<html><body><h1>ok</h1><img src="https://example.org/x.png"></body></html>')
    browser_page.goto(page_file.as_uri())
    assert browser_page.inner_text("h1") == "ok"
    assert browser_page.blocked_requests == ["https://example.org/x.png"]
