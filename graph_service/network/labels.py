"""Labels of IRIs in the visitor's language, read from the store (works for any store, not only embedded)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal

from graph_service.network.queries import labels_query
from graph_service.store.base import GraphStore

_CHUNK = 200


def local_name(iri: str) -> str:
    """Readable fallback for an IRI without label: its last path segment with dashes as spaces."""
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail.replace("-", " ").replace("_", " ") or iri


class Labels:
    """Language-tagged labels per IRI, with a fallback chain: requested language, German, untagged, any."""

    def __init__(self) -> None:
        self._by_iri: dict[str, dict[str, str]] = {}

    def add(self, iri: str, literal: Literal | str) -> None:
        """Remember one label (the first per language wins, so results are stable)."""
        lang = (literal.language or "") if isinstance(literal, Literal) else ""
        self._by_iri.setdefault(iri, {}).setdefault(lang, str(literal))

    def __contains__(self, iri: str) -> bool:
        return iri in self._by_iri

    def get(self, iri: str, lang: str = "de") -> str:
        """The best label of ``iri`` in ``lang``.

        Parameters
        ----------
        iri : the resource.
        lang : ``"de"`` or ``"en"``.

        Returns
        -------
        A label; the IRI's local name when the store has none.
        """
        known = self._by_iri.get(iri)
        if not known:
            return local_name(iri)
        for key in (lang, "de", ""):
            if key in known:
                return known[key]
        return known[sorted(known)[0]]

    def load(self, store: GraphStore, iris: Iterable[str]) -> None:
        """Fetch skos:prefLabel / rdfs:label of ``iris`` not yet known (in chunks of 200)."""
        missing = sorted({i for i in iris if i and i not in self._by_iri})
        for start in range(0, len(missing), _CHUNK):
            rows = store.select(labels_query(missing[start : start + _CHUNK]))
            for row in sorted(rows, key=lambda r: (str(r["s"]), str(r["l"]))):
                self.add(str(row["s"]), row["l"])
