"""Reading RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) into a batch for the pipeline.

The file is parsed once by pyoxigraph into an in-memory store (no rdflib graph of the whole file); quads become
triples of the default graph, blank nodes are renamed. Relative IRIs resolve against the file's IRI (its hash
and name, never its directory). A progress bar follows the bytes read when the console is interactive.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rich.progress import wrap_file

from graph_service.core.errors import InputError, Location, NotFound
from graph_service.core.iris import IriMinter
from graph_service.pipeline.batch import ImportBatch, SourceInfo
from graph_service.pipeline.provenance import file_iri

_SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file by its extension (pyoxigraph's table; ``.owl`` is RDF/XML).

    Raises:
        InputError: the extension names no RDF format pyoxigraph reads.
    """
    suffix = path.suffix.lower().lstrip(".")
    fmt = ox.RdfFormat.RDF_XML if suffix == "owl" else ox.RdfFormat.from_extension(suffix)
    if fmt is None or fmt == ox.RdfFormat.N3:
        raise InputError(
            f"unbekanntes Format „.{suffix}“",
            f'unknown format ".{suffix}"',
            where=Location(file=path.name),
            fix_de="Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG, JSON-LD oder RDF/XML verwenden, "
            "oder für Tabellen --mapping angeben.",
            fix_en="use Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG, JSON-LD or RDF/XML, or give --mapping "
            "for a table.",
        )
    return fmt


def load_rdf_file(path: Path, minter: IriMinter, *, progress: bool = False) -> ox.Store:
    """Parse ``path`` into an in-memory store.

    Raises:
        NotFound: the file does not exist.
        InputError: unknown format, empty file, wrong encoding or a syntax error (with line and column).
    """
    fmt = rdf_format(path)
    if not path.is_file():
        raise NotFound("Datei nicht gefunden", "file not found", where=Location(file=str(path)))
    if path.stat().st_size == 0:
        raise InputError(
            "Die Datei ist leer (0 Bytes).", "The file is empty (0 bytes).", where=Location(file=path.name)
        )
    batch = ox.Store()
    with reader(path, progress) as handle:
        try:
            batch.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in ox.parse(handle, fmt, base_iri=file_iri(minter, path), rename_blank_nodes=True)
            )
        except SyntaxError as exc:
            message = str(exc)
            utf8 = "UTF-8" in message
            raise InputError(
                f"keine gültige UTF-8-Datei ({message})" if utf8 else f"Syntaxfehler: {message}",
                f"not a valid UTF-8 file ({message})" if utf8 else f"syntax error: {message}",
                where=Location(file=path.name),
            ) from exc
    if len(batch) == 0:
        raise InputError(
            "Die Datei enthält keine Tripel.", "The file holds no triples.", where=Location(file=path.name)
        )
    return batch


@contextmanager
def reader(path: Path, progress: bool) -> Iterator[IO[bytes]]:
    """The file opened for binary reading, wrapped in a rich progress bar when asked for."""
    if not progress:
        with path.open("rb") as handle:
            yield handle
        return
    with path.open("rb") as raw, wrap_file(raw, path.stat().st_size, description=f"Lese {path.name}") as handle:
        yield handle


def read_rdf_file(
    path: Path,
    minter: IriMinter,
    source_id: str | None = None,
    *,
    title: str | None = None,
    licence: str = DEFAULT_LICENCE,
    progress: bool = False,
) -> ImportBatch:
    """One RDF file as the batch of source ``source_id`` (default: the file's stem); rows are its subjects."""
    data = load_rdf_file(path, minter, progress=progress)
    subjects = int(next(iter(data.query(_SUBJECTS)))["n"].value)
    source = SourceInfo(source_id or path.stem, title or path.name, licence, input_path=path)
    return ImportBatch(source=source, data=data, rows_read=subjects)
