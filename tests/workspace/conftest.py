"""A live service on a fresh store with four accounts, shared per test module, and a small browser-like client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph_service.accounts import Accounts
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from tests.support.live_server import live_server

PASSWORD = "geheim-geheim-1"
ACCOUNTS = {
    "admin@kreis.example": ["admin"],
    "bildungsbuero@kreis.example": ["editor"],
    "jugendamt@kreis.example": ["editor"],
    "freigabe@kreis.example": ["reviewer"],
}
HEADER = (
    "Kennung;Name;Akteurstyp;Übergeordnete Organisation (Kennung);Träger (Kennung);Straße und Hausnummer;PLZ;Ort;"
    "Gemeinde (AGS);Telefon;E-Mail;Webseite;Beschreibung"
)
GOOD_ROWS = [
    "ws-vhs;Volkshochschule Beispielstadt;Volkshochschule;;;Markt 1;01662;Meißen;14627140;;;;Beispieldaten",
    "ws-kita-sonne;Kita Sonnenschein;Kita;;;;;Riesa;14627230;;;;Beispieldaten",
    "ws-bibliothek;Stadtbibliothek Beispielstadt;Bibliothek;;;;;Meißen;14627140;;;;Beispieldaten",
    "ws-jugendamt;Jugendamt Beispielkreis;Jugendamt;;;;;Meißen;14627140;;;;Beispieldaten",
]


def sheet(rows: list[str]) -> bytes:
    """A German-Excel CSV (UTF-8 with BOM, ``;``) of the actor template."""
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


def settings_for(folder: Path, **extra: object) -> Settings:
    return Settings(store_path=folder / "store", session_secret="test-secret", _env_file=None, **extra)


def make_accounts(settings: Settings) -> None:
    accounts = Accounts(settings.workspace_folder() / "accounts.sqlite")
    for login, roles in ACCOUNTS.items():
        accounts.add(login, PASSWORD, roles)


@dataclass
class Served:
    url: str
    store: EmbeddedStore
    settings: Settings


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One live service on a fresh store (the workspace next to it), for the whole module."""
    folder = tmp_path_factory.mktemp("ws")
    settings = settings_for(folder, update_token="cli-token")
    make_accounts(settings)
    store = EmbeddedStore(settings.store_path)
    with live_server(settings, store) as url:
        yield Served(url, store, settings)
    store.close()


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """A cookie-keeping client that signs in and sends forms with their CSRF token, as a browser does."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, follow_redirects=True, timeout=60)
        self.token = ""

    def get(self, path: str, **kw: object) -> httpx.Response:
        response = self.client.get(path, **kw)  # type: ignore[arg-type]
        found = _CSRF.search(response.text)
        if found:
            self.token = found[1]
        return response

    def sign_in(self, login: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/arbeitsbereich/anmelden")
        return self.post("/arbeitsbereich/anmelden", {"login": login, "password": password})

    def post(self, path: str, data: dict | None = None, files: dict | None = None, **kw: object) -> httpx.Response:
        body = {"csrf_token": self.token, **(data or {})}
        response = self.client.post(path, data=body, files=files, **kw)  # type: ignore[arg-type]
        found = _CSRF.search(response.text)
        if found:
            self.token = found[1]
        return response

    def new_source(self, title: str, kind: str = "akteure", **extra: str) -> str:
        response = self.post("/arbeitsbereich/quellen/neu", {"title": title, "kind": kind, **extra})
        assert response.status_code == 200, response.text
        return str(response.url).rsplit("/", 1)[-1]

    def upload(self, source_id: str, body: bytes, name: str = "tabelle.csv") -> httpx.Response:
        self.get(f"/arbeitsbereich/quellen/{source_id}")
        return self.post(f"/arbeitsbereich/quellen/{source_id}/hochladen", files={"file": (name, body, "text/csv")})

    def commit(self, preview: httpx.Response, **choice: str) -> httpx.Response:
        action = re.search(r'action="(/arbeitsbereich/vorschau/[0-9a-f]+/uebernehmen)"', preview.text)
        assert action, preview.text
        return self.post(action[1], choice)

    def close(self) -> None:
        self.client.close()


def flashes(response: httpx.Response) -> list[str]:
    return re.findall(r'class="flash[^"]*"[^>]*>([^<]+)', response.text)


@pytest.fixture
def browser(served: Served) -> Iterator[Browser]:
    b = Browser(served.url)
    yield b
    b.close()
