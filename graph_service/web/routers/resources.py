"""Linked-data pages: every IRI under the instance base (and our ontology/vocabulary IRIs) dereferences here.

IRI -> path: ``<base_iri>X`` -> ``/id/X``; ``https://w3id.org/bildungsgraph/vocab/X`` -> ``/vocab/X``;
``https://w3id.org/bildungsgraph/def#T`` -> ``/def/T``; any other IRI -> ``/resource?iri=…``.
We answer 200 with the description and ``Content-Location`` naming the concrete representation (no 303): the
IRIs name things, the responses are documents about them, and one round trip less matters to browsers and
SPARQL clients alike (see docs/linked-data.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from rdflib import URIRef
from rdflib.namespace import RDF

from graph_service.core.namespaces import BG, GEO, VOCAB, bind_prefixes
from graph_service.core.settings import Settings
from graph_service.core.sparql_terms import iri as sparql_iri
from graph_service.core.sparql_terms import is_iri
from graph_service.gaps.cache import area_counts, cached_report
from graph_service.gaps.map_data import TEXTS as MAP_TEXTS
from graph_service.gaps.map_data import boundary_svg, municipality_gaps
from graph_service.gaps.texts import TABLE_TITLES, lang_or_default
from graph_service.publish.describe import Description, Statement, describe, schema_org_jsonld
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.negotiation import RESOURCE_TYPES, NotAcceptable, choose
from graph_service.web.templating import language, render

router = APIRouter(tags=["linked data"])

_RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
_EXTENSIONS = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
    "text/html": "html",
}


def inverse_groups(desc: Description, lang: str, row: Callable[[Statement], dict]) -> list[dict]:
    """Links pointing here, grouped under the reverse reading of their property; cooperation partners first."""
    groups: dict[str, dict] = {}
    for st in desc.inverse:
        title = desc.inverse_label(st.predicate, lang)
        group = groups.setdefault(title, {"title": title, "property_iri": str(st.predicate), "items": []})
        group["items"].append(row(st))
    ordered = sorted(groups.values(), key=lambda g: g["title"].lower())
    if desc.partners:
        title = "Kooperationspartner" if lang == "de" else "cooperation partners"
        ordered.insert(0, {"title": title, "property_iri": str(BG.party), "items": [row(st) for st in desc.partners]})
    for group in ordered:
        group["items"].sort(key=lambda r: r["value"].lower())
    return ordered


def local_path(iri: str, settings: Settings) -> str:
    """The service path at which ``iri`` dereferences."""
    if iri.startswith(settings.base_iri):
        return "/id/" + iri.removeprefix(settings.base_iri)
    if iri.startswith(str(VOCAB)):
        return "/vocab/" + iri.removeprefix(str(VOCAB))
    if iri.startswith(str(BG)):
        return "/def/" + iri.removeprefix(str(BG))
    return "/resource?iri=" + quote(iri, safe="")


@router.get("/id/{path:path}", summary="Instance resource (HTML, Turtle, JSON-LD, N-Triples)")
async def instance(
    path: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    return await _page(settings.base_iri + path, request, store, settings)


@router.get("/vocab/{path:path}", summary="Concept or concept scheme")
async def vocabulary(
    path: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    return await _page(str(VOCAB) + path, request, store, settings)


@router.get("/def/{term}", summary="Ontology term")
async def ontology_term(
    term: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    return await _page(str(BG) + term, request, store, settings)


@router.get("/resource", summary="Any IRI known to the store")
async def any_resource(
    iri: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    if not is_iri(iri):
        raise HTTPException(400, "iri must be an absolute IRI (RFC 3987), e.g. https://w3id.org/bildungsgraph/id/…")
    return await _page(iri, request, store, settings)


async def _page(address: str, request: Request, store: GraphStore, settings: Settings) -> Response:
    if not is_iri(address):  # e.g. /id/a%20b: a path no IRI of ours can have
        raise HTTPException(404, "No resource has this address (it is not a valid IRI).")
    iri = URIRef(address)
    try:
        media = choose(request.headers.get("accept"), RESOURCE_TYPES, request.query_params.get("format"))
    except NotAcceptable as exc:
        raise HTTPException(406, str(exc)) from exc
    location = f"{request.url.path}?format={_EXTENSIONS[media]}"
    headers = {"Content-Location": location, "Vary": "Accept, Accept-Language"}
    if media != "text/html":
        # the page model (inverse links, sources) is only needed to tell "unknown" from "only an object"
        graph = await run_in_threadpool(store.construct, f"DESCRIBE {sparql_iri(str(iri))}")
        if not len(graph):
            await _known(store, iri)
        bind_prefixes(graph)
        return Response(graph.serialize(format=_RDF_FORMATS[media]), media_type=media, headers=headers)
    desc = await _known(store, iri)
    lang = language(request, settings)
    view = _view(desc, lang, settings)
    view["gaps"] = await run_in_threadpool(_area_gaps, desc, store, settings, lang)
    html = render("resource.html.j2", request, settings, lang=lang, desc=desc, view=view)
    return HTMLResponse(html, headers=headers)


async def _known(store: GraphStore, iri: URIRef) -> Description:
    """The page model of ``iri``; 404 when the store knows nothing about it (neither subject nor object)."""
    desc = await run_in_threadpool(describe, store, iri)
    if not desc.found:
        raise HTTPException(404, f"Nothing is known about <{iri}>.")
    return desc


def _area_gaps(desc: Description, store: GraphStore, settings: Settings, lang: str) -> dict | None:
    """For a municipality or county (a resource with an AGS): its gap counts per analysis, with links."""
    ags = next((str(st.value) for st in desc.statements if st.predicate == BG.ags), None)
    if ags is None:
        return None
    report = cached_report(store, settings, lang, ags[:5] if len(ags) >= 5 else ags)  # its county, not the store
    titles = TABLE_TITLES[lang_or_default(lang)]
    items = [
        {"title": titles[table.id], "count": n, "href": f"/gaps/{table.id}?county={ags}&lang={lang}"}
        for table, n in area_counts(report, ags)
    ]
    details = municipality_gaps(report, ags) if len(ags) == 8 else None
    return {
        "ags": ags,
        "report": f"/gaps/?county={ags}&lang={lang}",
        "items": items,
        "details": details,
        "dimensions": {
            f"coverage-{table}": MAP_TEXTS[lang_or_default(lang)][key]
            for table, key in (("life-phase", "phase"), ("target-group", "group"), ("offer-type", "type"))
        },
        "map": f"/karte/?county={ags[:5]}" + ("&lang=en" if lang == "en" else "") if len(ags) >= 5 else None,
    }


def _shown_value(value: str, lang: str) -> str:
    """A boundary's long WKT summarised (the whole value is in the RDF formats); other values as they are."""
    if len(value) > 300 and value.lstrip().upper().startswith(("MULTIPOLYGON", "POLYGON")):
        points = value.count(",") + 1
        kind = value.split("(", 1)[0].strip()
        return (
            f"{kind} ({points} Punkte, siehe Umriss oben)"
            if lang == "de"
            else f"{kind} ({points} points, see outline above)"
        )
    return value


