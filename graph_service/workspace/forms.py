"""Record forms generated from SHACL shapes, as DASH/SHACL form generators do.

The layout (fields, groups, order, datatypes, cardinalities, pickers, references) comes from the form shapes in
``shapes/forms/*.ttl``; what is required or recommended, and the help text when a value is missing, comes from
the validating shapes in ``shapes/*.ttl`` (a ``sh:minCount`` with ``sh:Violation`` is required, with
``sh:Warning`` recommended), and the concept pickers list the concepts of the scheme that the validating node
shape (``sh:node bgsh:In…Scheme``) names, with their German (or English) labels. A saved form is turned into the
record's new triples here and then goes through the same gate as every upload (``pipeline.land``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.data_files import shapes_dir
from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import SCHEMA, SH
from graph_service.core.ontology import concepts, label
from graph_service.validation.shapes import shapes_graph

FORM = "https://w3id.org/bildungsgraph/forms#"
_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class Option:
    value: str
    label_de: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_de


@dataclass(frozen=True)
class Field:
    """One field of a form: what it edits (a predicate or a two-step path) and how."""

    key: str
    path: tuple[str, ...]
    name_de: str
    name_en: str
    group_de: str
    group_en: str
    group_order: float
    order: float
    kind: str  # text | multiline | date | boolean | concept | choice | reference | region | url
    lang: str | None = None
    iri_kind: str | None = None
    scheme: str | None = None
    options: tuple[Option, ...] = ()
    min_count: int = 0
    max_count: int | None = None
    required: bool = False
    recommended: bool = False
    help_de: str = ""
    help_en: str = ""
    pattern: str | None = None

    @property
    def multiple(self) -> bool:
        return self.max_count != 1

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_de

    def group(self, lang: str) -> str:
        return self.group_en if lang == "en" else self.group_de

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_de


@dataclass(frozen=True)
class Form:
    """The form of one kind of record."""

    kind: str
    label_de: str
    label_en: str
    classes: tuple[str, ...]
    also_types: tuple[str, ...]
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_de

    def groups(self, lang: str) -> list[tuple[str, list[Field]]]:
        """Fields by group, groups and fields in their ``sh:order``."""
        result: dict[str, list[Field]] = {}
        for f in sorted(self.fields, key=lambda f: (f.group_order, f.order)):
            result.setdefault(f.group(lang), []).append(f)
        return list(result.items())


class FormError(ValueError):
    """Values of a form that cannot become RDF, by field key (German and English)."""

    def __init__(self, problems: dict[str, tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {v[0]}" for k, v in problems.items()))
        self.problems = problems


# -- reading the shapes ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def form_shapes() -> Graph:
    """The form shapes (``shapes/forms/*.ttl``)."""
    graph = Graph()
    for path in sorted((shapes_dir() / "forms").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _text(graph: Graph, node: object, prop: URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):  # type: ignore[arg-type]
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _path(graph: Graph, node: object) -> tuple[str, ...]:
    path = graph.value(node, SH.path)  # type: ignore[arg-type]
    if isinstance(path, BNode):
        return tuple(str(p) for p in Collection(graph, path))
    return (str(path),)


@lru_cache(maxsize=1)
def forms() -> dict[str, Form]:
    """Every form by record kind (actor, offer, cooperation, responsibility, network, membership)."""
    graph = form_shapes()
    found = {}
    for shape in graph.subjects(URIRef(FORM + "recordKind"), None):
        kind = str(graph.value(shape, URIRef(FORM + "recordKind")))
        classes = tuple(sorted(str(c) for c in graph.objects(shape, SH.targetClass)))
        rules = _rules_for(classes)
        fields = [_field(graph, prop, index, rules) for index, prop in enumerate(graph.objects(shape, SH.property))]
        found[kind] = Form(
            kind,
            _text(graph, shape, RDFS.label, "de"),
            _text(graph, shape, RDFS.label, "en"),
            classes,
            tuple(str(c) for c in graph.objects(shape, URIRef(FORM + "alsoType"))),
            tuple(sorted(fields, key=lambda f: (f.group_order, f.order))),
        )
    return found


def _rules_for(classes: tuple[str, ...]) -> dict[str, list[tuple[int, str, str, str]]]:
    """Validating property shapes of the node shapes for ``classes``: path -> (minCount, severity, message de/en)."""
    graph = shapes_graph()
    rules: dict[str, list[tuple[int, str, str, str]]] = {}
    targets = {URIRef(c) for c in classes}
    for node_shape in set(graph.subjects(SH.targetClass, None)) | set(graph.subjects(SH.targetSubjectsOf, None)):
        aimed = set(graph.objects(node_shape, SH.targetClass))
        if not aimed & targets and not (
            URIRef("http://www.w3.org/ns/org#Organization") in targets and graph.value(node_shape, SH.targetSubjectsOf)
        ):
            continue
        for prop in graph.objects(node_shape, SH.property):
            path = graph.value(prop, SH.path)
            minimum = graph.value(prop, SH.minCount)
            if path is None or isinstance(path, BNode) or minimum is None:
                continue
            severity = str(graph.value(prop, SH.severity) or SH.Violation)
            rules.setdefault(str(path), []).append(
                (int(minimum), severity, _text(graph, prop, SH.message, "de"), _text(graph, prop, SH.message, "en"))
            )
    return rules


def _field(graph: Graph, prop: object, index: int, rules: dict) -> Field:
    path = _path(graph, prop)
    group = graph.value(prop, SH.group)  # type: ignore[arg-type]
    datatype = graph.value(prop, SH.datatype)  # type: ignore[arg-type]
    iri_kind = graph.value(prop, URIRef(FORM + "iriKind"))  # type: ignore[arg-type]
    node = graph.value(prop, SH.node)  # type: ignore[arg-type]
    options: tuple[Option, ...] = ()
    scheme = _scheme_of(node) if node is not None else None
    choices = graph.value(prop, SH["in"])  # type: ignore[arg-type]
    if scheme:
        kind = "concept"
        options = tuple(Option(str(c.iri), c.label_de, c.label_en) for c in concepts(scheme.rsplit("/", 1)[-1]))
    elif choices is not None:
        kind = "choice"
        options = tuple(
            Option(str(c), label(c, "de") or str(c).rsplit("#", 1)[-1], label(c, "en") or str(c))
            for c in Collection(graph, choices)
        )
    elif iri_kind is not None:
        kind = {"region": "region", "url": "url"}.get(str(iri_kind), "reference")
    elif datatype == XSD.date:
        kind = "date"
    elif datatype == XSD.boolean:
        kind = "boolean"
    else:
        kind = "multiline" if graph.value(prop, URIRef(FORM + "multiline")) else "text"
    min_count = int(graph.value(prop, SH.minCount) or 0)  # type: ignore[arg-type]
    max_count = graph.value(prop, SH.maxCount)  # type: ignore[arg-type]
    found = rules.get(path[0], []) if len(path) == 1 else []
    required = min_count > 0 or any(r[1] == str(SH.Violation) for r in found)
    recommended = not required and any(r[1] == str(SH.Warning) for r in found)
    messages = [r for r in found if r[2]]
    help_de = _text(graph, prop, SH.description, "de") or (messages[0][2] if messages else "")
    help_en = _text(graph, prop, SH.description, "en") or (messages[0][3] if messages else "")
    pattern = graph.value(prop, SH.pattern)  # type: ignore[arg-type]
    return Field(
        key=f"f{index}",
        path=path,
        name_de=_text(graph, prop, SH.name, "de"),
        name_en=_text(graph, prop, SH.name, "en"),
        group_de=_text(graph, group, RDFS.label, "de") if group else "",
        group_en=_text(graph, group, RDFS.label, "en") if group else "",
        group_order=float(graph.value(group, SH.order) or 0) if group else 99.0,  # type: ignore[arg-type]
        order=float(graph.value(prop, SH.order) or index),  # type: ignore[arg-type]
        kind=kind,
        lang="de" if datatype == RDF.langString else None,
        iri_kind=str(iri_kind) if iri_kind is not None else None,
        scheme=scheme,
        options=options,
        min_count=max(min_count, 1 if required else 0),
        max_count=int(max_count) if max_count is not None else None,
        required=required,
        recommended=recommended,
        help_de=help_de,
        help_en=help_en,
        pattern=str(pattern) if pattern is not None else None,
    )


def _scheme_of(node_shape: object) -> str | None:
    """The concept scheme a validating node shape pins with ``sh:path skos:inScheme ; sh:hasValue <scheme>``."""
    graph = shapes_graph()
    for prop in graph.objects(node_shape, SH.property):  # type: ignore[arg-type]
        value = graph.value(prop, SH.hasValue)
        if value is not None:
            return str(value)
    return None


def form_for(types: set[str]) -> Form | None:
    """The form of a record with these ``rdf:type`` s (the most specific kind first)."""
    for kind in ("offer", "cooperation", "responsibility", "membership", "network", "actor"):
        form = forms().get(kind)
        if form is not None and types & set(form.classes):
            return form
    return None


# -- values of a record -----------------------------------------------------------------------------------------
def record_types(content: ox.Store, subject: str) -> set[str]:
    return {
        q.object.value
        for q in content.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(RDF.type)), None, ox.DefaultGraph())
    }


def _objects(content: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list:
    return [q.object for q in content.quads_for_pattern(subject, ox.NamedNode(predicate), None, ox.DefaultGraph())]


def _terms(content: ox.Store, subject: str, f: Field) -> list:
    """The RDF terms the field ``f`` shows for ``subject``."""
    start = ox.NamedNode(subject)
    if len(f.path) == 2:
        return [v for node in _objects(content, start, f.path[0]) for v in _objects(content, node, f.path[1])]
    return [t for t in _objects(content, start, f.path[0]) if _mine(f, t)]


def _mine(f: Field, term: object) -> bool:
    """Whether ``term`` belongs to field ``f`` (two fields may share a predicate: actors and life phases)."""
    value = getattr(term, "value", "")
    if f.kind in ("concept", "choice"):
        return any(o.value == value for o in f.options)
    if f.kind in ("reference", "region"):
        return isinstance(term, ox.NamedNode) and not value.startswith("https://w3id.org/bildungsgraph/vocab/")
    return True


def values_of(content: ox.Store, subject: str, form: Form, minter: IriMinter) -> dict[str, list[str]]:
    """What each field of ``form`` shows for ``subject`` (the text a coordinator would type)."""
    return {f.key: [shown(f, t, minter) for t in _terms(content, subject, f)] for f in form.fields}


def shown(f: Field, term: object, minter: IriMinter) -> str:
    """A term as the field's input shows it: a Kennung for references, the AGS for regions, text for literals."""
    value = getattr(term, "value", str(term))
    if f.kind == "reference" and f.iri_kind:
        prefix = f"{minter.base}{f.iri_kind}/"
        return value[len(prefix) :] if value.startswith(prefix) else value
    if f.kind == "region":
        return value.rsplit("/", 1)[-1]
    if f.kind == "boolean":
        return "ja" if value == "true" else "nein"
    return value


# -- a submitted form as triples --------------------------------------------------------------------------------
def parse(form: Form, submitted: dict[str, list[str]], minter: IriMinter) -> dict[str, list]:
    """The submitted values as rdflib terms per field key; FormError names every field that cannot be read."""
    result: dict[str, list] = {}
    problems: dict[str, tuple[str, str]] = {}
    for f in form.fields:
        raw = [v.strip() for item in submitted.get(f.key, []) for v in _lines(f, item) if v.strip()]
        try:
            terms = [_term(f, v, minter) for v in raw]
        except ValueError as exc:
            problems[f.key] = (str(exc), exc.args[1] if len(exc.args) > 1 else str(exc))
            continue
        if f.max_count is not None and len(terms) > f.max_count:
            problems[f.key] = (f"höchstens {f.max_count} Wert(e)", f"at most {f.max_count} value(s)")
        elif f.required and len(terms) < f.min_count:
            problems[f.key] = (
                "Pflichtfeld – bitte ausfüllen" if f.min_count == 1 else f"mindestens {f.min_count} Werte",
                "required – please fill in" if f.min_count == 1 else f"at least {f.min_count} values",
            )
        result[f.key] = terms
    if problems:
        raise FormError(problems)
    return result


def _lines(f: Field, item: str) -> list[str]:
    """Multi-valued text inputs take one value per line (or separated by semicolons)."""
    if f.multiple and f.kind not in ("concept", "choice", "multiline"):
        return re.split(r"[\n;]", item)
    return [item]


def _term(f: Field, value: str, minter: IriMinter) -> URIRef | Literal:
    if f.kind in ("concept", "choice"):
        if value not in {o.value for o in f.options}:
            raise ValueError("Wert nicht in der Liste", "value not in the list")
        return URIRef(value)
    if f.kind == "reference":
        if value.startswith(("http://", "https://")):
            return URIRef(value)
        if not re.fullmatch(r"[A-Za-z0-9._~-]+", value):
            raise ValueError(
                f"„{value}“ ist keine Kennung (Kleinbuchstaben, Ziffern, Bindestriche)",
                f'"{value}" is not an id (lower-case letters, digits, hyphens)',
            )
        return minter.entity(f.iri_kind or "actor", value)
    if f.kind == "region":
        if not value.isdigit():
            raise ValueError(f"„{value}“ ist kein Gebietsschlüssel aus Ziffern", f'"{value}" is not a numeric key')
        try:
            return minter.region(value)
        except ValueError as exc:
            raise ValueError(
                "Gebietsschlüssel mit 2, 5 oder 8 Ziffern erwartet", "a key of 2, 5 or 8 digits expected"
            ) from exc
    if f.kind == "url":
        return URIRef(value if re.match(r"^https?://", value) else f"https://{value}")
    if f.kind == "date":
        return Literal(_iso_date(value), datatype=XSD.date)
    if f.kind == "boolean":
        if value.lower() not in ("ja", "nein", "true", "false"):
            raise ValueError("ja oder nein", "yes or no")
        return Literal(value.lower() in ("ja", "true"))
    if f.pattern and not re.search(f.pattern, value):
        raise ValueError(f"„{value}“ hat nicht die erwartete Form", f'"{value}" does not have the expected form')
    return Literal(re.sub(r"\s+", " ", value) if f.kind != "multiline" else value, lang=f.lang)


def _iso_date(value: str) -> str:
    """``2026-03-01`` or ``01.03.2026`` as ISO; ValueError otherwise."""
    german = _DATE_DE.match(value)
    text = f"{german[3]}-{int(german[2]):02d}-{int(german[1]):02d}" if german else value
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise ValueError(f"„{value}“ ist kein Datum (TT.MM.JJJJ)", f'"{value}" is not a date (DD.MM.YYYY)') from exc


def apply(content: ox.Store, subject: str, form: Form, parsed: dict[str, list], new: bool) -> ox.Store:
    """``content`` with the form's fields of ``subject`` replaced by ``parsed`` (other triples stay)."""
    result = ox.Store()
    result.bulk_extend(content)
    node = ox.NamedNode(subject)
    for f in form.fields:
        for term in _terms(content, subject, f):
            if len(f.path) == 2:
                for holder in _objects(result, node, f.path[0]):
                    result.remove(ox.Quad(holder, ox.NamedNode(f.path[1]), term, ox.DefaultGraph()))
            else:
                result.remove(ox.Quad(node, ox.NamedNode(f.path[0]), term, ox.DefaultGraph()))
        for term in parsed.get(f.key, []):
            _add(result, node, f, term)
    if new:
        typed_by_field = any(f.path == (str(RDF.type),) for f in form.fields)
        for type_iri in (() if typed_by_field else (form.classes[0],)) + form.also_types:
            result.add(ox.Quad(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(type_iri), ox.DefaultGraph()))
    _drop_empty_addresses(result, node)
    return result


def _add(store: ox.Store, node: ox.NamedNode, f: Field, term: object) -> None:
    value = _ox(term)
    if len(f.path) == 1:
        store.add(ox.Quad(node, ox.NamedNode(f.path[0]), value, ox.DefaultGraph()))
        return
    holders = _objects(store, node, f.path[0])
    holder = holders[0] if holders else ox.BlankNode()
    if not holders:
        store.add(ox.Quad(node, ox.NamedNode(f.path[0]), holder, ox.DefaultGraph()))
        store.add(
            ox.Quad(holder, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SCHEMA.PostalAddress)), ox.DefaultGraph())
        )
    store.add(ox.Quad(holder, ox.NamedNode(f.path[1]), value, ox.DefaultGraph()))


def _drop_empty_addresses(store: ox.Store, node: ox.NamedNode) -> None:
    """An address node left with nothing but its type is removed."""
    for holder in _objects(store, node, str(SCHEMA.address)):
        if not isinstance(holder, ox.BlankNode):
            continue
        props = {q.predicate.value for q in store.quads_for_pattern(holder, None, None, ox.DefaultGraph())}
        if props <= {str(RDF.type)}:
            for quad in list(store.quads_for_pattern(holder, None, None, ox.DefaultGraph())):
                store.remove(quad)
            store.remove(ox.Quad(node, ox.NamedNode(str(SCHEMA.address)), holder, ox.DefaultGraph()))


def _ox(term: object) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def remove_record(content: ox.Store, subject: str) -> ox.Store:
    """``content`` without ``subject``, its blank nodes and its ``<subject>/…`` parts."""
    result = ox.Store()
    node = ox.NamedNode(subject)
    blanks = {
        q.object
        for q in content.quads_for_pattern(node, None, None, ox.DefaultGraph())
        if isinstance(q.object, ox.BlankNode)
    }
    result.bulk_extend(
        q
        for q in content
        if q.subject != node and q.subject not in blanks and not q.subject.value.startswith(subject + "/")
    )
    return result
