"""The query gate: one lexer scan decides nesting, operator chains, SERVICE/LOAD targets, the form and FROM.

The limits are checked against pyoxigraph itself: every shape that overflowed its stack when probed (nested
groups, nested calls, long BIND/MINUS/UNION chains …) is refused above the default limits, and the largest text
the gate lets through of each shape is evaluated in a child process that must survive (a stack overflow there
is a segfault, not an exception).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from graph_service.queries import list_queries
from graph_service.store.query_gate import GateLimits, QueryRefused, check, inspect, tokens

LIMITS = GateLimits()

# shapes that crashed pyoxigraph 0.5.13 when probed (thread with an 8 MiB stack), as text of size n
SHAPES: dict[str, Callable[[int], str]] = {
    "nested groups": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "nested parentheses": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER" + "(" * n + "?o" + ")" * n + "}",
    "nested calls": lambda n: "SELECT * WHERE { ?s ?p ?o BIND(" + "CONCAT(" * n + "?o" + ")" * n + " AS ?x) }",
    "nested EXISTS": lambda n: "SELECT * WHERE { ?s ?p ?o " + "FILTER EXISTS { " * n + "?s ?p ?o" + "}" * n + "}",
    "nested sub-selects": lambda n: "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{?s ?p ?o}" + "}" * n,
    "BIND chain": lambda n: "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND(1 AS ?b{i})" for i in range(n)) + "}",
    "MINUS chain": lambda n: "SELECT * WHERE { ?s ?p ?o " + " ".join(["MINUS {?s ?p ?o}"] * n) + "}",
    "UNION chain": lambda n: "SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * n) + "}",
    "+ chain": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * n) + ") }",
    "! chain": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * n + "?o) }",
}


def _largest_accepted(make: Callable[[int], str]) -> str:
    """The largest instance of a shape that passes the default limits (binary search on n)."""
    low, high = 1, 4_000
    while low < high:
        middle = (low + high + 1) // 2
        try:
            check(make(middle), LIMITS)
            low = middle
        except QueryRefused:
            high = middle - 1
    return make(low)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_probed_crash_sizes_are_refused(name: str) -> None:
    """3,000 nested braces and 5,000 nested parentheses (the issue's two) and every other probed crash size."""
    crash_size = {"nested groups": 3_000, "nested parentheses": 5_000}.get(name, 3_000)
    with pytest.raises(QueryRefused):
        check(SHAPES[name](crash_size), LIMITS)


def test_what_the_gate_lets_through_does_not_crash_pyoxigraph() -> None:
    """The largest accepted text of every shape, evaluated in one child process (in a thread, default stack)."""
    queries = [_largest_accepted(make) for make in SHAPES.values()]
    code = (
        "import sys, threading, pyoxigraph as ox\n"
        "store = ox.Store()\n"
        "def run():\n"
        "    for q in sys.stdin.read().split('\\0'):\n"
        "        result = store.query(q, use_default_graph_as_union=True)\n"
        "        list(result) if hasattr(result, '__iter__') else bool(result)\n"
        "    print('survived')\n"
        "t = threading.Thread(target=run); t.start(); t.join()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], input="\0".join(queries), capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0 and run.stdout.strip() == "survived", (run.returncode, run.stderr[-500:])


def test_refusal_names_the_limit_in_german_and_english() -> None:
    with pytest.raises(QueryRefused) as caught:
        check("SELECT * WHERE " + "{" * 300 + "}" * 300, LIMITS)
    assert "300 Ebenen" in caught.value.describe("de") and "200" in caught.value.describe("de")
    assert "nests 300 levels" in caught.value.describe("en")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "{{{{{{{{" }',  # braces in a string
        "SELECT * WHERE { ?s ?p ?o } # {{{{{{{{{{{{{{{{{",  # in a comment
        'SELECT * WHERE { ?s ?p """a " {{{{{{{{{{{ """ }',  # in a long string
        "SELECT * WHERE { ?s <http://e/#{> ?o }",  # not an IRI (a brace), so counted: stays shallow anyway
    ],
)
def test_brackets_inside_strings_and_comments_are_not_structure(text: str) -> None:
    assert inspect(text).max_nesting <= 2