def _view(desc: Description, lang: str, settings: Settings) -> dict:
    """Plain data for the template: rows grouped by property, with links and source graphs."""

    def link(node: object) -> str | None:
        return local_path(str(node), settings) if isinstance(node, URIRef) else None

    def row(st: Statement) -> dict:
        source = desc.sources.get(str(st.graph), {})
        return {
            "property": desc.label(st.predicate, lang),
            "property_iri": str(st.predicate),
            "property_help": desc.label(st.predicate, "en" if lang == "de" else "de"),
            "value": _shown_value(desc.label(st.value, lang), lang),
            "value_iri": str(st.value) if isinstance(st.value, URIRef) else None,
            "href": link(st.value),
            "graph": source.get("title") or (str(st.graph) if st.graph else ""),
            "licence": source.get("licence", ""),
            "licence_is_link": is_iri(source.get("licence", "")),
            "modified": source.get("modified", "")[:10],
        }

    types = [desc.label(st.value, lang) for st in desc.statements if st.predicate == RDF.type]
    point = desc.point()
    boundary = desc.boundary()
    return {
        "title": desc.label(desc.iri, lang),
        "types": types,
        "rows": sorted(
            (row(st) for st in desc.statements if st.predicate not in (RDF.type, GEO.hasGeometry)),
            key=lambda r: r["property"],
        ),
        "inverse": sorted((row(st) for st in desc.inverse), key=lambda r: (r["property"], r["value"])),
        "inverse_groups": inverse_groups(desc, lang, row),
        "jsonld": schema_org_jsonld(desc),
        "point": point,
        "boundary": boundary_svg(boundary) if boundary else None,
        "alternates": {fmt: f"?format={ext}" for fmt, ext in _EXTENSIONS.items() if fmt != "text/html"},
    }
