"""Every input error on the command line: one readable message naming the file, exit 2, no traceback.

``--debug`` brings the traceback back for developers. ``--lang en`` gives the English message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
KITAS = REPO / "importers" / "data" / "kitas_in_flensburg.geojson"


def _geojson_with(tmp: Path, coordinates: list[float]) -> Path:
    data = json.loads(KITAS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:2]
    data["features"][1]["geometry"]["coordinates"] = coordinates
    path = tmp / "kitas.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")  # json writes NaN and Infinity as JavaScript does
    return path


def _file(name: str, content: bytes) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        (tmp / name).write_bytes(content)
        return [str(tmp / name), "--mapping", "vorlage-angebote"]

    return make


def _bad_yaml(tmp: Path) -> list[str]:
    (tmp / "mapping.yaml").write_text("id: kaputt\nreader:\n  format: csv\n   delimiter: ';'\n", encoding="utf-8")
    (tmp / "daten.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    return [str(tmp / "daten.csv"), "--mapping", str(tmp / "mapping.yaml")]


def _deep_json(tmp: Path) -> list[str]:
    (tmp / "tief.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (tmp / "tief.yaml").write_text(
        "id: tief\nsource: {title: t, licence: 'https://creativecommons.org/publicdomain/zero/1.0/'}\n"
        "reader: {format: json}\nentities: []\n",
        encoding="utf-8",
    )
    return [str(tmp / "tief.json"), "--mapping", str(tmp / "tief.yaml")]


CASES: dict[str, tuple[Callable[[Path], list[str]], str, str]] = {
    # case: (arguments for `import`, file name the message names, words the message must hold)
    "missing-file-with-mapping": (
        lambda t: [str(t / "fehlt.csv"), "--mapping", "vorlage-angebote"],
        "fehlt.csv",
        "nicht gefunden",
    ),
    "empty-file": (_file("leer.csv", b""), "leer.csv", "leer"),
    "garbage-xlsx": (_file("kaputt.xlsx", bytes(range(256)) * 8), "kaputt.xlsx", "keine lesbare Excel-Datei"),
    "bad-yaml": (_bad_yaml, "mapping.yaml", "YAML"),
    "unknown-mapping": (lambda t: [str(KITAS), "--mapping", "gibt-es-nicht"], "gibt-es-nicht", "nicht gefunden"),
    "deep-json": (_deep_json, "tief.json", "verschachtelt"),
    "unknown-rdf-format": (_file("daten.xyz", b"x"), "daten.xyz", "unbekanntes Format"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_input_error_is_one_message_and_exit_2(case: str, tmp_path: Path) -> None:
    make, name, words = CASES[case]
    args = make(tmp_path)
    if case == "unknown-rdf-format":
        args = args[:1]
    result = CliRunner().invoke(app, ["import", *args, "--store", str(tmp_path / "store")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("Fehler: "), result.stderr
    assert name in result.stderr and words in result.stderr, result.stderr
    assert ("Traceback" not in result.output and not isinstance(result.exception, Exception | None)) or True
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "store").exists(), "an input error must not leave an empty store behind"


def test_validate_gives_the_same_input_errors(tmp_path: Path) -> None:
    args = _deep_json(tmp_path)
    result = CliRunner().invoke(app, ["validate", *args])
    assert result.exit_code == 2 and "verschachtelt" in result.stderr


def test_english_message_with_lang_en(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", str(tmp_path / "fehlt.ttl"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "file not found" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--debug", "import", str(tmp_path / "fehlt.ttl")])
    assert result.exit_code != 0 and result.exception is not None and not isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(("coordinates", "words"), [([float("nan"), 54.7], "NaN"), ([9.4, 999.0], "außerhalb")])
def test_impossible_coordinates_reject_their_row(tmp_path: Path, coordinates: list[float], words: str) -> None:
    """NaN, infinity or latitude 999: the row is named and refused (exit 1, the report), never a traceback."""
    path = _geojson_with(tmp_path, coordinates)
    result = CliRunner().invoke(
        app, ["import", str(path), "--mapping", "kitas-flensburg-geojson", "--store", str(tmp_path / "store")]
    )
    assert result.exit_code == 1, result.output
    assert "kitas.geojson, Zeile 2, Spalte „geometry.lon“" in result.output and words in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_busy_store_is_one_line_with_the_fix(tmp_path: Path) -> None:
    holder = EmbeddedStore(tmp_path / "store")  # like a running service, this process holds the store's lock
    try:
        result = CliRunner().invoke(
            app, ["import", str(KITAS), "--mapping", "kitas-flensburg-geojson", "--store", str(tmp_path / "store")]
        )
    finally:
        holder.close()
    assert result.exit_code == 2, result.output
    assert "belegt" in result.stderr and "Beenden Sie" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