def test_values_data_does_not_count_as_operators() -> None:
    values = " ".join(f"(<http://e/{i}> {i})" for i in range(5_000))
    shape = check(f"SELECT * WHERE {{ VALUES (?x ?n) {{ {values} }} ?x ?p ?n }}", LIMITS)
    assert shape.operators < 10


def test_the_saved_queries_pass_with_room_to_spare() -> None:
    shapes = [inspect(q.text) for q in list_queries()]
    assert max(s.operators for s in shapes) * 5 < LIMITS.max_operators
    assert max(s.max_nesting for s in shapes) * 10 < LIMITS.max_nesting


@pytest.mark.parametrize(
    ("text", "form"),
    [
        (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s ?p ?l }",
            "CONSTRUCT",
        ),
        ("# SELECT in a comment\nDESCRIBE <http://e/a>", "DESCRIBE"),
        ("prefix select: <http://e/> ask { ?s select:p ?o }", "ASK"),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "SELECT"),
        ("PREFIX e: <http://e/> INSERT DATA { e:a e:b 1 }", "UPDATE"),
    ],
)
def test_the_form_is_the_first_form_keyword_at_the_top_level(text: str, form: str) -> None:
    assert inspect(text).form == form


@pytest.mark.parametrize(
    ("text", "has_dataset"),
    [
        ("SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }", True),
        ("select * from named <http://e/g> { graph ?g { ?s ?p ?o } }", True),
        ("PREFIX from: <http://e/> SELECT * WHERE { ?s from:p ?from }", False),
        ("SELECT * WHERE { ?s ?p 'FROM <http://e/g>' }", False),
    ],
)
def test_a_dataset_clause_is_found_only_where_it_is_one(text: str, has_dataset: bool) -> None:
    assert inspect(text).has_dataset is has_dataset


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", "http://127.0.0.1:9/s"),
        ("select * where { service silent <http://127.0.0.1:9/s> { ?s ?p ?o } }", "http://127.0.0.1:9/s"),
        ("PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:a\\/b { ?s ?p ?o } }", "http://127.0.0.1:9/a/b"),
        ("BASE <http://127.0.0.1:9/> SELECT * WHERE { SERVICE <s> { ?s ?p ?o } }", "http://127.0.0.1:9/s"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1\\u003a9/s> { ?s ?p ?o } }", "http://127.0.0.1:9/s"),
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", None),
    ],
)
def test_service_targets_are_resolved_as_the_engine_resolves_them(text: str, target: str | None) -> None:
    assert inspect(text).services == [target]
    with pytest.raises(QueryRefused, match="SERVICE"):
        check(text, LIMITS)


def test_the_allow_list_opens_exactly_the_listed_endpoints() -> None:
    allowed = GateLimits(allowed_remote=frozenset({"https://query.example.org/sparql"}))
    check("SELECT * WHERE { SERVICE <https://query.example.org/sparql> { ?s ?p ?o } }", allowed)
    for other in ("https://query.example.org/sparql/", "https://query.example.org/other", "http://127.0.0.1/"):
        with pytest.raises(QueryRefused):
            check(f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}", allowed)
    with pytest.raises(QueryRefused):
        check("SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }", allowed)


def test_load_from_file_is_refused_even_when_listed() -> None:
    listed = GateLimits(allowed_remote=frozenset({"file:///etc/passwd"}))
    with pytest.raises(QueryRefused, match="LOAD"):
        check("LOAD <file:///etc/passwd> INTO GRAPH <http://e/g>", listed)


def test_a_hash_inside_an_iri_is_not_a_comment() -> None:
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l }"
    kinds = [t.kind for t in tokens(text)]
    assert kinds[:3] == ["word", "pname", "iri"] and "comment" not in kinds
    assert inspect(text).form == "SELECT"
