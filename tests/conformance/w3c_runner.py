"""A runner for the W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests (``tests/resources/w3c``).

The manifests describe each case as HTTP requests (``ht:Request``: method, path, headers, body) with what the
response must show (``ht:resp``): ``mf:expectedStatus`` (a class such as ``hts:StatusCode4xx`` or an exact code
such as ``hts:Created``), ``mf:expectedBoolean`` (the ASK answer), ``mf:expectedFormat`` (``boolean``,
``tabular``, ``RDF``), response headers (the Content-Type) and an RDF body the response must be isomorphic to.
The runner checks every one of them; a case fails with the list of what was wrong.

Paths are rewritten to this service's endpoints (``/sparql/`` -> ``/sparql``, ``/gsp`` -> ``/rdf-graphs``); every
request carries the update token (read requests do not need it, writes do).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "w3c"
PROTOCOL_MANIFEST = RESOURCES / "protocol" / "manifest.ttl"
GSP_MANIFESTS = [RESOURCES / "graph-store-protocol" / f"manifest-{kind}.ttl" for kind in ("indirect", "direct")]

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

#: the status names the manifests use -> the codes they allow (a class or one code)
STATUS = {
    "StatusCode2xx": range(200, 300),
    "StatusCode3xx": range(300, 400),
    "StatusCode4xx": range(400, 500),
    "OK": range(200, 201),
    "Created": range(201, 202),
    "NoContent": range(204, 205),
    "NotFound": range(404, 405),
}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
}
SPARQL_RESULTS_XML = "{http://www.w3.org/2005/sparql-results#}boolean"


@dataclass
class Expected:
    """What the manifest says a response must show."""

    statuses: list[str]
    boolean: bool | None = None
    format: str | None = None
    content_type: str | None = None
    body: str | None = None
    location_variable: str | None = None


@dataclass
class Request:
    """One request of a case, as the manifest gives it (path relative to the manifest's endpoint)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected: Expected


@dataclass
class Case:
    """One manifest entry: its requests in order and the graphs to load first."""

    name: str
    title: str
    requests: list[Request]
    graph_data: list[tuple[URIRef, Path]] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)


def _items(graph: Graph, head: object) -> list:
    return list(Collection(graph, head)) if head is not None else []  # type: ignore[arg-type]


def _headers(graph: Graph, node: object) -> dict[str, str]:
    return {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
        for h in _items(graph, graph.value(node, HT.headers))  # type: ignore[arg-type]
    }


def _body(graph: Graph, node: object) -> bytes | None:
    content = graph.value(node, HT.body)  # type: ignore[arg-type]
    if content is None:
        return None
    encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(content, CNT.chars)).encode(encoding)


def _expected(graph: Graph, response: object) -> Expected:
    statuses = sorted(str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus))  # type: ignore[arg-type]
    unknown = [s for s in statuses if s not in STATUS]
    assert not unknown, f"status names the runner does not know: {unknown}"
    boolean = graph.value(response, MF.expectedBoolean)  # type: ignore[arg-type]
    fmt = graph.value(response, MF.expectedFormat)  # type: ignore[arg-type]
    location = graph.value(response, MF.expectedLocation)  # type: ignore[arg-type]
    body = _body(graph, response)
    return Expected(
        statuses=statuses,
        boolean=boolean.toPython() if isinstance(boolean, Literal) else None,
        format=str(fmt) if fmt is not None else None,
        content_type=_headers(graph, response).get("content-type"),
        body=body.decode("utf-8") if body is not None else None,
        location_variable=str(location) if location is not None else None,
    )


def load_cases(path: Path) -> list[Case]:
    """The entries of one manifest, in its order."""
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    cases = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = [
            Request(
                method=str(graph.value(r, HT.methodName)),
                path=str(graph.value(r, HT.absolutePath)),
                headers=_headers(graph, r),
                body=_body(graph, r),
                expected=_expected(graph, graph.value(r, HT.resp)),
            )
            for r in _items(graph, graph.value(action, HT.requests))
        ]
        data = [
            (URIRef(str(graph.value(d, RDFS.label))), Path(str(graph.value(d, UT.graph)).removeprefix("file://")))
            for d in graph.objects(entry, UT.graphData)
        ]
        requires = sorted(str(r).removeprefix(str(MF)) for r in graph.objects(entry, MF.requires))
        name = str(entry).rsplit("#", 1)[-1]
        cases.append(Case(name, str(graph.value(entry, MF.name)), requests, data, requires))
    return cases


