"""Locate the ontology, shapes and other shipped files, from a source tree or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_REPO_ROOT = _PACKAGE_DIR.parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else _REPO_ROOT / name


def ontology_dir() -> Path:
    """Folder with the ontology and SKOS concept schemes (Turtle)."""
    return _data_dir("ontology")


def shapes_dir() -> Path:
    """Folder with the SHACL shapes (Turtle)."""
    return _data_dir("shapes")


def queries_dir() -> Path:
    """Folder with the saved SPARQL queries (competency and gap queries)."""
    return _PACKAGE_DIR / "queries"
