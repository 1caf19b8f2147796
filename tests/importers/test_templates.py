"""Spreadsheet templates: sheets, German headers, drop-downs; filled templates give German row feedback."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.settings import Settings
from importers import run_mapping
from importers.concepts import scheme_concepts
from importers.templates import TEMPLATES, TemplateError, write_template


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_xlsx_template_has_headers_explanations_and_dropdowns(kind: str, tmp_path: Path) -> None:
    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Daten", "Listen", "Erläuterungen"]
    headers = [c.value for c in book["Daten"][1]]
    assert headers == [c.header for c in TEMPLATES[kind]]
    explained = [
        row[0] for row in book["Erläuterungen"].iter_rows(min_row=2, max_row=len(headers) + 1, values_only=True)
    ]
    assert explained == headers
    with_lists = [c for c in TEMPLATES[kind] if c.scheme or c.choices]
    assert len(book["Daten"].data_validations.dataValidation) == len(with_lists)


def test_dropdown_of_target_groups_lists_the_scheme(tmp_path: Path) -> None:
    book = load_workbook(write_template("angebote", tmp_path / "a.xlsx"))
    index = [c.header for c in TEMPLATES["angebote"]].index("Zielgruppe") + 1
    values = [r[index - 1] for r in book["Listen"].iter_rows(values_only=True) if r[index - 1]]
    assert values == list(scheme_concepts("zielgruppe").values())
    assert len(values) >= 13


def test_csv_template_and_unknown_kind(tmp_path: Path) -> None:
    path = write_template("mitgliedschaften", tmp_path / "m.csv")
    assert path.read_text(encoding="utf-8").strip() == "Netzwerk (Kennung),Mitglied (Kennung),Rolle,Beginn,Ende"
    with pytest.raises(TemplateError):
        write_template("nope", tmp_path / "x.xlsx")
    with pytest.raises(TemplateError):
        write_template("akteure", tmp_path / "x.txt")


def test_cli_template_english_alias(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template", "offers", "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o.xlsx").is_file()
    bad = CliRunner().invoke(app, ["template", "nonsense", "-o", str(tmp_path / "o.xlsx")])
    assert bad.exit_code == 2


def test_filled_template_gives_row_feedback_in_german(tmp_path: Path) -> None:
    path = write_template("angebote", tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book["Daten"]
    good = ["kurs-1", "Sprachkurs", "Bildungsangebot", "vhs-x", "Weiterbildung", "neuzugewanderte", "kurs", "01001000"]
    sheet.append([*good, None, "de", "ja", None, "2024-01-01"])
    sheet.append(["kurs-2", "Kurs ohne Zielgruppe", "Bildungsangebot", "vhs-x", "weiterbildung", "Senioren"])
    sheet.append(["kurs-3", None, "Bildungsangebot", "vhs-x", "weiterbildung", "alle"])
    sheet.append(
        ["kurs-4", "Datum falsch", "Bildungsangebot", "vhs-x", "weiterbildung", "alle", *([None] * 6), "31.2.2024"]
    )
    book.save(path)
    result = run_mapping(path, "vorlage-angebote", Settings(_env_file=None))
    assert result.counts == {"imported": 1, "rejected": 3}
    feedback = result.feedback().splitlines()
    assert len(feedback) == 3
    assert feedback[0].startswith(f"{path.name} (Blatt Daten), Zeile 3, Spalte „Zielgruppe“, Wert „Senioren“")
    assert "erlaubt" in feedback[0]
    assert "Zeile 4, Spalte „Titel“" in feedback[1] and "ausfüllen" in feedback[1]
    assert "Zeile 5, Spalte „Beginn“, Wert „31.2.2024“" in feedback[2] and "TT.MM.JJJJ" in feedback[2]
    issues = result.outcomes
    assert [o.row for o in issues if o.status == "rejected"] == [3, 4, 5]


def test_ags_typed_as_a_number_in_excel_keeps_its_leading_zero(tmp_path: Path) -> None:
    path = write_template("angebote", tmp_path / "a.xlsx")
    book = load_workbook(path)
    assert book["Daten"].column_dimensions["H"].number_format == "@"  # Gemeinde (AGS) is a text column
    book["Daten"].append(["k", "Kurs", "Bildungsangebot", "vhs-x", "weiterbildung", "alle", None, 1001000])
    book.save(path)
    result = run_mapping(path, "vorlage-angebote", Settings(_env_file=None))
    assert result.counts == {"imported": 1}
    assert any(str(o).endswith("/region/gemeinde/01001000") for o in result.graph.objects())
