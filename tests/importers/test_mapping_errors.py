"""Honest errors of the mapping language, on the command line: one message with file, line and the fix.

Each case asserts the message text and the exit code (2: input or mapping problem, 1: rows rejected by the gate).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from importers import run_mapping

MAPPING = {
    "id": "schulen-test",
    "source": {"title": "Test", "licence": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "reader": {"format": "csv", "required_columns": ["Nummer", "Schulname"]},
    "params": {"kreis": "01001"},
    "value_maps": {
        "arten": {
            "GS": {"types": ["schema:ElementarySchool"], "actor_type": ["grundschule"]},
            "default": {"types": ["schema:School"], "actor_type": ["allgemeinbildende-schule"]},
        }
    },
    "entities": [
        {
            "id": "schule",
            "iri": "actor/schule-test-{Nummer}",
            "types": ["org:Organization"],
            "classify": [{"column": "Art", "map": "arten"}],
            "properties": [
                {"p": "rdfs:label", "column": "Schulname", "lang": "de"},
                {"p": "schema:telephone", "column": "Telefon"},
                {"p": "schema:url", "column": "Homepage", "kind": "url"},
            ],
            "municipality": {"ags": "{AGS}"},
        }
    ],
}
CSV = (
    "Nummer,Schulname,Art,Telefon,Homepage,AGS\n"
    "1,Grundschule Nord,GS,0461 1,https://gs-nord.example.org,01001000\n"
    "2,Schule Süd,XY,0461 2,nicht angegeben,01001000\n"
    "3,,GS,0461 3,,01001000\n"
    "4,Schule West,ZZ,0461 4,www.west.example.org,01001000\n"
)


def write(tmp: Path, mapping: dict | str | None = None, csv: str = CSV) -> list[str]:
    text = (
        mapping if isinstance(mapping, str) else yaml.safe_dump(mapping or MAPPING, allow_unicode=True, sort_keys=False)
    )
    (tmp / "m.yaml").write_text(text, encoding="utf-8")
    (tmp / "schulen.csv").write_text(csv, encoding="utf-8")
    return [str(tmp / "schulen.csv"), "--mapping", str(tmp / "m.yaml")]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "pydantic" not in stderr.lower()
    return lines[0]


def with_entity(**changes: object) -> dict:
    mapping = yaml.safe_load(yaml.safe_dump(MAPPING))
    mapping["entities"][0].update(changes)
    return mapping


def test_unknown_optional_column_is_one_error_with_line_and_nearest_names(tmp_path: Path) -> None:
    mapping = with_entity(
        properties=[{"p": "rdfs:label", "column": "Schulname"}, {"p": "schema:telephone", "column": "Telefn"}]
    )
    code, _, err = cli("validate", *write(tmp_path, mapping))
    line = one_error_line(err)
    assert code == 2
    assert line.startswith("Fehler: m.yaml, Zeile ")
    assert "Spalte „Telefn“" in line and "gibt es in schulen.csv nicht" in line and "meinten Sie „Telefon“" in line
    number = int(line.split("Zeile ")[1].split(":")[0])
    assert "Telefn" in (tmp_path / "m.yaml").read_text(encoding="utf-8").splitlines()[number - 1]


def test_unknown_required_column_is_not_reported_as_empty_rows(tmp_path: Path) -> None:
    mapping = yaml.safe_load(yaml.safe_dump(MAPPING))
    mapping["reader"]["required_columns"] = ["Nummer", "Schulnahme"]
    mapping["entities"][0]["properties"][0] = {"p": "rdfs:label", "column": "Schulnahme", "required": True}
    code, out, err = cli("import", *write(tmp_path, mapping), "--store", str(tmp_path / "store"), "--lang", "en")
    line = one_error_line(err)
    assert code == 2 and "Pflichtfeld" not in out + err
    assert line.startswith("Error: m.yaml, line ")
    assert 'column "Schulnahme"' in line and "and 1 more" in line and 'did you mean "Schulname"' in line
    assert not (tmp_path / "store").exists()


def test_yaml_syntax_error_names_line_and_column_in_german_and_english(tmp_path: Path) -> None:
    args = write(tmp_path, "id: kaputt\nreader:\n  format: csv\n   delimiter: ';'\n")
    code, _, err = cli("import", *args, "--store", str(tmp_path / "store"))
    assert code == 2
    assert one_error_line(err).startswith("Fehler: m.yaml, Zeile 4: kein gültiges YAML (Spalte 13)")
    code, _, err = cli("import", *args, "--store", str(tmp_path / "store"), "--lang", "en")
    assert code == 2 and one_error_line(err).startswith("Error: m.yaml, line 4: not valid YAML (column 13)")


def test_schema_errors_are_one_german_message_without_pydantic(tmp_path: Path) -> None:
    mapping = with_entity(properties=[{"p": "rdfs:label", "colum": "Schulname"}], kind_of="x")
    mapping["reader"]["format"] = "xls"
    code, _, err = cli("validate", *write(tmp_path, mapping))
    line = one_error_line(err)
    assert code == 2 and "errors.pydantic.dev" not in err and "extra_forbidden" not in err
    assert "unbekannter Schlüssel „colum“ – meinten Sie „column“?" in line
    assert "unbekannter Schlüssel „kind_of“" in line
    assert "„xls“ ist nicht erlaubt, erlaubt: 'auto', 'csv', 'tsv', 'xlsx', 'json' oder 'geojson'" in line
    lines = (tmp_path / "m.yaml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, start=1) if "format: xls" in text)
    assert f"Zeile {number}, Spalte 3 (reader.format)" in line


def test_missing_key_is_named(tmp_path: Path) -> None:
    mapping = {k: v for k, v in MAPPING.items() if k != "entities"}
    code, _, err = cli("validate", *write(tmp_path, mapping), "--lang", "en")
    assert code == 2 and 'required key "entities" is missing' in one_error_line(err)


def test_row_problems_name_row_column_value_and_follow_lang(tmp_path: Path) -> None:
    args = write(tmp_path)
    code, out, err = cli("validate", *args, "--lang", "en")
    assert code == 1 and "QuerySyntaxError" not in out + err
    assert 'schulen.csv, row 3, column "Homepage" (value "nicht angegeben"): not a web address' in out
    code, out, _ = cli("validate", *args)
    assert code == 1
    assert "schulen.csv, Zeile 3, Spalte „Homepage“ (Wert „nicht angegeben“): keine Web-Adresse" in out


def test_default_of_a_value_map_is_counted_and_reported(tmp_path: Path) -> None:
    write(tmp_path)
    result = run_mapping(tmp_path / "schulen.csv", tmp_path / "m.yaml", Settings(_env_file=None))
    assert dict(result.defaults) == {("arten", "ZZ"): 1}  # row 3 (XY) is rejected for its web address
    notices = [n.message for n in result.notices()]
    assert notices == [
        "1 Zeile(n) mit Code „ZZ“ über default von value_maps.arten (Zeile 13) eingeordnet – Code im Mapping "
        "ergänzen, wenn das nicht stimmt"
    ]
    _, out, _ = cli("validate", str(tmp_path / "schulen.csv"), "--mapping", str(tmp_path / "m.yaml"), "--lang", "en")
    assert 'row(s) with code "ZZ" classified by the default of value_maps.arten (line 13)' in out


def test_unknown_code_without_default_names_the_mapping_entry(tmp_path: Path) -> None:
    mapping = yaml.safe_load(yaml.safe_dump(MAPPING))
    del mapping["value_maps"]["arten"]["default"]
    write(tmp_path, mapping)
    result = run_mapping(tmp_path / "schulen.csv", tmp_path / "m.yaml", Settings(_env_file=None))
    rejected = {o.row: o for o in result.outcomes if o.status == "rejected"}
    lines = (tmp_path / "m.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.strip() == "arten:")
    assert rejected[3].message.startswith(
        f"unbekannter Code „XY“ – im Mapping m.yaml unter value_maps.arten (Zeile {line})"
    )
    assert rejected[3].message_en.startswith('unknown code "XY" – add it to the mapping m.yaml under value_maps.arten')
    assert rejected[3].column == "Art"


@pytest.mark.parametrize(
    ("param", "words"),
    [("kreiss=01002", "unbekannter Parameter kreiss – das Mapping schulen-test kennt: kreis"), ("kreis", "name=wert")],
)
def test_bad_params_are_input_errors(tmp_path: Path, param: str, words: str) -> None:
    code, _, err = cli("validate", *write(tmp_path), "--param", param)
    assert code == 2 and words in one_error_line(err)


def test_partial_import_lands_the_good_rows_and_reports_the_rest(tmp_path: Path, demo_store_copy: Path) -> None:
    args = [*write(tmp_path), "--store", str(demo_store_copy)]
    code, out, _ = cli("import", *args)
    assert code == 1 and "ABGELEHNT" in out
    code, out, _ = cli("import", *args, "--accept-partial")
    assert code == 0, out
    assert "importiert" in out and "importiert 2, zusammengeführt 0, abgelehnt 2" in out
    assert "Zeile 3, Spalte „Homepage“" in out  # rejected by the importer
    assert "Zeile 4" in out and "Der Name fehlt" in out  # refused by the SHACL gate, mapped back to its row
    store = EmbeddedStore(demo_store_copy, read_only=True)
    try:
        rows = store.select(
            "SELECT ?s WHERE { GRAPH <https://w3id.org/bildungsgraph/id/graph/schulen-test> "
            "{ ?s a <http://www.w3.org/ns/org#Organization> } }"
        )
        assert sorted(str(r["s"]).rsplit("-", 1)[-1] for r in rows) == ["1", "4"]
    finally:
        store.close()


def test_keys_of_list_items_are_checked_too(tmp_path: Path) -> None:
    """JSON: ``item.<key>`` of a for_each entity and ``list[0].key`` are checked against the items' keys."""
    (tmp_path / "s.json").write_text('[{"id": 1, "name": "A", "buildings": [{"street": "Weg 1"}]}]', encoding="utf-8")
    mapping = {
        "id": "j",
        "source": {"title": "t", "licence": "CC0"},
        "reader": {"format": "json"},
        "entities": [
            {"id": "s", "iri": "actor/j-{id}", "properties": [{"p": "rdfs:label", "template": "{buildings[0].stret}"}]},
            {"id": "b", "for_each": "buildings", "iri": "site/j-{id}-{#}", "properties": [
                {"p": "rdfs:label", "column": "item.streets"}]},
        ],
    }  # fmt: skip
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(mapping), encoding="utf-8")
    code, _, err = cli("validate", str(tmp_path / "s.json"), "--mapping", str(tmp_path / "m.yaml"))
    line = one_error_line(err)
    assert code == 2
    assert "Spalte „buildings[0].stret“" in line and "meinten Sie „buildings[0].street“" in line
    assert "Spalte „item.streets“" in line and "meinten Sie „item.street“" in line


