"""Reliability of the import pipeline with real processes on the embedded store (no mocks).

- ``kill -9`` of a process in the middle of writing an 80k-triple source graph (replacing an existing graph, and a
  first load through the bulk loader): the store opens afterwards and holds the old graph or the new one, with the
  matching metadata, compared by triple count and a checksum of the sorted N-Triples;
- 20 reader threads on the same store object and a second process opening the store read-only while a 100k-triple
  import replaces a graph: every answer is the old or the new state (graph and its metadata in one snapshot);
- a rejected import (one bad row among thousands) leaves the dump byte for byte and names that row;
- bad input files through the CLI: a clear message naming the file, exit code 2, the store unchanged.

The kill test's child runs the import's write step (``replace_graph`` with the metadata update, as
:func:`graph_service.pipeline.land` calls it after the gate): the gate writes nothing, and
running it on 80k triples before every kill would cost seconds each.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph_service.core.errors import Rejected as ImportRejected
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.pipeline import SourceInfo
from graph_service.pipeline.landing import metadata_update
from graph_service.pipeline.provenance import ImportCounts, describe_import, now
from graph_service.store.embedded import JOURNAL_NAME, EmbeddedStore
from scripts.synthetic_landscape import generate, write
from tests.support.pipeline import import_rdf_file

REPO = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/bildungsgraph/id/"
SOURCE = "landschaft"
GRAPH = URIRef(f"{BASE}graph/{SOURCE}")
OTHER = URIRef(f"{BASE}graph/andere-quelle")
META = URIRef(f"{BASE}graph/meta")
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
MUNICIPALITY_AGS = re.compile(r"<[^>]*/region/gemeinde/\d{8}> <https://w3id.org/bildungsgraph/def#ags> ")
BILDUNGSGRAPH = str(Path(sys.executable).with_name("bildungsgraph"))
STATE_QUERY = f"""PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?n ?meta WHERE {{
  {{ SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} }}
  OPTIONAL {{ GRAPH <{META}> {{ ?ds bg:namedGraph <{GRAPH}> ; void:triples ?meta }} }}
}}"""


@dataclass(frozen=True)
class Content:
    """A graph's triple count and the SHA-256 of its sorted N-Triples."""

    triples: int
    digest: str


def _content(lines: list[str]) -> Content:
    lines = sorted(lines)
    return Content(len(lines), hashlib.sha256("".join(lines).encode()).hexdigest())


def content_of_file(path: Path) -> Content:
    """The content of an N-Triples file as a store holds it (Oxigraph normalises e.g. decimals)."""
    memory = ox.Store()
    memory.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return _content(memory.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode().splitlines(True))


def dump(store: EmbeddedStore, graph: URIRef | None = None) -> bytes:
    out = io.BytesIO()
    store.dump(out, graph_iri=graph)
    return out.getvalue()


def state(store: EmbeddedStore) -> tuple[Content, int | None, bytes]:
    """The source graph's content, the triple count its metadata records, and the dump of the other source."""
    graph = _content(dump(store, GRAPH).decode("utf-8").splitlines(keepends=True))
    rows = store.select(STATE_QUERY).rows
    meta = int(rows[0]["meta"]) if rows and "meta" in rows[0] else None
    return graph, meta, dump(store, OTHER)


def write_step(store: EmbeddedStore, data: Path) -> str:
    """What the import does after the gate: replace the source graph, metadata update in the same request.

    Returns that metadata update."""
    minter = IriMinter(BASE)
    triples = sum(1 for _ in data.open(encoding="utf-8"))
    counts = ImportCounts(triples, triples, 0, 0, triples, triples)
    source = SourceInfo(SOURCE, "Synthetische Landschaft", CC0, input_path=data)
    meta = describe_import(minter, source, GRAPH, counts, now(), now())
    then = metadata_update(minter, SOURCE, meta)
    store.replace_graph(GRAPH, data, then=then)
    return then


