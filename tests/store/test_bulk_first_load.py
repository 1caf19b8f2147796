"""Large first loads on the embedded store: Oxigraph's bulk loader behind a readers gate and a crash journal."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TextIO

import pytest
from rdflib import URIRef

from graph_service.store import embedded as embedded_module
from graph_service.store.embedded import JOURNAL_NAME, EmbeddedStore

G = URIRef("https://w3id.org/bildungsgraph/id/graph/gross")
OTHER = URIRef("https://w3id.org/bildungsgraph/id/graph/klein")
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"


def ntriples(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        ntriples_into(out, n)
    return path


def ntriples_into(out: TextIO, n: int) -> None:
    for i in range(n):
        out.write(f'<https://example.org/s/{i}> <https://example.org/p> "Wert {i}"@de .\n')


def test_large_first_load_lands_whole_with_its_follow_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded_module, "SMALL_BATCH_TRIPLES", 100)
    store = EmbeddedStore(tmp_path / "store")
    then = f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{G}> <https://example.org/loaded> true }} }}"
    assert store.replace_graph(G, ntriples(tmp_path / "a.nt", 5_000), then=then) == 5_000
    assert store.ask(f"ASK {{ GRAPH <{OTHER}> {{ <{G}> ?p true }} }}")
    assert not (tmp_path / "store" / JOURNAL_NAME).exists()
    store.close()


def test_readers_see_nothing_or_everything_during_a_bulk_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded_module, "SMALL_BATCH_TRIPLES", 100)
    store = EmbeddedStore(tmp_path / "store")
    data = ntriples(tmp_path / "a.nt", 200_000)
    seen: set[int] = set()
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            seen.add(int(store.select(COUNT).rows[0]["n"]))

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    store.replace_graph(G, data)
    done.set()
    for thread in threads:
        thread.join()
    assert seen <= {0, 200_000}
    assert int(store.select(COUNT).rows[0]["n"]) == 200_000
    store.close()


def test_a_load_in_parts_keeps_blank_nodes_together_and_apart_from_other_graphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N-Triples go to the bulk loader in parts; a blank node named in lines far apart is still one node, and
    the same label loaded into another graph is another node (as an import of two files must give)."""
    monkeypatch.setattr(embedded_module, "SMALL_BATCH_TRIPLES", 100)
    monkeypatch.setattr(embedded_module, "LOAD_PART_LINES", 50)
    data = tmp_path / "adressen.nt"
    with data.open("w", encoding="utf-8") as out:
        for i in range(10):
            out.write(f'_:a{i} <https://schema.org/postalCode> "2493{i}" .\n')
        ntriples_into(out, 1_000)
        for i in range(300):
            out.write(f"<https://example.org/schule/{i}> <https://schema.org/address> _:a{i % 10} .\n")
    store = EmbeddedStore(tmp_path / "store")
    assert store.replace_graph(G, data) == 1_310
    assert store.replace_graph(OTHER, data) == 1_310
    path = "<https://schema.org/address>/<https://schema.org/postalCode>"
    joined = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s {path} ?plz }} }}"
    assert int(store.select(joined).rows[0]["n"]) == 300
    shared = f"ASK {{ GRAPH <{G}> {{ ?s ?p ?b }} GRAPH <{OTHER}> {{ ?t ?q ?b }} FILTER(isBlank(?b)) }}"
    assert not store.ask(shared)
    store.close()


def test_an_interrupted_bulk_load_is_undone_when_the_store_opens(tmp_path: Path) -> None:
    """What the journal is for: the process died between the journal and its removal."""
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    store.replace_graph(OTHER, ntriples(tmp_path / "klein.nt", 10))
    store._store.bulk_load(path=str(ntriples(tmp_path / "half.nt", 700)), to_graph=embedded_module.ox.NamedNode(G))
    (folder / JOURNAL_NAME).write_text(json.dumps({"loading_graph": str(G)}), encoding="utf-8")
    store.close()
    reopened = EmbeddedStore(folder)
    assert [(i.iri, i.triples) for i in reopened.graphs()] == [(OTHER, 10)]
    assert not (folder / JOURNAL_NAME).exists()
    reopened.close()


def test_the_gate_holds_readers_back_while_a_writer_is_inside() -> None:
    from graph_service.store.readers_gate import ReadersGate

    gate = ReadersGate()
    events: list[str] = []
    writer_inside = threading.Event()
    release_writer = threading.Event()

    def writer() -> None:
        with gate.exclusive():
            writer_inside.set()
            release_writer.wait(5)
            events.append("writer done")

    def reader() -> None:
        with gate.reading():
            events.append("reader")

    w = threading.Thread(target=writer)
    w.start()
    writer_inside.wait(5)
    r = threading.Thread(target=reader)
    r.start()
    r.join(0.3)
    assert events == [] and r.is_alive()
    release_writer.set()
    w.join(5)
    r.join(5)
    assert events == ["writer done", "reader"]


def test_the_writer_waits_for_readers_already_inside() -> None:
    from graph_service.store.readers_gate import ReadersGate

    gate = ReadersGate()
    entered = threading.Event()

    def writer() -> None:
        with gate.exclusive():
            entered.set()

    with gate.reading():
        w = threading.Thread(target=writer)
        w.start()
        w.join(0.3)
        assert not entered.is_set()
    w.join(5)
    assert entered.is_set()
