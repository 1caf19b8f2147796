"""CLI command ``map``: the Bildungslandkarte of a county as PNG or PDF for reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.core.errors import InputError
from graph_service.core.settings import get_settings
from graph_service.gaps.map_data import default_area, map_areas, map_base, map_data, selection_for
from graph_service.gaps.map_export import FORMATS, export_map
from graph_service.store.factory import open_store

_CATEGORY = "Kennung (z. B. {example}), Bezeichnung oder IRI"


def map_command(
    out: Annotated[Path, typer.Option("-o", "--output", help="Zieldatei: .png oder .pdf")],
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
    county: Annotated[
        str | None, typer.Option("--county", help="Kreisschlüssel, z. B. 14627 (Vorgabe: der Kreis)")
    ] = None,
    phase: Annotated[
        str | None, typer.Option("--phase", help="Lebensphase: " + _CATEGORY.format(example="weiterbildung"))
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="Zielgruppe: " + _CATEGORY.format(example="neuzugewanderte"))
    ] = None,
    offer_type: Annotated[
        str | None, typer.Option("--type", help="Angebotsart: " + _CATEGORY.format(example="sprachfoerderung"))
    ] = None,
    per_1000: Annotated[bool, typer.Option("--per-1000", help="Angebote je 1.000 Einwohner statt Anzahl")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Sprache der Karte: de oder en")] = "de",
) -> None:
    """Bildungslandkarte als PNG oder PDF: Angebote je Gemeinde, Lücken, Akteure, Legende, Quellenangabe."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(
            f"{out.name}: Die Karte wird als .png oder .pdf geschrieben.",
            f"{out.name}: the map is written as .png or .pdf.",
        )
    if lang not in ("de", "en"):
        raise typer.BadParameter("de oder en", param_hint="--lang")
    settings = get_settings()
    graph_store = open_store(settings, store_path=store)
    try:
        areas = map_areas(graph_store)
        area = next((a for a in areas if a.ags == county), None) if county else default_area(areas)
        if area is None:
            listed = ", ".join(f"{a.ags} ({a.name})" for a in areas) or "keines – zuerst bildungsgraph init --county …"
            raise InputError(
                f"Welcher Kreis? Mit --county angeben; geladen: {listed}.",
                f"Which county? Give --county; loaded: {listed}.",
            )
        base = map_base(graph_store, settings, area.ags)
        selection = selection_for(
            base, {"phase": phase, "group": group, "type": offer_type}, "per1000" if per_1000 else "offers"
        )
        out.write_bytes(export_map(map_data(base, selection, lang), fmt, lang))
    finally:
        graph_store.close()
    typer.echo(str(out))


def register(app: typer.Typer) -> None:
    """Add ``map`` to the CLI."""
    app.command("map")(map_command)
