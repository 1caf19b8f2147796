"""Remote store: any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Oxigraph server) over HTTP.

Queries and updates go through SPARQLWrapper; bulk loads and graph downloads through the SPARQL 1.1 Graph Store
HTTP Protocol. Both use the same credentials (HTTP basic or digest).

Atomic replacement of a graph: the new triples are uploaded into a temporary graph, then ONE SPARQL Update moves
it over the target (``MOVE``) together with any follow-up update (e.g. the metadata record), and the triple count of
the target is checked against the uploaded count. Readers see the old or the new graph, as far as the server runs
one update request in one transaction (Virtuoso, Fuseki/TDB2, GraphDB and Oxigraph do).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.Wrapper import QueryResult

from graph_service.core.sparql_terms import iri
from graph_service.store.base import (
    DumpFormat,
    GraphInfo,
    QueryKind,
    QuerySyntaxError,
    QueryTimeout,
    ResultTypes,
    SelectResult,
    StoreError,
)
from graph_service.store.ntriples import has_bnode, ntriples_lines
from graph_service.store.query_gate import inspect
from graph_service.store.results import write_select

if TYPE_CHECKING:
    from graph_service.core.settings import Settings

_UPLOAD_CHUNK_LINES = 100_000
_NT = "application/n-triples"
_RESULTS_JSON = {"application/sparql-results+json", "application/json"}
_TEMP_GRAPH_PREFIX = "urn:bildungsgraph:incoming:"


def binding_to_rdflib(value: dict[str, str]) -> Identifier:
    """One term of a SPARQL JSON result as an rdflib term (``typed-literal`` of older servers included)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if value.get("xml:lang"):
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def _shortened(message: str, limit: int = 1500) -> str:
    """Server errors echo the whole update (megabytes for an import): keep the head, where the reason is."""
    return message if len(message) <= limit else f"{message[:limit]} … ({len(message) - limit} more characters)"


def ask_value(data: dict[str, Any]) -> bool:
    """The answer of an ASK in SPARQL JSON (Virtuoso answers some as a one-row ``__ASK_RETVAL`` table)."""
    if "boolean" in data:
        return bool(data["boolean"])
    bindings = data.get("results", {}).get("bindings", [])
    if data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
        return bool(bindings) and bindings[0]["__ASK_RETVAL"]["value"] in {"1", "true"}
    raise StoreError("not an ASK query")


def boolean_result(answer: bool, media_type: str) -> bytes:
    """An ASK answer in the SPARQL results format ``media_type`` (JSON unless XML, CSV or TSV is asked for)."""
    word = "true" if answer else "false"
    if media_type == "application/sparql-results+xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if media_type in {"text/csv", "text/tab-separated-values"}:
        return f"{word}\n".encode()
    return json.dumps({"head": {}, "boolean": answer}).encode()


