"""Spreadsheet templates for coordinators: German headers, an explanation sheet, drop-downs from SKOS schemes.

Each kind (akteure, angebote, kooperationen, zustaendigkeiten, netzwerke, mitgliedschaften) is imported with the
shipped mapping ``vorlage-<kind>``; a filled template goes through the same SHACL-gated import as any source.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from graph_service.core.errors import InputError
from importers.concepts import scheme_concepts


@dataclass(frozen=True)
class Column:
    """One column of a template: header, what to write, drop-down scheme, whether required."""

    header: str
    help: str
    scheme: str | None = None
    required: bool = False
    choices: tuple[str, ...] = ()


K = "Kennung: kurze eindeutige Kennung aus Kleinbuchstaben, Ziffern und Bindestrichen (z. B. vhs-flensburg)."
REF = "Kennung eines Akteurs aus der Tabelle Akteure oder aus einer importierten Quelle (z. B. schule-sh-0702020)."
MULTI = " Mehrere Werte mit Semikolon (;) trennen."
DATE = "Datum im Format JJJJ-MM-TT."
AGS = "Amtlicher Gemeindeschlüssel, 8 Ziffern mit führender Null (z. B. 01001000 für Flensburg)."

TEMPLATES: dict[str, list[Column]] = {
    "akteure": [
        Column("Kennung", K, required=True),
        Column("Name", "Name der Organisation (keine Personennamen).", required=True),
        Column(
            "Weitere Namen",
            "Abkürzungen und andere Namen, unter denen die Organisation bekannt ist (z. B. KVHS); die Suche findet"
            " sie." + MULTI,
        ),
        Column("Akteurstyp", "Art der Organisation." + MULTI, scheme="akteurstyp", required=True),
        Column("Übergeordnete Organisation (Kennung)", REF),
        Column("Träger (Kennung)", REF),
        Column("Straße und Hausnummer", "Anschrift der Organisation."),
        Column("PLZ", "Postleitzahl (5 Ziffern)."),
        Column("Ort", "Ort der Anschrift."),
        Column("Gemeinde (AGS)", AGS),
        Column("Telefon", "Zentrale Telefonnummer der Organisation (keine persönlichen Durchwahlen)."),
        Column("E-Mail", "Funktionspostfach der Organisation (keine persönlichen Adressen)."),
        Column("Webseite", "Adresse der Webseite."),
        Column("Beschreibung", "Freier Text."),
    ],
    "angebote": [
        Column("Kennung", K, required=True),
        Column("Titel", "Name des Angebots.", required=True),
        Column(
            "Angebotsform",
            "Bildungsangebot oder Beratungsangebot.",
            required=True,
            choices=("Bildungsangebot", "Beratungsangebot"),
        ),
        Column("Anbieter (Kennung)", REF + MULTI, required=True),
        Column("Lebensphase", "Bildungsbereich." + MULTI, scheme="lebensphase", required=True),
        Column("Zielgruppe", "Für wen ist das Angebot?" + MULTI, scheme="zielgruppe", required=True),
        Column("Angebotsart", "Form des Angebots." + MULTI, scheme="angebotsart"),
        Column("Gemeinde (AGS)", "Ort der Durchführung. " + AGS),
        Column("Einzugsgebiet (AGS)", "Gemeinden oder Kreise, für die das Angebot gedacht ist." + MULTI),
        Column("Sprache", "Sprachcodes wie de, en, ar, uk." + MULTI),
        Column("Kostenlos", "ja oder nein.", choices=("ja", "nein")),
        Column("Kosten", "Kosten als Text, z. B. 20 € pro Kurs."),
        Column("Beginn", DATE),
        Column("Ende", DATE),
        Column("Beschreibung", "Freier Text."),
    ],
    "kooperationen": [
        Column("Kennung", K, required=True),
        Column("Bezeichnung", "Name der Kooperation.", required=True),
        Column("Partner 1 (Kennung)", REF, required=True),
        Column("Partner 2 (Kennung)", REF, required=True),
        Column("Weitere Partner (Kennungen)", REF + MULTI),
        Column("Kooperationsart", "Art der Zusammenarbeit.", scheme="kooperationsart", required=True),
        Column("Thema", "Worum geht es?"),
        Column("Netzwerk (Kennung)", "Kennung eines Netzwerks aus der Tabelle Netzwerke."),
        Column("Beginn", DATE),
        Column("Ende", DATE),
        Column("Beschreibung", "Freier Text."),
    ],
    "zustaendigkeiten": [
        Column("Kennung", K, required=True),
        Column("Bezeichnung", "Kurzer Name der Zuständigkeit."),
        Column("Zuständige Stelle (Kennung)", REF, required=True),
        Column("Zuständigkeitsart", "Art der Zuständigkeit.", scheme="zustaendigkeitsart", required=True),
        Column("Ebene", "Staatliche Ebene.", scheme="zustaendigkeitsebene", required=True),
        Column("Betrifft Akteur (Kennung)", REF + MULTI),
        Column("Betrifft Lebensphase", "Bildungsbereich." + MULTI, scheme="lebensphase"),
        Column("Gebiet (AGS)", "Gemeinde- oder Kreisschlüssel." + MULTI),
        Column("Rechtsgrundlage", "z. B. § 24 SGB VIII."),
        Column("Beginn", DATE),
        Column("Ende", DATE),
    ],
    "netzwerke": [
        Column("Kennung", K, required=True),
        Column("Name", "Name des Netzwerks oder Gremiums.", required=True),
        Column(
            "Art",
            "Netzwerk, Gremium oder Bildungskonferenz.",
            required=True,
            choices=("Netzwerk", "Gremium", "Bildungskonferenz"),
        ),
        Column("Koordiniert von (Kennung)", REF),
        Column("Gebiet (AGS)", "Gemeinde- oder Kreisschlüssel." + MULTI),
        Column("Thema", "Worum geht es?"),
        Column("Beschreibung", "Freier Text."),
    ],
    "mitgliedschaften": [
        Column("Netzwerk (Kennung)", "Kennung eines Netzwerks aus der Tabelle Netzwerke.", required=True),
        Column("Mitglied (Kennung)", REF, required=True),
        Column("Rolle", "Rolle im Netzwerk.", scheme="rolle"),
        Column("Beginn", DATE),
        Column("Ende", DATE),
    ],
}


class TemplateError(InputError, ValueError):
    """Unknown template kind or output format."""


def columns(kind: str) -> list[Column]:
    """Columns of one template kind."""
    if kind not in TEMPLATES:
        raise TemplateError(f"unbekannte Vorlage {kind!r}; verfügbar: {', '.join(TEMPLATES)}")
    return TEMPLATES[kind]


def write_template(kind: str, out: Path) -> Path:
    """Write an empty template as .xlsx (with explanation sheet and drop-downs) or .csv (header only)."""
    cols = columns(kind)
    if out.suffix.lower() == ".csv":
        with out.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow([c.header for c in cols])
        return out
    if out.suffix.lower() != ".xlsx":
        raise TemplateError(f"Dateiendung .xlsx oder .csv erwartet, nicht {out.suffix!r}")
    _write_xlsx(kind, cols, out)
    return out


def _write_xlsx(kind: str, cols: list[Column], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    data.title = "Daten"
    lists = book.create_sheet("Listen")
    help_sheet = book.create_sheet("Erläuterungen")
    help_sheet.append(["Spalte", "Pflicht", "Was eintragen", "Erlaubte Werte"])
    bold = Font(bold=True)
    for cell in help_sheet[1]:
        cell.font = bold
    for index, col in enumerate(cols, start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index, value=col.header)
        header.font = bold
        if col.required:
            header.fill = PatternFill("solid", fgColor="FFF2CC")
        data.column_dimensions[letter].width = max(14, len(col.header) + 2)
        if "AGS" in col.header or col.header in ("PLZ", "Telefon"):
            data.column_dimensions[letter].number_format = "@"  # keys and postcodes are text: keep leading zeros
        values = list(scheme_concepts(col.scheme).values()) if col.scheme else list(col.choices)
        help_sheet.append([col.header, "ja" if col.required else "nein", col.help, ", ".join(values)])
        if values:
            for row, value in enumerate(values, start=1):
                lists.cell(row=row, column=index, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"=Listen!${letter}$1:${letter}${len(values)}",
                allow_blank=not col.required,
                showErrorMessage=";" not in col.help and "Mehrere" not in col.help,
                errorTitle="Wert aus der Liste wählen",
                error=f"Bitte einen Wert aus der Liste wählen ({col.header}).",
            )
            validation.add(f"{letter}2:{letter}1000")
            data.add_data_validation(validation)
    help_sheet.append([])
    help_sheet.append([f"Vorlage {kind}: Import mit `bildungsgraph import DATEI --mapping vorlage-{kind}`."])
    help_sheet.column_dimensions["A"].width = 36
    help_sheet.column_dimensions["C"].width = 80
    lists.sheet_state = "hidden"
    book.save(out)
