"""The account table, password checks and the sign-in throttle, in one SQLite file next to the store.

Passwords are hashed with Argon2id through pwdlib, with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane:
about 0.1 s on two shared cores, where pwdlib's default of 64 MiB x 3 x 4 lanes took 0.7 to 0.9 s per sign-in);
a hash made with other parameters is replaced at the next sign-in. Wrong passwords are counted per sign-in name
and per client address within a window; past the limit every attempt is refused until the window has passed, even
with the right password.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from graph_service.core.errors import BildungsgraphError, Forbidden, InputError, NotFound
from graph_service.core.sqlite_files import create, transaction

ROLES = ("admin", "editor", "reviewer")
ROLE_LABELS = {
    "admin": ("Verwaltung", "administrator"),
    "editor": ("Bearbeitung", "editor"),
    "reviewer": ("Freigabe", "reviewer"),
}
MIN_PASSWORD = 10
_HASHER = PasswordHash((Argon2Hasher(memory_cost=19 * 1024, time_cost=2, parallelism=1),))
#: verified against when the name is unknown, so a wrong name costs as much time as a wrong password
_DUMMY_HASH = _HASHER.hash("kein-konto-" + secrets.token_hex(8))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, login TEXT UNIQUE NOT NULL COLLATE NOCASE, hash TEXT NOT NULL, roles TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
"""


class AccountError(InputError):
    """An account cannot be created or changed as asked (name taken, weak password, unknown role)."""


class Throttled(BildungsgraphError):
    """Too many wrong passwords: sign-in is paused for this name or address."""

    exit_code = 2
    http_status = 429


@dataclass(frozen=True)
class Account:
    """One account: pseudonymous id, sign-in name, roles, whether it is switched off."""

    id: str
    login: str
    roles: frozenset[str]
    disabled: bool = False
    created: float = 0.0

    def has(self, role: str) -> bool:
        """True when the account holds ``role`` (admins hold every role)."""
        return not self.disabled and (role in self.roles or "admin" in self.roles)