@pytest.mark.parametrize(
    "cell", ["http://zzz> } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } #", "www.schule .de", "http://https://x.de"]
)
def test_hostile_or_broken_web_addresses_reject_only_their_row(tmp_path: Path, cell: str) -> None:
    csv = f'Nummer,Schulname,Art,Telefon,Homepage,AGS\n1,A,GS,1,"{cell}",01001000\n2,B,GS,2,https://b.example.org,01001000\n'
    write(tmp_path, csv=csv)
    result = run_mapping(tmp_path / "schulen.csv", tmp_path / "m.yaml", Settings(_env_file=None))
    assert [o.status for o in result.outcomes] == ["rejected", "imported"]
    assert result.outcomes[0].column == "Homepage" and result.outcomes[0].value == cell
    assert result.to_import_batch().triples > 0  # the batch builds: no term reaches the store unchecked


def test_value_errors_of_a_template_sheet_follow_lang(tmp_path: Path) -> None:
    """A concept the list does not know and a key with a letter: the row report in English with ``--lang en``."""
    sheet = tmp_path / "akteure.csv"
    sheet.write_text(
        "Kennung;Name;Akteurstyp;Übergeordnete Organisation (Kennung);Träger (Kennung);Straße und Hausnummer;PLZ;Ort;"
        "Gemeinde (AGS);Telefon;E-Mail;Webseite;Beschreibung\n"
        "verein;Bücherverein;Bücherei-Verein;;;;;Meißen;14627140;;;;\n"
        "jugendamt;Jugendamt;Jugendamt;;;;;Meißen;1462714O;;;;\n",
        encoding="utf-8-sig",
    )
    code, out, _ = cli("validate", str(sheet), "--mapping", "vorlage-akteure", "--lang", "en")
    assert code == 1
    assert 'row 2, column "Akteurstyp" (value "Bücherei-Verein"): \'Bücherei-Verein\' is not a term of the list' in out
    assert "row 3" in out and "digits expected" in out
    code, out, _ = cli("validate", str(sheet), "--mapping", "vorlage-akteure")
    assert code == 1 and "'Bücherei-Verein' ist kein Begriff der Liste akteurstyp" in out
