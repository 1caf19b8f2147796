"""How the preview writes values of the diff (N-Triples terms) as text a coordinator reads."""

from __future__ import annotations

import pytest

from graph_service.workspace.labels import term_text


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ('"Grundschule \\"Lütt Matten\\", Rostock"@de', 'Grundschule "Lütt Matten", Rostock'),  # was „LÃ¼tt“
        ('"Zeile 1\\nZeile 2 \\u00FCber"', "Zeile 1\nZeile 2 über"),
        ('"Straße ohne Escapes"@de', "Straße ohne Escapes"),
        ('"2026-09-01"^^<http://www.w3.org/2001/XMLSchema#date>', "01.09.2026"),
    ],
)
def test_literals_read_as_written(term: str, text: str) -> None:
    assert term_text(term, {}) == text
