"""What the gap analysis expects, read from a TOML file (shipped default or the user's own):
members of networks (``[[network]]``) and, per municipality size class, life phases, target groups, offer types
and actor types (``[[size_class]]``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph_service.core.errors import InputError
from graph_service.core.settings import get_settings

DEFAULT_FILE = Path(__file__).with_name("expectations.toml")
VOCAB = "https://w3id.org/bildungsgraph/vocab/"
ACTOR_TYPE = VOCAB + "akteurstyp/"
#: TOML key of a size class -> concept scheme of its list
SCHEMES = {
    "life_phases": "lebensphase",
    "target_groups": "zielgruppe",
    "offer_types": "angebotsart",
    "actor_types": "akteurstyp",
}


class ExpectationsError(InputError, ValueError):
    """The expectations file is malformed (message names file and rule)."""


@dataclass(frozen=True)
class NetworkExpectation:
    """A network whose name or topic matches ``pattern`` should have a member of each of ``expected_types``."""

    name: str
    pattern: re.Pattern[str]
    expected_types: tuple[str, ...]

    def applies_to(self, *texts: str) -> bool:
        """True when any of ``texts`` (network name, topic) matches."""
        return any(self.pattern.search(text) for text in texts if text)


@dataclass(frozen=True)
class SizeClass:
    """Municipalities of at least ``min_population`` inhabitants: the concepts expected there (IRIs; ``None`` =
    every concept of the scheme)."""

    name: str
    min_population: int
    expected: dict[str, frozenset[str] | None]
    #: expected actor types as groups of alternatives ("weiterfuehrende-schule|gymnasium": either will do)
    actor_groups: tuple[tuple[str, ...], ...] = ()

    def expects(self, concept: str) -> bool:
        """True when ``concept`` (IRI of a life phase, target group, offer type or actor type) is expected."""
        for key, scheme in SCHEMES.items():
            if concept.startswith(f"{VOCAB}{scheme}/"):
                listed = self.expected.get(key)
                return listed is None or concept in listed
        return True


def _read(path: Path | None) -> tuple[Path, dict[str, object]]:
    path = path or get_settings().gap_expectations_file or DEFAULT_FILE
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExpectationsError(f"{path}: {error}") from error


def load_expectations(path: Path | None = None) -> list[NetworkExpectation]:
    """The network rules of ``path`` (default: setting ``gap_expectations_file`` or the shipped file)."""
    path, data = _read(path)
    rules = data.get("network", [])
    return [_rule(path, number, rule) for number, rule in enumerate(rules, start=1)]  # type: ignore[arg-type]


def load_size_classes(path: Path | None = None) -> list[SizeClass]:
    """The size classes of ``path``, largest first (a file without ``[[size_class]]``: nothing is expected to be
    missing, every category counts)."""
    path, data = _read(path)
    entries = data.get("size_class", [])
    classes = [_size_class(path, n, entry) for n, entry in enumerate(entries, start=1)]  # type: ignore[arg-type]
    return sorted(classes, key=lambda c: -c.min_population)


def size_class_of(population: object, classes: list[SizeClass]) -> SizeClass | None:
    """The class of a municipality with ``population`` inhabitants (None when unknown or no class fits)."""
    if not isinstance(population, int):
        return None
    return next((c for c in classes if population >= c.min_population), None)


def _size_class(path: Path, number: int, entry: dict[str, object]) -> SizeClass:
    where = f"{path}, [[size_class]] Nr. {number}"
    name, minimum = entry.get("name"), entry.get("min_population")
    if not isinstance(name, str) or not isinstance(minimum, int) or minimum < 0:
        raise ExpectationsError(f"{where}: 'name' (Text) und 'min_population' (ganze Zahl ≥ 0) sind nötig")
    expected: dict[str, frozenset[str] | None] = {}
    groups: tuple[tuple[str, ...], ...] = ()
    for key, scheme in SCHEMES.items():
        values = entry.get(key, ["*"])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ExpectationsError(f"{where}: '{key}' muss eine Liste von Texten sein (oder [\"*\"] für alle)")
        alternatives = [tuple(f"{VOCAB}{scheme}/{part.strip()}" for part in v.split("|")) for v in values]
        expected[key] = None if "*" in values else frozenset(iri for group in alternatives for iri in group)
        if key == "actor_types" and "*" not in values:
            groups = tuple(alternatives)
    return SizeClass(name, minimum, expected, groups)


def _rule(path: Path, number: int, rule: dict[str, object]) -> NetworkExpectation:
    where = f"{path}, [[network]] Nr. {number}"
    match, types = rule.get("match"), rule.get("expected_types")
    if not isinstance(match, str) or not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise ExpectationsError(f"{where}: 'match' (Text) und 'expected_types' (Liste von Texten) sind nötig")
    try:
        pattern = re.compile(match, re.IGNORECASE)
    except re.error as error:
        raise ExpectationsError(f"{where}: 'match' ist kein gültiger regulärer Ausdruck: {error}") from error
    return NetworkExpectation(str(rule.get("name", match)), pattern, tuple(ACTOR_TYPE + t for t in types))