class RemoteStore:
    """A SPARQL 1.1 server used through the standard protocols; passes the same contract tests as EmbeddedStore.

    ``graph_prefix`` limits :meth:`graphs` and :meth:`dump` to our graphs (servers keep system graphs of their own).
    """

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: str = "basic",
        graph_prefix: str = "",
        timeout: float = 60.0,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.graph_store_endpoint = graph_store_endpoint
        self.user, self.password, self.auth = user, password, auth
        self.graph_prefix = graph_prefix
        self.timeout = timeout
        self._opener = self._build_opener()
        #: writes through this object (the service is its store's one writer): the key of derived caches
        self.generation = 0

    @classmethod
    def from_settings(cls, settings: Settings, *, endpoint: str | None = None) -> RemoteStore:
        """The remote store described by the ``BILDUNGSGRAPH_ENDPOINT…`` settings."""
        return cls(
            endpoint or settings.endpoint or "",
            update_endpoint=settings.update_endpoint,
            graph_store_endpoint=settings.graph_store_endpoint,
            user=settings.endpoint_user,
            password=settings.endpoint_password,
            auth=settings.endpoint_auth,
            graph_prefix=settings.base_iri,
            timeout=settings.query_timeout_s,
        )

    # -- HTTP plumbing -------------------------------------------------------------------------------
    def _build_opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = []
        if self.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.endpoint, self.update_endpoint, self.graph_store_endpoint):
                if url:
                    passwords.add_password(None, url, self.user, self.password or "")
            if self.auth == "digest":
                handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
            else:
                handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
        return urllib.request.build_opener(*handlers)

    def _wrapper(self, url: str) -> SPARQLWrapper:
        """A SPARQLWrapper for ``url``: it builds the protocol request and reads the result; :meth:`_sparql` sends
        it through this store's one opener (so authentication is configured once, in :meth:`_build_opener`)."""
        wrapper = SPARQLWrapper(url, updateEndpoint=self.update_endpoint)
        wrapper.setMethod(POST)
        return wrapper

    def _sparql(self, wrapper: SPARQLWrapper, timeout: float | None) -> QueryResult:
        """Send the request SPARQLWrapper built (``_createRequest``: it has no public transport hook)."""
        request = wrapper._createRequest()
        return QueryResult((self._send(request, timeout), wrapper.returnFormat))

    def _http(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Open an HTTP request and return the response (caller closes it); errors become StoreError."""
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
        return self._send(urllib.request.Request(url, data=body, method=method, headers=headers or {}), timeout)

    def _send(self, request: urllib.request.Request, timeout: float | None) -> Any:
        """The one place requests leave this store; HTTP and network errors become store errors."""
        url = request.full_url.split("?")[0]
        try:
            return self._opener.open(request, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as exc:
            detail = _shortened(exc.read().decode("utf-8", "replace"))
            if exc.code == 400:
                raise QuerySyntaxError(detail) from exc
            raise StoreError(f"{request.get_method()} {url}: HTTP {exc.code} {detail}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"no answer from {url} within {timeout or self.timeout} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise QueryTimeout(f"no answer from {url} within {timeout or self.timeout} s") from exc
            raise StoreError(f"{url}: {exc.reason}") from exc

    def _query_json(self, query: str, timeout: float | None) -> dict[str, Any]:
        wrapper = self._wrapper(self.endpoint)
        wrapper.setQuery(query)
        wrapper.setReturnFormat(JSON)
        return self._sparql(wrapper, timeout).convert()  # type: ignore[return-value]

    # -- queries -------------------------------------------------------------------------------------
    def select(self, query: str, *, timeout: float | None = None) -> SelectResult:
        data = self._query_json(query, timeout)
        variables = data.get("head", {}).get("vars", [])
        rows = [
            {name: binding_to_rdflib(value) for name, value in binding.items()}
            for binding in data.get("results", {}).get("bindings", [])
        ]
        return SelectResult(variables, rows)

    def ask(self, query: str, *, timeout: float | None = None) -> bool:
        return ask_value(self._query_json(query, timeout))

    def construct(self, query: str, *, timeout: float | None = None) -> Graph:
        with self._http(
            "POST",
            self.endpoint,
            body=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Accept": _NT, "Content-Type": "application/x-www-form-urlencoded"},
            timeout=timeout,
        ) as response:
            return _parse_graph(response.read(), response.headers.get_content_type())

    def query_to(
        self,
        query: str,
        media_type: str | ResultTypes,
        out: BinaryIO,
        *,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> tuple[QueryKind, bool]:
        """Ask for N-Triples when the gate's scan finds a CONSTRUCT/DESCRIBE, else SPARQL JSON; the response's
        content type then says what the result is (solutions, a boolean or a graph)."""
        types = ResultTypes.of(media_type)
        form = inspect(query).form
        params = [("query", query)]
        params += [("default-graph-uri", u) for u in default_graph_uris]
        params += [("named-graph-uri", u) for u in named_graph_uris]
        with self._http(
            "POST",
            self.endpoint,
            body=urllib.parse.urlencode(params).encode(),
            headers={
                "Accept": _NT if form in {"CONSTRUCT", "DESCRIBE"} else "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            timeout=timeout,
        ) as response:
            if response.headers.get_content_type() not in _RESULTS_JSON:
                kind: QueryKind = "DESCRIBE" if form == "DESCRIBE" else "CONSTRUCT"
                _copy_graph(response, types.for_kind(kind), out)
                return kind, False
            data = json.load(response)
            if "boolean" in data or data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
                out.write(boolean_result(ask_value(data), types.for_kind("ASK")))
                return "ASK", False
            variables = data.get("head", {}).get("vars", [])
            rows = (
                {name: binding_to_rdflib(value) for name, value in binding.items()}
                for binding in data.get("results", {}).get("bindings", [])
            )
            media = types.for_kind("SELECT")
            return "SELECT", write_select(variables, rows, media, out, timeout=timeout, row_cap=row_cap)

    # -- writes --------------------------------------------------------------------------------------
    def update(self, update: str) -> None:
        self.generation += 1
        wrapper = self._wrapper(self.update_endpoint)
        wrapper.setQuery(update)
        self._sparql(wrapper, None).response.close()

    def replace_graph(self, graph_iri: URIRef, data: Graph | Path, *, then: str | None = None) -> int:
        """Upload into a temporary graph, then MOVE it over ``graph_iri`` (plus ``then``) in one update."""
        temp = URIRef(f"{_TEMP_GRAPH_PREFIX}{uuid.uuid4()}")
        try:
            self.update(f"DROP SILENT GRAPH {iri(temp)}")
            self._upload(temp, ntriples_lines(data))
            expected = self._count(temp)
            tail = f" ;\n{then}" if then else ""
            target = iri(graph_iri)
            self.update(f"DROP SILENT GRAPH {target} ;\nMOVE SILENT GRAPH {iri(temp)} TO GRAPH {target}{tail}")
        except BaseException:
            self._drop_quietly(temp)
            raise
        landed = self._count(graph_iri)
        if landed != expected:
            raise StoreError(f"{graph_iri}: {landed} triples after the swap, {expected} uploaded")
        return landed

    def drop_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {iri(graph_iri)}")

    def graphs(self) -> list[GraphInfo]:
        prefix = self.graph_prefix.replace("\\", "\\\\").replace('"', '\\"')
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g ORDER BY ?g'
        )
        return [GraphInfo(URIRef(r["g"]), int(r["n"])) for r in rows]

    def graph(self, graph_iri: URIRef) -> Graph:
        graph = Graph()
        text = "".join(self._download(graph_iri))
        if text.strip():
            graph.parse(data=text, format="nt")
        return graph

    def dump(self, out: BinaryIO, fmt: DumpFormat = "nquads", graph_iri: URIRef | None = None) -> None:
        if graph_iri is not None:
            for chunk in self._download(graph_iri):
                out.write(chunk.encode("utf-8"))
            return
        for info in self.graphs():
            if fmt == "trig":
                out.write(f"{iri(info.iri)} {{\n".encode())
            written = 0
            for chunk in self._download(info.iri):
                text = chunk if fmt == "trig" else _as_nquads(chunk, info.iri)
                written += text.count("\n")
                out.write(text.encode("utf-8"))
            if fmt == "trig":
                out.write(b"}\n")
            if written != info.triples:
                raise StoreError(
                    f"{info.iri}: the server sent {written} of {info.triples} triples "
                    "(a result-size limit such as Virtuoso's ResultSetMaxRows?)"
                )

    def restore(self, src: BinaryIO, fmt: DumpFormat = "nquads") -> int:
        """Replace every graph the dump contains (streamed through per-graph temporary files)."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="bildungsgraph-restore-") as folder:
            files: dict[str, BinaryIO] = {}
            loaded = 0
            try:
                for quad in ox.parse(src, ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG):
                    if not isinstance(quad.graph_name, ox.NamedNode):
                        raise StoreError("the dump holds triples outside a named graph")
                    name = quad.graph_name.value
                    if name not in files:
                        files[name] = open(Path(folder) / f"{len(files)}.nt", "wb")  # noqa: SIM115
                    files[name].write(f"{quad.subject} {quad.predicate} {quad.object} .\n".encode())
                    loaded += 1
            except SyntaxError as exc:
                raise StoreError(f"the dump does not parse: {exc}") from exc
            finally:
                for handle in files.values():
                    handle.close()
            for index, name in enumerate(files):
                self.replace_graph(URIRef(name), Path(folder) / f"{index}.nt")
        return loaded

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    # -- Graph Store Protocol helpers -----------------------------------------------------------------
    def _gsp_url(self) -> str:
        if not self.graph_store_endpoint:
            raise StoreError("no Graph Store endpoint configured (BILDUNGSGRAPH_GRAPH_STORE_ENDPOINT)")
        return self.graph_store_endpoint

    def _upload(self, graph_iri: URIRef, lines: Iterator[str]) -> None:
        """POST N-Triples in chunks; triples with blank nodes go in one request so their identity holds."""
        with_bnodes: list[str] = []
        chunk: list[str] = []
        for line in lines:
            if has_bnode(line):
                with_bnodes.append(line)
                continue
            chunk.append(line)
            if len(chunk) >= _UPLOAD_CHUNK_LINES:
                self._post(graph_iri, chunk)
                chunk = []
        for part in (chunk, with_bnodes):
            if part:
                self._post(graph_iri, part)

    def _post(self, graph_iri: URIRef, lines: list[str]) -> None:
        body = "".join(lines).encode("utf-8")
        with self._http(
            "POST",
            self._gsp_url(),
            params={"graph": str(graph_iri)},
            body=body,
            headers={"Content-Type": _NT},
            timeout=max(self.timeout, 600),
        ):
            pass

    def _download(self, graph_iri: URIRef) -> Iterator[str]:
        """The graph's triples as N-Triples text chunks (GSP GET, or CONSTRUCT without a GSP endpoint)."""
        if self.graph_store_endpoint:
            try:
                response = self._http(
                    "GET", self.graph_store_endpoint, params={"graph": str(graph_iri)}, headers={"Accept": _NT}
                )
            except StoreError as exc:
                if "HTTP 404" in str(exc):
                    return
                raise
        else:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }}"
            response = self._http(
                "POST",
                self.endpoint,
                body=urllib.parse.urlencode({"query": query}).encode(),
                headers={"Accept": _NT, "Content-Type": "application/x-www-form-urlencoded"},
            )
        with response:
            content_type = response.headers.get_content_type()
            if content_type in {_NT, "text/plain"}:
                for line in response:
                    yield line.decode("utf-8")
            else:
                yield _parse_graph(response.read(), content_type).serialize(format="nt")

    def _count(self, graph_iri: URIRef) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }}")
        return int(rows.rows[0]["n"]) if rows.rows else 0

    def _drop_quietly(self, graph_iri: URIRef) -> None:
        with contextlib.suppress(StoreError):
            self.update(f"DROP SILENT GRAPH {iri(graph_iri)}")


def _as_nquads(ntriples: str, graph_iri: URIRef) -> str:
    """Turn N-Triples text (whole lines) into N-Quads of ``graph_iri``."""
    suffix = f" {iri(graph_iri)} .\n"
    return "".join(line.rstrip().removesuffix(".").rstrip() + suffix for line in ntriples.splitlines() if line.strip())


def _parse_graph(body: bytes, content_type: str) -> Graph:
    formats = {_NT: "nt", "text/plain": "nt", "text/turtle": "turtle", "application/rdf+xml": "xml"}
    graph = Graph()
    if body.strip():
        graph.parse(data=body, format=formats.get(content_type, "turtle"))
    return graph


def _copy_graph(response: Any, media_type: str, out: BinaryIO) -> None:
    content_type = response.headers.get_content_type()
    if content_type == media_type:
        shutil.copyfileobj(response, out)
        return
    formats = {"text/turtle": "turtle", _NT: "nt", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
    graph = _parse_graph(response.read(), content_type)
    graph.serialize(out, format=formats.get(media_type, "turtle"), encoding="utf-8")
