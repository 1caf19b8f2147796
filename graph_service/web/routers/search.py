"""Search page and API over actors, offers, networks and municipalities, with facets (publish.search_index).

The index belongs to the store's write generation; after a write the first search waits up to
``search_wait_s`` for the rebuilt index, else the previous one answers and the page says so.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from graph_service.core.settings import Settings
from graph_service.publish.search_index import FACETS, KINDS, Entry, SearchIndex, SearchResult, current_index
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.routers.resources import local_path
from graph_service.web.templating import language, render

router = APIRouter(tags=["search"])
PAGE_SIZE = 50
KIND_LABELS = {
    "de": {"actor": "Einrichtung", "offer": "Angebot", "network": "Netzwerk / Gremium", "municipality": "Gemeinde"},
    "en": {"actor": "Organisation", "offer": "Offer", "network": "Network / committee", "municipality": "Municipality"},
}
FACET_TITLES = {
    "de": {"kind": "Art", "type": "Typ", "municipality": "Gemeinde", "phase": "Lebensphase", "group": "Zielgruppe"},
    "en": {
        "kind": "Kind",
        "type": "Type",
        "municipality": "Municipality",
        "phase": "Life phase",
        "group": "Target group",
    },
}


class SearchParams(BaseModel):
    """What a search asks for (query parameters of the page and the API)."""

    q: str = Field("", max_length=200, description="Words, each found as part of a word (Sprachkurs, VHS …)")
    kind: str | None = Field(None, pattern=f"^({'|'.join(KINDS)})$", description="actor, offer, network, municipality")
    type: str | None = Field(None, max_length=500, description="IRI of an actor type or offer type")
    municipality: str | None = Field(None, max_length=500, description="IRI of a municipality")
    phase: str | None = Field(None, max_length=500, description="IRI of a life phase")
    group: str | None = Field(None, max_length=500, description="IRI of a target group")
    limit: int = Field(PAGE_SIZE, ge=1, le=500)
    offset: int = Field(0, ge=0, le=100_000)
    facet_limit: int = Field(20, ge=0, le=1000, description="Values per facet, those with most hits first")
    lang: str | None = Field(None, pattern="^(de|en)$", description="de or en (default: Accept-Language)")

    def filters(self) -> dict[str, str]:
        """The facet filters that are set."""
        chosen = {key: getattr(self, key) for key in FACETS}
        return {key: value for key, value in chosen.items() if value}

    def link(self, **changes: str | int | None) -> str:
        """Query string of this search with ``changes`` (None removes a parameter; a new filter starts at 0)."""
        values = {"q": self.q, **self.filters(), "offset": self.offset or None, "lang": self.lang} | changes
        return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _search(store: GraphStore, settings: Settings, params: SearchParams) -> tuple[SearchIndex, SearchResult, bool]:
    index, fresh = current_index(store, settings.search_wait_s)
    result = index.search(
        params.q,
        kind=params.kind,
        type_iri=params.type,
        municipality=params.municipality,
        phase=params.phase,
        group=params.group,
        limit=params.limit,
        offset=params.offset,
        with_facets=True,
    )
    return index, result, fresh


def _hit(index: SearchIndex, entry: Entry, settings: Settings, lang: str) -> dict[str, object]:
    def labels(key: str) -> list[str]:
        return sorted(index.label(v, lang) for v in entry.links.get(key, []))

    return {
        "iri": entry.iri,
        "href": local_path(entry.iri, settings),
        "name": entry.name(lang),
        "kind": entry.kind,
        "kindLabel": KIND_LABELS[lang][entry.kind],
        "types": labels("type"),
        "municipalities": labels("municipality"),
        "phases": labels("phase"),
        "groups": labels("group"),
    }


def _facets(
    index: SearchIndex, result: SearchResult, params: SearchParams, lang: str, *, links: bool
) -> list[dict[str, object]]:
    """Facet blocks: per key its values with most hits (at most ``params.facet_limit``; a chosen value always)
    with label and hits, and for the page the link that toggles the value."""
    blocks = []
    for key in FACETS:
        chosen = params.filters().get(key)
        pairs = result.facets.get(key, [])
        shown = pairs[: params.facet_limit] + [p for p in pairs[params.facet_limit :] if p[0] == chosen]
        values = []
        for value, count in shown:
            item: dict[str, object] = {
                "value": value,
                "label": KIND_LABELS[lang][value] if key == "kind" else index.label(value, lang),
                "count": count,
                "selected": value == chosen,
            }
            if links:
                item["href"] = params.link(**{key: None if value == chosen else value, "offset": None})
            values.append(item)
        blocks.append({"key": key, "title": FACET_TITLES[lang][key], "values": values, "more": len(pairs) - len(shown)})
    return blocks


@router.get("/api/search", summary="Find actors, offers, networks and municipalities (substring, synonyms, facets)")
async def search_api(
    request: Request,
    params: Annotated[SearchParams, Query()],
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> dict[str, object]:
    lang = language(request, settings)
    index, result, fresh = await run_in_threadpool(_search, store, settings, params)
    return {
        "query": params.q,
        "total": result.total,
        "count": len(result.entries),
        "offset": params.offset,
        "upToDate": fresh,
        "results": [_hit(index, e, settings, lang) for e in result.entries],
        "facets": {
            block["key"]: [{k: v[k] for k in ("value", "label", "count")} for v in block["values"]]
            for block in _facets(index, result, params, lang, links=False)
        },
    }


@router.get("/search", response_class=HTMLResponse, summary="Search page")
async def search_page(
    request: Request,
    params: Annotated[SearchParams, Query()],
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> str:
    lang = language(request, settings)
    searching = bool(params.q or params.filters())
    index, result, fresh = await run_in_threadpool(_search, store, settings, params)
    pages = {
        "previous": params.link(offset=max(params.offset - params.limit, 0) or None) if params.offset else None,
        "next": params.link(offset=params.offset + params.limit)
        if params.offset + params.limit < result.total
        else None,
    }
    return render(
        "search.html.j2",
        request,
        settings,
        lang=lang,
        params=params,
        searching=searching,
        hits=[_hit(index, e, settings, lang) for e in result.entries] if searching else [],
        result=result,
        facets=_facets(index, result, params, lang, links=True),
        kinds=KIND_LABELS[lang],
        pages=pages,
        fresh=fresh,
        size=len(index),
    )