def child_import(store_dir: str, data: str, markers: str) -> None:
    """Entry point of the child process: mark the start of the write, write, mark its end with the seconds."""
    store = EmbeddedStore(Path(store_dir))
    Path(markers, "writing").touch()
    started = time.perf_counter()
    write_step(store, Path(data))
    Path(markers, "done").write_text(f"{time.perf_counter() - started}", encoding="utf-8")
    store.close()


@dataclass
class Run:
    """One child process: how it ended and after how many seconds of writing it was killed."""

    returncode: int
    finished_writing: bool
    seconds: float | None


def run_child(store_dir: Path, data: Path, markers: Path, kill_after: float | None) -> Run:
    """Start the child; with ``kill_after``, SIGKILL it that many seconds after it started writing."""
    markers.mkdir()
    code = "import sys; from tests.store.test_reliability import child_import; child_import(*sys.argv[1:])"
    child = subprocess.Popen([sys.executable, "-c", code, str(store_dir), str(data), str(markers)], cwd=REPO)
    deadline = time.monotonic() + 120
    while not (markers / "writing").exists():
        assert child.poll() is None, f"child ended before writing (exit {child.returncode})"
        assert time.monotonic() < deadline, "child did not start writing"
        time.sleep(0.005)
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    returncode = child.wait(timeout=300)
    done = markers / "done"
    seconds = float(done.read_text(encoding="utf-8")) if done.exists() else None
    return Run(returncode, done.exists(), seconds)


