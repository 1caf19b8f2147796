"""What a write changes, record by record and field by field (for the diff preview and the version history).

A *record* is an IRI subject of the graph; blank nodes hang on the record that points at them (an address is a
field of its actor), and an IRI ``<record>/…`` that names a part of a record (its geometry) belongs to that record.
``prov:wasDerivedFrom`` (the source row) is provenance, not content: a re-upload of the same sheet changes nothing.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Literal

import pyoxigraph as ox
from rdflib import URIRef

from graph_service.store.base import GraphStore

IGNORED = frozenset({"http://www.w3.org/ns/prov#wasDerivedFrom"})
ChangeKind = Literal["added", "changed", "removed"]
Fields = dict[str, frozenset[str]]


@dataclass
class FieldChange:
    """One property of a record: its values before and after (N-Triples terms, sorted)."""

    predicate: str
    before: list[str]
    after: list[str]


@dataclass
class RecordChange:
    """One record that a write adds, changes or removes, with the fields that differ."""

    iri: str
    kind: ChangeKind
    fields: list[FieldChange] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RecordChange:
        return cls(data["iri"], data["kind"], [FieldChange(**f) for f in data.get("fields", [])])


@dataclass
class GraphDiff:
    """Records added, changed and removed between two states of one source graph."""

    added: list[RecordChange] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    removed: list[RecordChange] = field(default_factory=list)
    unchanged: int = 0
    before: int = 0

    @property
    def changes(self) -> list[RecordChange]:
        return [*self.added, *self.changed, *self.removed]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def counts(self) -> dict[str, int]:
        """``{"added": n, "changed": n, "removed": n, "unchanged": n, "before": n}``."""
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
            "before": self.before,
        }


def records(data: ox.Store) -> dict[str, Fields]:
    """The records of the default graph of ``data``: record IRI -> predicate -> values (blank nodes folded in)."""
    blank: dict[str, list[tuple[str, str]]] = defaultdict(list)
    plain: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    objects_of_blank: list[tuple[str, str, ox.BlankNode]] = []
    for quad in data.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        predicate = quad.predicate.value
        if predicate in IGNORED:
            continue
        subject = quad.subject
        if isinstance(subject, ox.BlankNode):
            blank[subject.value].append((predicate, str(quad.object)))
            continue
        if isinstance(quad.object, ox.BlankNode):
            objects_of_blank.append((subject.value, predicate, quad.object))
        else:
            plain[subject.value][predicate].add(str(quad.object))
    for subject, predicate, node in objects_of_blank:
        plain[subject][predicate].add(_blank_text(node.value, blank, 0))
    return _fold_parts({s: {p: frozenset(v) for p, v in preds.items()} for s, preds in plain.items()})


def _blank_text(node: str, blank: dict[str, list[tuple[str, str]]], depth: int) -> str:
    """A blank node as ``[ <p> o ; … ]`` with its properties sorted, so equal structures compare equal."""
    if depth > 4:
        return "[]"
    parts = sorted(f"<{p}> {o}" for p, o in blank.get(node, []))
    return "[ " + " ; ".join(parts) + " ]"


def _fold_parts(found: dict[str, Fields]) -> dict[str, Fields]:
    """``<record>/geometry`` and other ``<record>/…`` subjects become fields of ``<record>``."""
    folded: dict[str, dict[str, frozenset[str]]] = {}
    for subject in sorted(found, key=len):
        owner = _owner(subject, folded)
        if owner is None:
            folded[subject] = dict(found[subject])
            continue
        suffix = subject[len(owner) :]
        for predicate, values in found[subject].items():
            folded[owner][f"{suffix}|{predicate}"] = values
    return folded


def _owner(subject: str, known: dict[str, Fields]) -> str | None:
    cut = subject.rfind("/")
    while cut > 8:
        if subject[:cut] in known:
            return subject[:cut]
        cut = subject.rfind("/", 0, cut)
    return None


#: added and removed records beyond this many are listed without their fields (a first import of a 16,000-row
#: register would otherwise spend seconds on details no page shows; changed records always carry their fields)
DETAIL_LIMIT = 1000


def diff_records(old: dict[str, Fields], new: dict[str, Fields]) -> GraphDiff:
    """Records added, changed (field by field) and removed from ``old`` to ``new``."""
    result = GraphDiff(before=len(old))
    for n, iri in enumerate(sorted(new.keys() - old.keys())):
        result.added.append(RecordChange(iri, "added", _fields({}, new[iri]) if n < DETAIL_LIMIT else []))
    for n, iri in enumerate(sorted(old.keys() - new.keys())):
        result.removed.append(RecordChange(iri, "removed", _fields(old[iri], {}) if n < DETAIL_LIMIT else []))
    for iri in sorted(old.keys() & new.keys()):
        fields = _fields(old[iri], new[iri])
        if fields:
            result.changed.append(RecordChange(iri, "changed", fields))
        else:
            result.unchanged += 1
    return result


def _fields(old: Fields, new: Fields) -> list[FieldChange]:
    return [
        FieldChange(p, sorted(old.get(p, ())), sorted(new.get(p, ())))
        for p in sorted(old.keys() | new.keys())
        if old.get(p, frozenset()) != new.get(p, frozenset())
    ]


def diff_stores(old: ox.Store, new: ox.Store) -> GraphDiff:
    """The diff between the default graphs of two in-memory stores."""
    return diff_records(records(old), records(new))


def graph_content(store: GraphStore, graph_iri: str) -> ox.Store:
    """One named graph of ``store`` as the default graph of an in-memory store (empty when it does not exist)."""
    buffer = io.BytesIO()
    store.dump(buffer, "nquads", URIRef(graph_iri))
    content = ox.Store()
    if buffer.getbuffer().nbytes:
        content.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in ox.parse(buffer.getvalue(), ox.RdfFormat.N_TRIPLES)
        )
    return content
