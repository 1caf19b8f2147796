"""Accounts: Argon2 hashes, one message for wrong name or password, throttling per name and per address."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.accounts import AccountError, Accounts, Throttled
from graph_service.core.errors import Forbidden


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    table = Accounts(tmp_path / "accounts.sqlite", max_failures=3, max_failures_ip=5, window_s=60)
    table.add("bildungsbuero@kreis.example", "richtig-richtig", ["editor"])
    return table


def test_password_is_stored_as_argon2_hash_and_checked(accounts: Accounts, tmp_path: Path) -> None:
    raw = (tmp_path / "accounts.sqlite").read_bytes()
    assert b"richtig-richtig" not in raw and b"$argon2id$" in raw
    account = accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.0.0.1")
    assert account.roles == {"editor"} and account.id.startswith("k-")


@pytest.mark.parametrize(("login", "password"), [("bildungsbuero@kreis.example", "falsch-falsch"), ("niemand", "x")])
def test_wrong_name_or_password_is_one_message(accounts: Accounts, login: str, password: str) -> None:
    with pytest.raises(Forbidden) as caught:
        accounts.sign_in(login, password, "10.0.0.1")
    assert caught.value.describe("de") == "Anmeldename oder Passwort stimmt nicht (oder das Konto ist gesperrt)."


def test_throttle_per_name_refuses_even_the_right_password(accounts: Accounts) -> None:
    for n in range(3):
        with pytest.raises(Forbidden):
            accounts.sign_in("bildungsbuero@kreis.example", f"falsch-{n}", f"10.0.0.{n}")
    with pytest.raises(Throttled) as caught:
        accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.0.0.9")
    assert caught.value.http_status == 429 and "gesperrt" in caught.value.describe("de")


def test_throttle_per_address_covers_many_names(accounts: Accounts) -> None:
    for n in range(5):
        with pytest.raises(Forbidden):
            accounts.sign_in(f"rate-{n}", "falsch-falsch", "10.9.9.9")
    with pytest.raises(Throttled):
        accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.9.9.9")
    assert accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.0.0.2")


def test_success_clears_the_count_of_the_name(accounts: Accounts) -> None:
    for n in range(2):
        with pytest.raises(Forbidden):
            accounts.sign_in("bildungsbuero@kreis.example", "falsch-falsch", f"10.1.0.{n}")
    accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.1.0.9")
    for n in range(2):
        with pytest.raises(Forbidden):
            accounts.sign_in("bildungsbuero@kreis.example", "falsch-falsch", f"10.2.0.{n}")
    assert accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.2.0.9")


def test_disabled_account_cannot_sign_in(accounts: Accounts) -> None:
    accounts.set_disabled("bildungsbuero@kreis.example")
    with pytest.raises(Forbidden):
        accounts.sign_in("bildungsbuero@kreis.example", "richtig-richtig", "10.0.0.1")


@pytest.mark.parametrize(
    ("login", "password", "roles", "words"),
    [
        ("bildungsbuero@kreis.example", "richtig-richtig", ["editor"], "gibt es schon"),
        ("neu@kreis.example", "kurz", ["editor"], "zu kurz"),
        ("neu@kreis.example", "richtig-richtig", ["chef"], "Unbekannte oder fehlende Rolle"),
        ("mit leerzeichen", "richtig-richtig", ["editor"], "ohne Leerzeichen"),
    ],
)
def test_bad_account_data_is_refused(accounts: Accounts, login: str, password: str, roles: list, words: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.add(login, password, roles)
    assert words in caught.value.describe("de")