def service_path(path: str) -> str:
    """A manifest path on this service: ``/sparql/…`` -> ``/sparql…``, ``/gsp…`` -> ``/rdf-graphs…``."""
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/") :]
    if path.startswith("/gsp"):
        return "/rdf-graphs" + path[len("/gsp") :]
    raise ValueError(f"unexpected manifest path {path!r}")


def _media(value: str | None) -> tuple[str, dict[str, str]]:
    media, *params = (value or "").split(";")
    parsed = {}
    for param in params:
        key, _, val = param.partition("=")
        parsed[key.strip().lower()] = val.strip().strip('"').lower()
    return media.strip().lower(), parsed


def _boolean(response: httpx.Response, media: str) -> bool | None:
    """The ASK answer in a SPARQL results document (JSON or XML), None when there is none."""
    try:
        if media == "application/sparql-results+json":
            value = json.loads(response.text).get("boolean")
            return value if isinstance(value, bool) else None
        if media == "application/sparql-results+xml":
            node = ET.fromstring(response.content).find(f".//{SPARQL_RESULTS_XML}")
            return None if node is None else node.text.strip() == "true"  # type: ignore[union-attr]
    except (ValueError, ET.ParseError, AttributeError):
        return None
    return None


def _rdf(response: httpx.Response, media: str, base: str) -> Graph | str:
    """The response body as a graph, or why it is none."""
    parser = RDF_PARSERS.get(media)
    if parser is None:
        return f"Content-Type {media!r} is no RDF format"
    try:
        return Graph().parse(data=response.content, format=parser, publicID=base)
    except Exception as exc:  # noqa: BLE001 - any parser error means the body is not what the manifest expects
        return f"the body does not parse as {media}: {exc}"


def check(request: Request, response: httpx.Response, url: str) -> list[str]:
    """Everything the manifest expects of ``response`` that it does not show."""
    expected = request.expected
    problems = []
    if expected.statuses and not any(response.status_code in STATUS[s] for s in expected.statuses):
        problems.append(f"status {response.status_code}, expected {'/'.join(expected.statuses)}")
    media, params = _media(response.headers.get("content-type"))
    if expected.format == "boolean" or expected.boolean is not None:
        answer = _boolean(response, media)
        if answer is None:
            problems.append(f"no SPARQL boolean result (Content-Type {media!r})")
        elif expected.boolean is not None and answer is not expected.boolean:
            problems.append(f"boolean {answer}, expected {expected.boolean}")
    if expected.format == "tabular" and media not in TABULAR_TYPES:
        problems.append(f"Content-Type {media!r} is no SPARQL results format")
    if expected.format == "RDF":
        parsed = _rdf(response, media, url)
        if isinstance(parsed, str):
            problems.append(parsed)
    if expected.content_type is not None:
        want, want_params = _media(expected.content_type)
        charset = params.get("charset", want_params.get("charset"))
        if media != want or charset != want_params.get("charset", charset):
            problems.append(
                f"Content-Type {response.headers.get('content-type')!r}, expected {expected.content_type!r}"
            )
    if expected.body is not None and request.method != "HEAD":
        want_graph = Graph().parse(data=expected.body, format=RDF_PARSERS[_media(expected.content_type)[0]])
        got = _rdf(response, media, url)
        if isinstance(got, str):
            problems.append(got)
        elif not isomorphic(got, want_graph):
            problems.append(f"the graph is not the expected one ({len(got)} triples, expected {len(want_graph)})")
    if expected.location_variable is not None and "location" not in response.headers:
        problems.append("no Location header")
    return problems


def run_case(
    client: httpx.Client,
    case: Case,
    *,
    token: str,
    load: Callable[[URIRef, Path], None],
) -> list[str]:
    """Load the case's graphs, send its requests in order; what went wrong, one line per problem."""
    for graph_iri, path in case.graph_data:
        load(graph_iri, path)
    variables: dict[str, str] = {}
    problems = []
    for number, request in enumerate(case.requests, 1):
        path = request.path
        for name, value in variables.items():
            path = path.replace(name, value)
        headers = {**request.headers, "authorization": f"Bearer {token}"}
        target = service_path(path)
        response = client.send(client.build_request(request.method, target, headers=headers, content=request.body))
        if request.expected.location_variable and "location" in response.headers:
            variables[request.expected.location_variable] = response.headers["location"]
        problems += [f"request {number} ({request.method} {target}): {p}" for p in check(request, response, target)]
    return problems
