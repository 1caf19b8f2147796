"""The service is the one writer: CLI commands next to a running service go through it (writes) or read a
checkpoint it makes (reads); 50 readers during a commit see the old or the new state, never an error or a mix."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from graph_service.cli import app as cli
from graph_service.core import service_file
from graph_service.pipeline import VersionLog
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app
from tests.workspace.conftest import GOOD_ROWS, Browser, make_accounts, settings_for, sheet

REPO = Path(__file__).resolve().parents[2]
COUNT = (
    "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <https://w3id.org/bildungsgraph/id/graph/{source}> "
    "{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }"
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, EmbeddedStore]]:
    """``bildungsgraph serve`` in this process: the store folder is locked and holds the service file."""
    folder = tmp_path_factory.mktemp("one-writer")
    settings = settings_for(folder)
    make_accounts(settings)
    store = EmbeddedStore(settings.store_path)
    application = create_app(settings, store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    application.state.local_token = service_file.announce(settings.store_path, url).token
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield url, settings.store_path, store
    server.should_exit = True
    thread.join(timeout=10)
    service_file.withdraw(settings.store_path)
    store.close()


def test_cli_import_goes_through_the_running_service(service: tuple[str, Path, EmbeddedStore], tmp_path: Path) -> None:
    _, folder, store = service
    data = tmp_path / "akteure.csv"
    data.write_bytes(sheet(GOOD_ROWS))
    args = ["import", str(data), "--mapping", "vorlage-akteure", "--source-id", "cli-akteure", "--store", str(folder)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "über den laufenden Dienst" in result.stderr and "importiert" in result.stdout
    assert store.ask("ASK { GRAPH <https://w3id.org/bildungsgraph/id/graph/cli-akteure> { ?s ?p ?o } }")
    versions = VersionLog(folder.parent / "store-workspace" / "versions").versions("cli-akteure")
    assert [(v.account, v.added) for v in versions] == [("cli", 4)]


PARAM_MAPPING = """id: schulen-kreise
source: {title: Schulen zweier Kreise, licence: "https://creativecommons.org/publicdomain/zero/1.0/"}
reader: {format: csv, required_columns: [Nummer, Name, Art, Kreis]}
params: {kreis: A}
filters:
  - {column: Kreis, equals: "$kreis"}
value_maps:
  arten:
    GS: {types: [schema:ElementarySchool], actor_type: [grundschule]}
entities:
  - id: schule
    iri: "actor/schule-kreise-{Nummer}"
    types: [org:Organization]
    classify: [{column: Art, map: arten}]
    properties:
      - {p: rdfs:label, column: Name, lang: de}
"""


def test_cli_import_with_a_mapping_parameter_goes_through_the_running_service(
    service: tuple[str, Path, EmbeddedStore], tmp_path: Path
) -> None:
    """``--param`` travels to the service (it was refused there before: the form took no parameters)."""
    _, folder, store = service
    (tmp_path / "m.yaml").write_text(PARAM_MAPPING, encoding="utf-8")
    (tmp_path / "schulen.csv").write_text("Nummer,Name,Art,Kreis\n1,Eins,GS,A\n2,Zwei,GS,B\n3,Drei,GS,B\n")
    args = ["import", str(tmp_path / "schulen.csv"), "--mapping", str(tmp_path / "m.yaml"), "--store", str(folder)]
    result = CliRunner().invoke(cli, [*args, "--param", "kreis=B"])
    assert result.exit_code == 0, result.output
    assert "über den laufenden Dienst" in result.stderr
    assert int(store.select(COUNT.replace("{source}", "schulen-kreise")).rows[0]["n"]) == 2  # Kreis B only
    unknown = CliRunner().invoke(cli, [*args, "--param", "kreiss=B"])
    assert unknown.exit_code == 2 and "unbekannter Parameter kreiss" in unknown.stderr, unknown.output


def test_cli_import_refused_by_the_service_gate_exits_1(
    service: tuple[str, Path, EmbeddedStore], tmp_path: Path
) -> None:
    _, folder, _ = service
    data = tmp_path / "kaputt.csv"
    data.write_bytes(sheet([GOOD_ROWS[0].replace("Volkshochschule;", "Keine Ahnung;")]))
    result = CliRunner().invoke(cli, ["import", str(data), "--mapping", "vorlage-akteure", "--store", str(folder)])
    assert result.exit_code == 1, result.output
    assert "ABGELEHNT" in result.stdout and "Keine Ahnung" in result.stdout


def test_cli_read_commands_work_next_to_the_service(service: tuple[str, Path, EmbeddedStore], tmp_path: Path) -> None:
    _, folder, _ = service
    runner = CliRunner()
    listed = runner.invoke(cli, ["graphs", "--store", str(folder)])
    assert listed.exit_code == 0 and "akteure" in listed.stdout, listed.output  # (the table wraps IRIs)
    query = runner.invoke(
        cli, ["query", COUNT.replace("{source}", "cli-akteure"), "-f", "json", "--store", str(folder)]
    )
    assert query.exit_code == 0, query.output
    assert json.loads(query.stdout)["results"]["bindings"][0]["n"]["value"] == "4"
    exported = runner.invoke(cli, ["export", "-o", str(tmp_path / "all.nq"), "--store", str(folder)])
    assert exported.exit_code == 0 and "cli-akteure" in (tmp_path / "all.nq").read_text()
    assert not list((folder.parent / "store-workspace" / "checkpoints").glob("cli-*")), "checkpoints are removed"


def test_busy_store_without_a_service_is_one_line(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")  # held, but no service announced itself
    try:
        result = CliRunner().invoke(cli, ["drop", "x", "--store", str(tmp_path / "store")])
    finally:
        store.close()
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "ist belegt" in result.stderr


def test_fifty_readers_see_old_or_new_while_a_commit_lands(service: tuple[str, Path, EmbeddedStore]) -> None:
    url, _, _ = service
    admin = Browser(url)
    admin.sign_in("admin@kreis.example")
    source = admin.new_source("Akteure unter Last")
    admin.commit(admin.upload(source, sheet(GOOD_ROWS)), publish="1")
    many = [f"last-{n};Einrichtung {n};Sportverein;;;;;Meißen;14627140;;;;Beispieldaten" for n in range(60)]
    preview = admin.upload(source, sheet(many + GOOD_ROWS))
    query = COUNT.replace("{source}", source)
    seen: Counter[str] = Counter()
    errors: list[str] = []
    stop = threading.Event()

    def read() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    answer = client.get(
                        f"{url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
                    )
                    answer.raise_for_status()
                    seen[answer.json()["results"]["bindings"][0]["n"]["value"]] += 1
                except (httpx.HTTPError, KeyError, ValueError) as exc:
                    errors.append(repr(exc))
                stop.wait(0.02)  # 50 readers at up to 50 requests/s each: the service stays loaded, the test short

    readers = [threading.Thread(target=read) for _ in range(50)]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    committed = admin.commit(preview, publish="1")
    time.sleep(0.5)
    stop.set()
    for reader in readers:
        reader.join(timeout=30)
    admin.close()
    assert "Veröffentlicht" in committed.text
    assert errors == []
    assert set(seen) == {"4", "64"}, seen  # only the old or the new state, and both were seen
