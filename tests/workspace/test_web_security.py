"""The workspace's doors: sign-in required, CSRF on every form, wrong passwords and throttling over HTTP, session
expiry, and an editor who may not write a source it does not own."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from graph_service.store.embedded import EmbeddedStore
from tests.support.live_server import live_server
from tests.workspace.conftest import GOOD_ROWS, Browser, Served, flashes, make_accounts, settings_for, sheet


def test_pages_need_sign_in(served: Served) -> None:
    response = httpx.get(f"{served.url}/arbeitsbereich/quellen/neu", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/arbeitsbereich/anmelden?weiter=/arbeitsbereich/quellen/neu")


def test_form_without_or_with_a_wrong_csrf_token_is_refused(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    for token in ("", "gefaelscht"):
        response = browser.client.post(
            "/arbeitsbereich/quellen/neu", data={"csrf_token": token, "title": "Ohne Token", "kind": "akteure"}
        )
        assert response.status_code == 403
        assert "Das Formular ist abgelaufen oder stammt nicht von dieser Seite" in response.text
    assert "ohne-token" not in browser.get("/arbeitsbereich/").text


def test_sign_in_form_needs_its_csrf_token(served: Served) -> None:
    response = httpx.post(
        f"{served.url}/arbeitsbereich/anmelden", data={"login": "bildungsbuero@kreis.example", "password": "x" * 12}
    )
    assert response.status_code == 403


def test_wrong_password_then_throttled(served: Served, browser: Browser) -> None:
    answer = browser.sign_in("jugendamt@kreis.example", "falsch-falsch-1")
    assert answer.status_code == 403
    assert "Anmeldename oder Passwort stimmt nicht" in answer.text
    for _ in range(served.settings.login_max_failures - 1):
        assert browser.sign_in("jugendamt@kreis.example", "falsch-falsch-1").status_code == 403
    throttled = browser.sign_in("jugendamt@kreis.example")  # even the right password now
    assert throttled.status_code == 429
    assert "Zu viele falsche Passwörter" in throttled.text


def test_editor_may_not_write_a_source_it_does_not_own(served: Served) -> None:
    owner, other = Browser(served.url), Browser(served.url)
    try:
        owner.sign_in("bildungsbuero@kreis.example")
        source = owner.new_source("Akteure des Bildungsbüros")
        preview = owner.upload(source, sheet(GOOD_ROWS))
        other.sign_in("freigabe@kreis.example")  # a reviewer but not a writer of this source
        refused_upload = other.upload(source, sheet(GOOD_ROWS))
        assert refused_upload.status_code == 403
        assert "Sie dürfen die Quelle „Akteure des Bildungsbüros“ nicht ändern" in refused_upload.text
        other.sign_in("jugendamt@kreis.example")  # an editor of other sources
        assert other.upload(source, sheet(GOOD_ROWS)).status_code == 403
        assert other.commit(preview).status_code == 403  # nor commit the owner's preview
        assert other.post(f"/arbeitsbereich/quellen/{source}/entwurf-verwerfen").status_code == 403
        assert owner.commit(preview).status_code == 200
    finally:
        owner.close()
        other.close()


@pytest.fixture(scope="module")
def short_sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("short")
    settings = settings_for(folder, session_idle_s=1)
    make_accounts(settings)
    store = EmbeddedStore(settings.store_path)
    with live_server(settings, store) as url:
        yield url
    store.close()


def test_session_ends_after_idle_time(short_sessions: str) -> None:
    browser = Browser(short_sessions)
    try:
        assert "Angemeldet als" in browser.sign_in("bildungsbuero@kreis.example").text
        time.sleep(1.3)
        page = browser.get("/arbeitsbereich/")
        assert str(page.url).startswith(f"{short_sessions}/arbeitsbereich/anmelden")
        assert "Ihre Sitzung ist abgelaufen" in page.text
    finally:
        browser.close()


def test_sign_out_ends_the_session(served: Served, browser: Browser) -> None:
    browser.sign_in("admin@kreis.example")
    page = browser.post("/arbeitsbereich/abmelden")
    assert "Sie sind abgemeldet." in flashes(page)
    assert str(browser.get("/arbeitsbereich/konten").url).startswith(f"{served.url}/arbeitsbereich/anmelden")


def test_accounts_page_is_for_admins_only(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    response = browser.get("/arbeitsbereich/konten")
    assert response.status_code == 403
    assert "Verwaltung" in response.text