class Accounts:
    """The accounts of one workspace (``accounts.sqlite``); every call opens its own connection (thread-safe)."""

    def __init__(self, path: Path, *, max_failures: int = 5, max_failures_ip: int = 20, window_s: int = 900) -> None:
        self.path = path
        self.max_failures = max_failures
        self.max_failures_ip = max_failures_ip
        self.window_s = window_s
        create(path, _SCHEMA)

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, timeout=10)

    # -- accounts ----------------------------------------------------------------------------------------
    def add(self, login: str, password: str, roles: list[str] | tuple[str, ...]) -> Account:
        """Create an account; AccountError for a taken name, an unknown role or a short password."""
        login = login.strip()
        check_login(login)
        check_roles(roles)
        check_password(password)
        account = Account("k-" + secrets.token_hex(5), login, frozenset(roles), False, time.time())
        try:
            with self._db() as db:
                db.execute(
                    "INSERT INTO accounts (id, login, hash, roles, created) VALUES (?, ?, ?, ?, ?)",
                    (account.id, login, _HASHER.hash(password), " ".join(sorted(roles)), account.created),
                )
        except sqlite3.IntegrityError as exc:
            raise AccountError(
                f"Den Anmeldenamen „{login}“ gibt es schon.", f'the sign-in name "{login}" is taken.'
            ) from exc
        return account

    def accounts(self) -> list[Account]:
        """All accounts, by sign-in name."""
        with self._db() as db:
            rows = db.execute("SELECT id, login, roles, disabled, created FROM accounts ORDER BY login").fetchall()
        return [_account(row) for row in rows]

    def get(self, account_id: str) -> Account | None:
        """The account with this id, or None."""
        with self._db() as db:
            row = db.execute(
                "SELECT id, login, roles, disabled, created FROM accounts WHERE id = ?", (account_id,)
            ).fetchone()
        return _account(row) if row else None

    def by_login(self, login: str) -> Account:
        """The account with this sign-in name; NotFound otherwise."""
        with self._db() as db:
            row = db.execute(
                "SELECT id, login, roles, disabled, created FROM accounts WHERE login = ?", (login.strip(),)
            ).fetchone()
        if row is None:
            raise NotFound(f"Kein Konto „{login}“.", f'no account "{login}".')
        return _account(row)

    def set_disabled(self, login: str, disabled: bool = True) -> Account:
        """Switch an account off (its sessions end at their next request) or on again."""
        account = self.by_login(login)
        with self._db() as db:
            db.execute("UPDATE accounts SET disabled = ? WHERE id = ?", (int(disabled), account.id))
        return self.by_login(login)

    def set_roles(self, login: str, roles: list[str]) -> Account:
        """Replace the roles of an account."""
        check_roles(roles)
        account = self.by_login(login)
        with self._db() as db:
            db.execute("UPDATE accounts SET roles = ? WHERE id = ?", (" ".join(sorted(roles)), account.id))
        return self.by_login(login)

    def set_password(self, login: str, password: str) -> None:
        """Give an account a new password."""
        check_password(password)
        account = self.by_login(login)
        with self._db() as db:
            db.execute("UPDATE accounts SET hash = ? WHERE id = ?", (_HASHER.hash(password), account.id))

    def has_admin(self) -> bool:
        """True when an active admin account exists."""
        return any("admin" in a.roles and not a.disabled for a in self.accounts())

    # -- sign-in -------------------------------------------------------------------------------------------
    def sign_in(self, login: str, password: str, client: str = "") -> Account:
        """The account if name and password match and it is active.

        Raises:
            Throttled: too many wrong passwords for this name or address within the window.
            Forbidden: wrong name or password, or the account is switched off (one message for both cases).
        """
        login = login.strip()
        keys = [f"login:{login.casefold()}", f"ip:{client}"]
        self._check_throttle(keys)
        with self._db() as db:
            row = db.execute(
                "SELECT id, login, roles, disabled, created, hash FROM accounts WHERE login = ?", (login,)
            ).fetchone()
        valid, new_hash = _HASHER.verify_and_update(password, row[5] if row else _DUMMY_HASH)
        if row is None or not valid or row[3]:
            self._fail(keys)
            raise Forbidden(
                "Anmeldename oder Passwort stimmt nicht (oder das Konto ist gesperrt).",
                "wrong sign-in name or password (or the account is switched off).",
            )
        with self._db() as db:
            db.execute("DELETE FROM login_failures WHERE key = ?", (keys[0],))
            if new_hash:
                db.execute("UPDATE accounts SET hash = ? WHERE id = ?", (new_hash, row[0]))
        return _account(row[:5])

    def _check_throttle(self, keys: list[str]) -> None:
        since = time.time() - self.window_s
        with self._db() as db:
            db.execute("DELETE FROM login_failures WHERE at < ?", (since,))
            for key, limit in zip(keys, (self.max_failures, self.max_failures_ip), strict=True):
                count, first = db.execute(
                    "SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = ? AND at >= ?", (key, since)
                ).fetchone()
                if count >= limit:
                    minutes = max(1, round((first + self.window_s - time.time()) / 60))
                    raise Throttled(
                        f"Zu viele falsche Passwörter. Die Anmeldung ist für {minutes} Minuten gesperrt.",
                        f"too many wrong passwords; sign-in is paused for {minutes} minutes.",
                        fix_de="Warten Sie oder bitten Sie die Verwaltung, das Passwort neu zu setzen.",
                        fix_en="wait, or ask an administrator to reset the password.",
                    )

    def _fail(self, keys: list[str]) -> None:
        now = time.time()
        with self._db() as db:
            db.executemany("INSERT INTO login_failures (key, at) VALUES (?, ?)", [(k, now) for k in keys])


def _account(row: tuple) -> Account:
    return Account(row[0], row[1], frozenset(row[2].split()), bool(row[3]), float(row[4]))


def check_login(login: str) -> None:
    """A sign-in name: 3 to 120 visible characters (a function mailbox is a good choice)."""
    if not 3 <= len(login) <= 120 or any(ch.isspace() for ch in login):
        raise AccountError(
            "Der Anmeldename braucht 3 bis 120 Zeichen ohne Leerzeichen (z. B. ein Funktionspostfach).",
            "a sign-in name needs 3 to 120 characters without spaces (e.g. a function mailbox).",
        )


def check_roles(roles: list[str] | tuple[str, ...]) -> None:
    """At least one role, each one of :data:`ROLES`."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise AccountError(
            f"Unbekannte oder fehlende Rolle {', '.join(unknown)}; erlaubt: {', '.join(ROLES)}.",
            f"unknown or missing role {', '.join(unknown)}; allowed: {', '.join(ROLES)}.",
        )


def check_password(password: str) -> None:
    """At least :data:`MIN_PASSWORD` characters."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD} Zeichen.",
            f"the password is too short: at least {MIN_PASSWORD} characters.",
        )
