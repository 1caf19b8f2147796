"""Expected members of networks: rules read from a TOML file (shipped default or the user's own)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph_service.core.errors import InputError
from graph_service.core.settings import get_settings

DEFAULT_FILE = Path(__file__).with_name("expectations.toml")
ACTOR_TYPE = "https://w3id.org/bildungsgraph/vocab/akteurstyp/"


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


def load_expectations(path: Path | None = None) -> list[NetworkExpectation]:
    """The rules of ``path`` (default: setting ``gap_expectations_file`` or the shipped file)."""
    path = path or get_settings().gap_expectations_file or DEFAULT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExpectationsError(f"{path}: {error}") from error
    return [_rule(path, number, rule) for number, rule in enumerate(data.get("network", []), start=1)]


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
