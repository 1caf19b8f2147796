"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol manifest cases against a live service.

Every entry of ``tests/resources/w3c/protocol/manifest.ttl`` and ``graph-store-protocol/manifest-*.ttl`` runs,
read from the manifest (requests and expectations), against one uvicorn over an on-disk store that is emptied
before each case. Cases the service deliberately does not meet are in ``NOT_MET`` with the reason; they run too
and must still fail (so the list stays true: a case that starts passing turns this test red).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from tests.conformance.w3c_runner import GSP_MANIFESTS, PROTOCOL_MANIFEST, Case, load_cases, run_case
from tests.support.live_server import live_server

TOKEN = "w3c-conformance"
CASES: dict[str, Case] = {case.name: case for path in (PROTOCOL_MANIFEST, *GSP_MANIFESTS) for case in load_cases(path)}

_USING = (
    "using-graph-uri / using-named-graph-uri are refused (name the graphs with USING in the update)",
    "status 400",
)
_DIRECT = ("direct graph identification (/rdf-graphs/<path>) is not offered; graphs are named by ?graph=", "status 404")
#: case -> (why the service does not meet it, how its first failing request must fail); docs/linked-data.md
NOT_MET = {
    "update_dataset_default_graph": _USING,
    "update_dataset_default_graphs": _USING,
    "update_dataset_named_graphs": _USING,
    "update_dataset_full": _USING,
    "put_get_default": ("the default graph is the union of all graphs and cannot be written", "status 400"),
    "post_get_new_graph": ("POST without ?graph= creates no graph (the server mints no graph IRIs)", "status 400"),
    "put_get_repeat_direct": _DIRECT,
    "put_delete_get_delete_direct": _DIRECT,
    "post_get_post_get_direct": _DIRECT,
    "head_existing_direct": _DIRECT,
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("w3c") / "store")
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    settings = Settings(store_path=tmp_path_factory.mktemp("unused"), update_token=TOKEN, _env_file=None)
    with live_server(settings, store) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def _loader(store: EmbeddedStore) -> Callable[[URIRef, Path], None]:
    def load(graph_iri: URIRef, path: Path) -> None:
        store.replace_graph(graph_iri, Graph().parse(path, format="nt"))

    return load


@pytest.mark.parametrize("name", list(CASES))
def test_w3c_case(name: str, client: httpx.Client, store: EmbeddedStore) -> None:
    store.update("DROP ALL")
    problems = run_case(client, CASES[name], token=TOKEN, load=_loader(store))
    if name in NOT_MET:
        reason, failure = NOT_MET[name]
        assert problems, f"{name} now passes: remove it from NOT_MET ({reason})"
        assert failure in problems[0], f"{name} fails otherwise than NOT_MET says ({failure}): {problems}"
        return
    assert not problems, "\n".join(problems)


def test_every_manifest_entry_runs_and_not_met_names_real_cases() -> None:
    assert len(CASES) == 34 + 9 + 4
    assert set(NOT_MET) <= set(CASES)


def test_a_multipart_post_with_a_part_that_is_no_rdf_document_changes_nothing(
    client: httpx.Client, store: EmbeddedStore
) -> None:
    store.update("DROP ALL")
    target = {"graph": "http://www.example/gsp/person/9.ttl"}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    turtle = ("a.ttl", b"<http://www.example/s> <http://www.example/p> 1 .", "text/turtle")
    as_text = client.post("/rdf-graphs", params=target, headers=auth, files={"a": ("a.txt", b"hello", "text/plain")})
    assert as_text.status_code == 415, as_text.text
    field = client.post("/rdf-graphs", params=target, headers=auth, data={"note": "x"}, files={"a": turtle})
    assert field.status_code == 400, field.text
    assert store.graphs() == []
    merged = client.post("/rdf-graphs", params=target, headers=auth, files={"a": turtle})
    assert merged.status_code == 201, merged.text
