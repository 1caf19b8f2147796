"""The workspace of one service: both stores, the registry, the version log, who may do what, one write lock.

Where a source's data lives:

=============================  ===================  ==========================================
state                          store                graph
=============================  ===================  ==========================================
released (public source)       public store         ``<base>graph/<id>`` (as every import)
draft (public source)          private store        ``urn:bildungsgraph:draft:<id>``
internal source                private store        ``urn:bildungsgraph:internal:<id>``
=============================  ===================  ==========================================

The public store never holds a draft or an internal graph, so no public read path (SPARQL, Graph Store, dumps,
VoID, catalogue, search, networks, gap pages) can show one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from graph_service.accounts import Account, Accounts
from graph_service.core.errors import Forbidden
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.core.sparql_terms import iri
from graph_service.pipeline import VersionLog, graph_content
from graph_service.store.base import GraphStore
from graph_service.store.embedded import EmbeddedStore
from graph_service.workspace.registry import Registry, Source
from importers import shipped_mappings

DRAFT_PREFIX = "urn:bildungsgraph:draft:"
INTERNAL_PREFIX = "urn:bildungsgraph:internal:"
_SOURCES = """PREFIX dct: <http://purl.org/dc/terms/> PREFIX bg: <https://w3id.org/bildungsgraph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?id ?title ?licence ?mapping WHERE { GRAPH ?meta { ?ds bg:namedGraph ?g ; dct:identifier ?id .
OPTIONAL { ?ds dct:title ?title } OPTIONAL { ?ds dct:license ?licence }
OPTIONAL { ?ds prov:wasGeneratedBy/prov:used ?plan . ?plan a prov:Plan ; dct:identifier ?mapping } } }"""


@dataclass(frozen=True)
class Permission:
    """What one account may do with one source."""

    write: bool
    publish: bool
    release: bool


@dataclass(frozen=True)
class Place:
    """Where one state of a source lives: the store and the graph."""

    store: GraphStore
    graph: str
    target: str  # public | draft | internal


class Workspace:
    """Accounts, sources, stores and versions of one service (made once, on first use)."""

    def __init__(self, settings: Settings, public: GraphStore, folder: Path | None = None) -> None:
        self.settings = settings
        self.public = public
        self.folder = folder or settings.workspace_folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.minter = IriMinter(settings.base_iri)
        self.accounts = Accounts(
            self.folder / "accounts.sqlite",
            max_failures=settings.login_max_failures,
            max_failures_ip=settings.login_max_failures_ip,
            window_s=settings.login_window_s,
        )
        self.registry = Registry(self.folder / "workspace.sqlite")
        self.versions = VersionLog(self.folder / "versions")
        self.private = EmbeddedStore(self.folder / "private-store")
        self.uploads = self.folder / "uploads"
        self.write_lock = threading.RLock()
        self._closed = False

    def close(self) -> None:
        """Close the private store (once)."""
        if not self._closed:
            self._closed = True
            self.private.close()

    # -- sources ---------------------------------------------------------------------------------------------
    def sources(self) -> list[Source]:
        """Registered sources and the public store's other sources (imported by the CLI or the demo).

        An imported source keeps the shipped mapping its import record names (the import's ``prov:Plan``) or, for
        records made before that, the one it is named after (``import --mapping M`` names the source ``M``), so
        its next upload reads with that mapping too."""
        known = {s.id: s for s in self.registry.sources()}
        shipped = shipped_mappings()
        for row in self.public.select(_SOURCES):
            source_id = str(row["id"])
            if source_id not in known:
                title = str(row.get("title", source_id))
                licence = str(row.get("licence", ""))
                recorded = str(row.get("mapping", ""))
                mapping = recorded if recorded in shipped else source_id if source_id in shipped else None
                known[source_id] = Source(source_id, title, None, mapping, "public", licence, 0.0, registered=False)
        return sorted(known.values(), key=lambda s: s.title.casefold())

    def source(self, source_id: str) -> Source:
        """One source (registered, or found in the public store's metadata); NotFound otherwise."""
        found = self.registry.find(source_id)
        if found is not None:
            return found
        for source in self.sources():
            if source.id == source_id:
                return source
        return self.registry.source(source_id)  # raises NotFound

    def permission(self, account: Account, source: Source) -> Permission:
        """Write: admins, the owner and granted editors. Publish (without review) and release: reviewers, admins."""
        admin = account.has("admin")
        mine = source.owner == account.id or account.id in self.registry.grantees(source.id)
        write = admin or (account.has("editor") and mine)
        reviewer = account.has("reviewer")
        return Permission(write=write, publish=write and (reviewer or source.internal), release=reviewer)

    def require_write(self, account: Account, source: Source) -> Permission:
        """The permission, or Forbidden naming the source and who may write it."""
        allowed = self.permission(account, source)
        if not allowed.write:
            raise Forbidden(
                f"Sie dürfen die Quelle „{source.title}“ nicht ändern: sie gehört einem anderen Konto.",
                f'you may not change the source "{source.title}": it belongs to another account.',
                fix_de="Bitten Sie die Verwaltung oder die Eigentümerin der Quelle um Schreibrecht.",
                fix_en="ask an administrator or the source's owner for write access.",
            )
        return allowed

    # -- where a source lives -------------------------------------------------------------------------------
    def public_place(self, source: Source) -> Place:
        if source.internal:
            return Place(self.private, INTERNAL_PREFIX + source.id, "internal")
        return Place(self.public, str(self.minter.graph(source.id)), "public")

    def draft_place(self, source: Source) -> Place:
        if source.internal:
            return self.public_place(source)
        return Place(self.private, DRAFT_PREFIX + source.id, "draft")

    def has_draft(self, source: Source) -> bool:
        """True when a draft of ``source`` waits for release."""
        if source.internal:
            return False
        return self.private.ask(f"ASK {{ GRAPH {iri(DRAFT_PREFIX + source.id)} {{ ?s ?p ?o }} }}")

    def working_place(self, source: Source) -> Place:
        """The state editors work on: the draft if there is one, else the released (or internal) data."""
        return self.draft_place(source) if self.has_draft(source) else self.public_place(source)

    def content(self, place: Place) -> ox.Store:
        """The triples of one place as an in-memory store."""
        return graph_content(place.store, place.graph)

    def base_version(self, source: Source) -> int:
        """Number of the newest version of a source (0 before the first one)."""
        latest = self.versions.latest(source.id)
        return latest.id if latest else 0

    def graphs_of(self, record: str) -> list[tuple[Source, Place]]:
        """The sources holding ``record`` as a subject, with the place where it was found (working state)."""
        found: list[tuple[Source, Place]] = []
        for source in self.sources():
            place = self.working_place(source) if source.registered else self.public_place(source)
            if place.store.ask(f"ASK {{ GRAPH {iri(place.graph)} {{ {iri(record)} ?p ?o }} }}"):
                found.append((source, place))
        return found


def public_graph(minter: IriMinter, source_id: str) -> URIRef:
    """The public graph of a source."""
    return minter.graph(source_id)
