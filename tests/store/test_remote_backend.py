"""The whole system on a real Virtuoso 7: CLI import/graphs/export/restore and the service over RemoteStore."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.namespaces import BG, ORG, SCHEMA, VOCAB
from graph_service.core.settings import Settings, get_settings
from graph_service.store.remote import RemoteStore
from tests.support.live_server import live_server
from tests.support.virtuoso import VirtuosoServer

pytestmark = pytest.mark.virtuoso
BASE = "https://remote.example/id/"


def offers_file(path: Path, n: int, *, bad: bool = False) -> Path:
    """A provider and ``n`` offers as Turtle; ``bad`` leaves the last offer without provider."""
    g = Graph()
    vhs = URIRef(BASE + "actor/vhs")
    g.add((vhs, RDF.type, ORG.Organization))
    g.add((vhs, RDFS.label, Literal("VHS Remoteburg", lang="de")))
    g.add((vhs, BG.actorType, VOCAB["akteurstyp/vhs"]))
    for i in range(n):
        offer = URIRef(f"{BASE}offer/{i}")
        g.add((offer, RDF.type, BG.EducationOffer))
        g.add((offer, RDFS.label, Literal(f"Kurs {i}", lang="de")))
        g.add((offer, BG.lifePhase, VOCAB["lebensphase/weiterbildung"]))
        g.add((offer, PROV.wasDerivedFrom, URIRef(f"file:///data/kurse.csv#row={i + 2}")))
        if not (bad and i == n - 1):
            g.add((offer, SCHEMA.provider, vhs))
    g.serialize(path, format="turtle")
    return path


@pytest.fixture
def remote_env(virtuoso_server: VirtuosoServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Settings for the session's Virtuoso through the documented environment variables."""
    env = {
        "BILDUNGSGRAPH_BASE_IRI": BASE,
        "BILDUNGSGRAPH_ENDPOINT": virtuoso_server.query_endpoint,
        "BILDUNGSGRAPH_UPDATE_ENDPOINT": virtuoso_server.update_endpoint,
        "BILDUNGSGRAPH_GRAPH_STORE_ENDPOINT": virtuoso_server.graph_store_endpoint,
        "BILDUNGSGRAPH_ENDPOINT_USER": virtuoso_server.user,
        "BILDUNGSGRAPH_ENDPOINT_PASSWORD": virtuoso_server.password,
        "BILDUNGSGRAPH_ENDPOINT_AUTH": "digest",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    store = RemoteStore.from_settings(get_settings())
    for info in store.graphs():
        store.drop_graph(info.iri)
    yield env
    get_settings.cache_clear()


def export(runner: CliRunner, tmp_path: Path, name: str) -> list[str]:
    target = tmp_path / name
    assert runner.invoke(app, ["export", "-o", str(target)]).exit_code == 0
    return sorted(target.read_text(encoding="utf-8").splitlines())


def test_cli_import_reject_export_restore_on_virtuoso(remote_env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    landed = runner.invoke(app, ["import", str(offers_file(tmp_path / "kurse.ttl", 30)), "--source-id", "kurse"])
    assert landed.exit_code == 0, landed.output
    graphs = runner.invoke(app, ["graphs"], env={"COLUMNS": "240"})
    assert "graph/kurse" in graphs.output and "graph/meta" in graphs.output
    before = export(runner, tmp_path, "before.nq")
    assert sum(line.endswith(f"<{BASE}graph/kurse> .") for line in before) == 30 * 5 + 3

    rejected = runner.invoke(
        app, ["import", str(offers_file(tmp_path / "b.ttl", 40, bad=True)), "--source-id", "kurse"]
    )
    assert rejected.exit_code == 1
    assert "kurse.csv Zeile 41" in rejected.output
    assert export(runner, tmp_path, "after-reject.nq") == before

    assert runner.invoke(app, ["drop", f"{BASE}graph/kurse"]).exit_code == 0
    assert runner.invoke(app, ["restore", str(tmp_path / "before.nq")]).exit_code == 0
    assert export(runner, tmp_path, "restored.nq") == before


def test_service_on_virtuoso_answers_sparql_clients(remote_env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(offers_file(tmp_path / "k.ttl", 12)), "--source-id", "k"]).exit_code == 0
    settings = Settings(_env_file=None)
    store = RemoteStore.from_settings(settings)
    with live_server(settings, store) as url:
        client = SPARQLWrapper(f"{url}/sparql")
        client.setReturnFormat(JSON)
        client.setQuery(f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o <{SCHEMA.provider}> <{BASE}actor/vhs> }}")
        rows = client.query().convert()["results"]["bindings"]
        assert rows[0]["n"]["value"] == "12"
        out = io.BytesIO()
        store.dump(out, graph_iri=URIRef(BASE + "graph/k"))
        assert len(Graph().parse(data=out.getvalue(), format="nt")) == 12 * 5 + 3
