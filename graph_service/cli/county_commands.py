"""CLI command ``init``: start a county (or a whole Land) from the shipped reference data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.service_client import Service, echoed_reply, open_for_writing
from graph_service.core.errors import Rejected
from graph_service.core.settings import get_settings
from graph_service.county.init import init_county


def init(
    county: Annotated[str, typer.Option("--county", help="Kreisschlüssel (5 Ziffern), z. B. 14627 für Meißen")],
    whole_land: Annotated[
        bool, typer.Option("--whole-land", help="Das ganze Land des Kreises laden (alle Kreise und Gemeinden)")
    ] = False,
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Sprache der Meldungen: de oder en")] = "de",
) -> None:
    """Einen Kreis einrichten: Ontologie, Gemeindeverzeichnis und Gemeindegrenzen laden (wiederholbar)."""
    graph_store = open_for_writing(store)
    if isinstance(graph_store, Service):
        reply = graph_store.post("/api/workspace/init", data={"county": county, "whole_land": str(whole_land)})
        body = echoed_reply(reply, "init")
        name, key, count = body["name"], body["key"], body["municipalities"]
    else:
        try:
            result = init_county(graph_store, county, get_settings(), whole_land=whole_land, echo=typer.echo)
        except Rejected as exc:
            typer.echo(exc.report.to_text(lang), err=True)
            raise typer.Exit(1) from None
        finally:
            graph_store.close()
        name, key, count = result.area.name, result.area.key, result.municipalities
    if lang == "en":
        typer.echo(f"Set up: {name} ({key}) with {count} municipalities.")
        typer.echo("Next: bildungsgraph template akteure -o akteure.xlsx, then bildungsgraph import … (see README).")
    else:
        typer.echo(f"Eingerichtet: {name} ({key}) mit {count} Gemeinden.")
        typer.echo("Weiter: bildungsgraph template akteure -o akteure.xlsx, dann bildungsgraph import … (README).")


def register(app: typer.Typer) -> None:
    """Add ``init`` to the CLI."""
    app.command("init")(init)