@pytest.fixture(scope="module")
def landscapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The old (40k triples) and the new (80k) content of the source, and a small other source.

    The sizes keep the file's run time down: replacing 40k by 80k triples writes for about 3 s (100k by 200k: 17 s),
    long enough to kill the writer at several points."""
    folder = tmp_path_factory.mktemp("landscapes")
    paths = {"old": folder / "old.nt", "new": folder / "new.nt", "other": folder / "other.nt"}
    write(paths["old"], 40_000, seed=1)
    write(paths["new"], 80_000, seed=2)
    write(paths["other"], 3_000, seed=3, base_iri=f"{BASE}andere/")
    return paths


def template_store(folder: Path, landscapes: dict[str, Path], *, with_old: bool) -> Path:
    store = EmbeddedStore(folder)
    store.replace_graph(OTHER, landscapes["other"])
    if with_old:
        write_step(store, landscapes["old"])
    store.close()
    return folder


def check_kills(template: Path, landscapes: dict[str, Path], tmp_path: Path, fractions: tuple[float, ...]) -> None:
    """A full run (the new state and the write's duration), then kills at ``fractions`` of that duration."""
    new = content_of_file(landscapes["new"])
    opened = EmbeddedStore(template)
    old_graph, old_meta, other = state(opened)
    opened.close()
    calibration = shutil.copytree(template, tmp_path / "full")
    full = run_child(calibration, landscapes["new"], tmp_path / "m-full", kill_after=None)
    assert full.returncode == 0 and full.seconds is not None
    reopened = EmbeddedStore(calibration)
    assert state(reopened) == (new, new.triples, other)
    reopened.close()
    outcomes = []
    for i, fraction in enumerate(fractions):
        folder = shutil.copytree(template, tmp_path / f"kill-{i}")
        run = run_child(folder, landscapes["new"], tmp_path / f"m-{i}", kill_after=fraction * full.seconds)
        store = EmbeddedStore(folder)  # opening recovers an interrupted bulk load
        graph, meta, other_now = state(store)
        store.close()
        outcome = "new" if graph == new else "old" if graph == old_graph else f"MIXED ({graph.triples} triples)"
        outcomes.append((fraction, run.returncode, run.finished_writing, outcome))
        assert outcome in {"old", "new"}, outcomes
        assert meta == (new.triples if outcome == "new" else old_meta), f"metadata of another state: {outcomes}"
        assert other_now == other, "the other source changed"
        assert not (folder / JOURNAL_NAME).exists()
    killed_while_writing = [o for o in outcomes if o[1] == -signal.SIGKILL and not o[2]]
    assert len(killed_while_writing) >= len(fractions) - 1, f"most children should die while writing: {outcomes}"


@pytest.mark.slow
def test_kill_9_while_replacing_a_graph_leaves_the_old_or_the_new_graph(
    landscapes: dict[str, Path], tmp_path: Path
) -> None:
    template = template_store(tmp_path / "template", landscapes, with_old=True)
    check_kills(template, landscapes, tmp_path, fractions=(0.25, 0.75))


def test_kill_9_during_a_first_bulk_load_leaves_no_graph_or_the_whole_graph(
    landscapes: dict[str, Path], tmp_path: Path
) -> None:
    template = template_store(tmp_path / "template", landscapes, with_old=False)
    check_kills(template, landscapes, tmp_path, fractions=(0.2, 0.6))


@pytest.mark.parametrize("phase", ["loading", "loaded"])
def test_a_crash_after_the_load_keeps_graph_and_metadata_consistent(tmp_path: Path, phase: str) -> None:
    """The state on disk when a first load died with its journal still there: "loading" (the graph may be partial:
    it goes, and the metadata update never ran) or "loaded" (the graph is whole: the metadata update is applied
    again on open, whether or not it ran before the crash)."""
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    then = write_step(store, _file(tmp_path / "new.nt", list(generate(3_000, seed=2))))
    if phase == "loading":
        store.update(f"DROP SILENT GRAPH <{META}>")
    store.close()
    journal = {"loading_graph": str(GRAPH), "phase": phase, "then": then}
    (folder / JOURNAL_NAME).write_text(json.dumps(journal), encoding="utf-8")
    reopened = EmbeddedStore(folder)
    graph, meta, _ = state(reopened)
    reopened.close()
    assert meta == (graph.triples or None), f"the graph holds {graph.triples} triples, its metadata says {meta}"
    assert bool(graph.triples) == (phase == "loaded")


# -- concurrent readers ------------------------------------------------------------------------------------
READER_PROCESS = """
import sys, time
from pathlib import Path
from graph_service.store.embedded import EmbeddedStore
from tests.store.test_reliability import STATE_QUERY
folder, stop = Path(sys.argv[1]), Path(sys.argv[2])
while not stop.exists():
    try:
        store = EmbeddedStore(folder, read_only=True)
    except (OSError, RuntimeError):  # RocksDB can be replacing a file just then ("Corruption: IO error")
        print("open-failed", flush=True)
        continue
    rows = store.select(STATE_QUERY).rows
    store.close()
    print(rows[0]["n"], rows[0].get("meta"), flush=True)
    time.sleep(0.2)
"""


class WatchedStore(EmbeddedStore):
    """The embedded store, telling the test when the import starts to write (the gate before writes nothing)."""

    writing = threading.Event()

    def replace_graph(self, graph_iri: URIRef, data: object, *, then: str | None = None) -> int:
        self.writing.set()
        return super().replace_graph(graph_iri, data, then=then)  # type: ignore[arg-type]


def test_readers_see_old_or_new_graph_with_its_metadata_during_a_60k_import(tmp_path: Path) -> None:
    """20 threads on the same store object and a second process reading while the write runs.

    Each reader pauses a second between queries: 20 threads counting 100k triples (50 ms each) without a pause keep
    both cores busy and the import runs ten times as long. (60k triples: long enough to be read mid-write in
    every run here, and half the time of 100k.)"""
    old_file, new_file = tmp_path / "old.nt", tmp_path / "new.nt"
    old, new = write(old_file, 12_000, seed=1), write(new_file, 60_000, seed=2)
    settings = Settings(store_path=tmp_path / "store", base_iri=BASE, _env_file=None)
    store = WatchedStore(tmp_path / "store")
    write_step(store, old_file)
    allowed = {(old, old), (new, new)}
    seen: list[tuple[int, int | None]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        store.writing.wait()
        while not done.is_set():
            try:
                row = store.select(STATE_QUERY).rows[0]
                seen.append((int(row["n"]), int(row["meta"]) if "meta" in row else None))
            except BaseException as exc:  # noqa: BLE001 - every failure of a reader fails the test
                errors.append(exc)
            time.sleep(1.0)

    stop = tmp_path / "stop"
    other = subprocess.Popen(
        [sys.executable, "-c", READER_PROCESS, str(tmp_path / "store"), str(stop)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert other.stdout is not None
    first = other.stdout.readline().split()  # the other process has read the old state before the import starts
    threads = [threading.Thread(target=reader) for _ in range(20)]
    for thread in threads:
        thread.start()
    try:
        import_rdf_file(store, new_file, SOURCE, settings)
        time.sleep(1.5)
    finally:
        store.writing.set()
        done.set()
        for thread in threads:
            thread.join()
        stop.touch()
        out, err = other.communicate(timeout=60)
        store.close()
    assert not errors, errors[:3]
    assert set(seen) <= allowed, set(seen) - allowed
    assert {s[0] for s in seen} == {old, new}, "the threads should have read both states"
    assert len(seen) >= 60
    readings = [tuple(first)] + [tuple(line.split()) for line in out.splitlines() if line != "open-failed"]
    assert other.returncode == 0, err
    assert {(int(n), int(m)) for n, m in readings} <= allowed, readings
    assert (int(first[0]), int(first[1])) == (old, old)
    assert (str(new), str(new)) in readings, "the other process should have read the new state at the end"


# -- rejected imports ------------------------------------------------------------------------------------------
def _break(lines: list[str], kind: str) -> tuple[list[str], str]:
    """Break one thing in the middle of ``lines``; returns the lines and the ``file Zeile N`` it comes from."""
    if kind == "offer-without-provider":
        table, candidates = "angebote", [i for i, line in enumerate(lines) if " <https://schema.org/provider> " in line]
    else:  # a municipality key of 7 digits instead of 8
        table = "gemeindeverzeichnis"
        candidates = [i for i, line in enumerate(lines) if MUNICIPALITY_AGS.match(line)]
    index = candidates[len(candidates) // 2]
    subject = lines[index].split(" ", 1)[0]
    derived = next(line for line in lines if line.startswith(f"{subject} <http://www.w3.org/ns/prov#wasDerivedFrom>"))
    row = derived.rsplit("#row=", 1)[1].split(">", 1)[0]
    broken = list(lines)
    if kind == "offer-without-provider":
        del broken[index]
    else:
        broken[index] = re.sub(r'"(\d+)\d"', r'"\1"', lines[index])
    return broken, f"{table}.csv Zeile {row}"


@pytest.mark.parametrize(
    ("kind", "replacing"),
    [("offer-without-provider", True), ("municipality-key-of-7-digits", False)],
    ids=["replacing-a-graph", "first-import"],
)
def test_a_rejected_import_leaves_the_dump_byte_for_byte_and_names_the_row(
    tmp_path: Path, kind: str, replacing: bool
) -> None:
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    store.replace_graph(OTHER, _file(tmp_path / "other.nt", list(generate(2_000, seed=3, base_iri=f"{BASE}andere/"))))
    if replacing:
        settings = Settings(store_path=folder, base_iri=BASE, _env_file=None)
        import_rdf_file(store, _file(tmp_path / "old.nt", list(generate(5_000, seed=1))), SOURCE, settings)
    before = dump(store)
    store.close()
    lines, origin = _break(list(generate(30_000, seed=2)), kind)
    bad = _file(tmp_path / "landschaft.nt", lines)
    run = subprocess.run(
        [BILDUNGSGRAPH, "import", str(bad), "--store", str(folder), "--source-id", SOURCE],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "BILDUNGSGRAPH_BASE_IRI": BASE},
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert origin in run.stdout, run.stdout[-2000:]
    assert "ABGELEHNT (1 Verstöße" in run.stdout
    reopened = EmbeddedStore(folder)
    assert dump(reopened) == before
    reopened.close()


def test_a_rejected_import_in_process_raises_and_keeps_the_store(tmp_path: Path) -> None:
    """The same through the Python API: ImportRejected with the row in the JSON report, no journal left."""
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    lines, origin = _break(list(generate(8_000, seed=4)), "offer-without-provider")
    before = dump(store)
    settings = Settings(store_path=folder, base_iri=BASE, _env_file=None)
    with pytest.raises(ImportRejected) as caught:
        import_rdf_file(store, _file(tmp_path / "x.nt", lines), SOURCE, settings, lang="en")
    results = caught.value.report.to_json()["validation"]["results"]
    file, row = origin.split(" Zeile ")
    assert [(r["source_file"], r["source_row"]) for r in results if r["severity"] == "Violation"] == [(file, int(row))]
    assert dump(store) == before and store.graphs() == []
    assert not (folder / JOURNAL_NAME).exists()
    store.close()


def _file(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


# -- bad input files through the CLI ------------------------------------------------------------------------
BAD_INPUTS: dict[str, tuple[str, bytes | None, str]] = {
    # case: (file name, content or None for a missing file, what the message must say besides the name)
    "unparsable-turtle": ("kaputt.ttl", b'@prefix ex: <http://ex/> .\nex:a ex:b "offen .\n', "Syntaxfehler"),
    "error-deep-in-a-big-file": (
        "gross.ttl",
        b"".join(f"<urn:s{i}> <urn:p> {i} .\n".encode() for i in range(5_000)) + b"<urn:x> <urn:p> <urn:y .\n",
        "line 5001",
    ),
    "latin-1-bytes": ("umlaute.ttl", '<urn:a> <urn:b> "Größe" .\n'.encode("latin-1"), "UTF-8"),
    "empty-file": ("leer.ttl", b"# nur ein Kommentar\n\n   \n", "keine Tripel"),
    "zero-bytes": ("null.ttl", b"", "0 Bytes"),
    "unknown-suffix": ("daten.xyz", b"<urn:a> <urn:b> <urn:c> .\n", "unbekanntes Format"),
    "table-without-mapping": ("tabelle.csv", b"Name;Ort\nKita;Flensburg\n", "unbekanntes Format"),
    "missing-file": ("gibt-es-nicht.ttl", None, "nicht gefunden"),
}


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "store"
    store = EmbeddedStore(folder)
    path = folder.parent / "quelle.nt"
    _file(path, list(generate(2_000, seed=6)))
    import_rdf_file(store, path, SOURCE, Settings(store_path=folder, base_iri=BASE, _env_file=None))
    store.close()
    return folder


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_a_bad_input_file_gets_a_clear_message_exit_2_and_the_store_stays(
    case: str, cli_store: Path, tmp_path: Path
) -> None:
    name, content, expected = BAD_INPUTS[case]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    from typer.testing import CliRunner

    from graph_service.cli import app

    before = _dump_of(cli_store)
    result = CliRunner().invoke(app, ["import", str(path), "--store", str(cli_store)])
    assert result.exit_code == 2, result.output
    message = result.stderr or result.output
    assert name in message and expected in message, message
    assert "Traceback" not in result.output
    assert _dump_of(cli_store) == before


def test_a_bad_input_through_the_installed_command(cli_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "umlaute.ttl"
    path.write_bytes('<urn:a> <urn:b> "Größe" .\n'.encode("latin-1"))
    before = _dump_of(cli_store)
    run = subprocess.run(
        [BILDUNGSGRAPH, "import", str(path), "--store", str(cli_store)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert run.stderr.startswith("Fehler: umlaute.ttl: keine gültige UTF-8-Datei"), run.stderr
    assert "Traceback" not in run.stderr
    assert _dump_of(cli_store) == before


def _dump_of(folder: Path) -> bytes:
    store = EmbeddedStore(folder)
    try:
        return dump(store)
    finally:
        store.close()
