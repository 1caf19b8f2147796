"""``bildungsgraph user add|list|disable|enable|passwd|demo-admin``: the workspace's accounts (SQLite next to the
store; works while the service runs). Sign-in names may be function mailboxes: no person's name is needed."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_service.accounts import ROLES, Accounts
from graph_service.core.settings import get_settings

user_app = typer.Typer(help="Konten des Arbeitsbereichs / workspace accounts", no_args_is_help=True)
StoreOpt = Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")]
DEMO_ADMIN = "admin@beispiel.de"


def accounts_of(store: Path | None) -> Accounts:
    """The account table of the store's workspace (``<store>-workspace/accounts.sqlite``)."""
    settings = get_settings().for_store(store)
    return Accounts(
        settings.workspace_folder() / "accounts.sqlite",
        max_failures=settings.login_max_failures,
        max_failures_ip=settings.login_max_failures_ip,
        window_s=settings.login_window_s,
    )


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")


@user_app.command("add")
def add(
    login: Annotated[str, typer.Argument(help="Anmeldename, z. B. ein Funktionspostfach (bildungsbuero@kreis.de)")],
    role: Annotated[list[str], typer.Option("--role", help=f"Rolle: {', '.join(ROLES)}; mehrfach möglich")] = [],  # noqa: B006
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Passwort von der Standardeingabe")] = False,
    store: StoreOpt = None,
) -> None:
    """Ein Konto anlegen."""
    account = accounts_of(store).add(login, _password(password_stdin), role or ["editor"])
    typer.echo(f"Konto angelegt: {account.login} ({account.id}; Rollen: {', '.join(sorted(account.roles))})")


@user_app.command("list")
def list_accounts(store: StoreOpt = None) -> None:
    """Alle Konten."""
    table = Table("Anmeldename", "Kennung", "Rollen", "Status")
    for account in accounts_of(store).accounts():
        table.add_row(
            account.login, account.id, ", ".join(sorted(account.roles)), "gesperrt" if account.disabled else "aktiv"
        )
    Console().print(table)


@user_app.command("disable")
def disable(login: Annotated[str, typer.Argument(help="Anmeldename")], store: StoreOpt = None) -> None:
    """Ein Konto sperren (seine Sitzungen enden mit der nächsten Anfrage)."""
    accounts_of(store).set_disabled(login, True)
    typer.echo(f"gesperrt: {login}")


@user_app.command("enable")
def enable(login: Annotated[str, typer.Argument(help="Anmeldename")], store: StoreOpt = None) -> None:
    """Ein gesperrtes Konto wieder freischalten."""
    accounts_of(store).set_disabled(login, False)
    typer.echo(f"entsperrt: {login}")


@user_app.command("passwd")
def passwd(
    login: Annotated[str, typer.Argument(help="Anmeldename")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Passwort von der Standardeingabe")] = False,
    store: StoreOpt = None,
) -> None:
    """Ein neues Passwort setzen."""
    accounts_of(store).set_password(login, _password(password_stdin))
    typer.echo(f"Passwort geändert: {login}")


@user_app.command("demo-admin")
def demo_admin(store: StoreOpt = None) -> None:
    """Für die Demo: ein Verwaltungskonto mit zufälligem Passwort anlegen und es einmal anzeigen."""
    accounts = accounts_of(store)
    if accounts.has_admin():
        typer.echo(
            "Arbeitsbereich: ein Verwaltungskonto gibt es schon (Passwort vergessen? bildungsgraph user passwd)."
        )
        return
    password = secrets.token_urlsafe(12)
    accounts.add(DEMO_ADMIN, password, ["admin"])
    typer.echo("Arbeitsbereich (nur diesmal angezeigt, bitte notieren):")
    typer.echo(f"  Anmeldename: {DEMO_ADMIN}")
    typer.echo(f"  Passwort:    {password}")


def register(app: typer.Typer) -> None:
    """Add ``user`` to the CLI."""
    app.add_typer(user_app, name="user")
