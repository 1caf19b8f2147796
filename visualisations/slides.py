"""Presentation mode: the saved views of a view file played as slides in ONE offline HTML file, or printed to PDF.

Nodes keep their place from slide to slide (one layout for all views, stored next to the view file), the legend
is always visible, each slide may carry presenter notes (key N shows them, P opens a presenter window), and the
talk is driven with the arrow keys, Page Up/Down (presenter remotes) or the buttons. A compared view becomes a
before/after pair. The whole deck prints to PDF, one page per slide, with headless Chromium (the Debian package).
The format of the view file: docs/slides.md.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from graph_service.core.errors import InputError
from graph_service.network.build import Landscape, read_landscape
from graph_service.network.filters import FilterError
from graph_service.store.base import GraphStore
from visualisations import html
from visualisations.pipeline import scenes_for
from visualisations.scene import Scene
from visualisations.views import ViewFile, ViewFileError

#: Page size of the printed deck (CSS px; the slides are laid out for this viewport).
PDF_SIZE = (1920, 1080)
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--disable-dev-shm-usage")


class ChromiumMissing(InputError):
    """The PDF export needs headless Chromium, which is not installed or not found."""


def slide_scenes(land: Landscape, views: ViewFile) -> list[Scene]:
    """The scenes of the talk (a compared view gives two), laid out together.

    Raises
    ------
    ViewFileError : the file has no views, or a view does not fit the data (e.g. unknown ego actor).
    """
    where = str(views.path) if views.path else "?"
    if not views.views:
        raise ViewFileError(f"{where}: keine Ansichten.", f"{where}: no views to show.")
    try:
        return scenes_for(
            land,
            views.views,
            lang=views.lang,
            positions_path=views.positions_path,
            community_names=views.communities,
            slides=True,
        )
    except FilterError as exc:
        raise ViewFileError(f"{where}: {exc.message_de}", f"{where}: {exc.message_en}") from exc


def render_slides(land: Landscape, views: ViewFile) -> str:
    """The slide show as HTML text."""
    return html.render(slide_scenes(land, views), title=views.title, lang=views.lang, theme=views.theme, slides=True)


def find_chromium(configured: Path | None = None) -> Path:
    """The Chromium binary: ``configured``, else ``chromium`` / ``chromium-browser`` / ``google-chrome`` on PATH.

    Raises
    ------
    ChromiumMissing : none found.
    """
    if configured is not None and configured.exists():
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumMissing(
        "Für den PDF-Export fehlt Chromium.",
        "The PDF export needs Chromium.",
        fix_de="apt-get install chromium, oder BILDUNGSGRAPH_CHROMIUM_PATH setzen",
        fix_en="apt-get install chromium, or set BILDUNGSGRAPH_CHROMIUM_PATH",
    )


def print_pdf(page: Path, out: Path, *, chromium: Path | None = None, timeout_s: float = 120.0) -> Path:
    """Print a slide page (HTML written by :func:`render_slides`) to PDF, one page per slide.

    The page lays every slide out at :data:`PDF_SIZE` and turns itself into print pages when opened with
    ``#print``; Chromium's own ``--print-to-pdf`` writes them.

    Raises
    ------
    ChromiumMissing : no Chromium.
    InputError : Chromium failed or wrote nothing.
    """
    binary = find_chromium(chromium)
    width, height = PDF_SIZE
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-pdf-") as profile:
        command = [
            str(binary),
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=60000",
            f"--print-to-pdf={out.resolve()}",
            page.resolve().as_uri() + "#print",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise InputError("Chromium hat das PDF nicht rechtzeitig geschrieben.", "Chromium timed out.") from exc
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["?"]
        raise InputError(f"Chromium konnte das PDF nicht schreiben ({tail[0]}).", f"Chromium wrote no PDF ({tail[0]}).")
    return out


def write_slides(store: GraphStore, view_file: Path, out: Path, *, chromium: Path | None = None) -> Path:
    """Read the store and the view file, write the slide show to ``out`` (``.html``, or ``.pdf`` for print).

    Parameters
    ----------
    store : any graph store.
    view_file : YAML file of saved views (see docs/slides.md).
    out : the HTML or PDF file to write.
    chromium : the Chromium binary for PDF (default: found on PATH).

    Returns
    -------
    ``out``.

    Raises
    ------
    ViewFileError : the view file is invalid.
    ChromiumMissing : PDF wanted, no Chromium.
    """
    views = ViewFile.load(view_file)
    page = render_slides(read_landscape(store), views)
    if out.suffix.lower() != ".pdf":
        out.write_text(page, encoding="utf-8")
        return out
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-slides-") as tmp:
        source = Path(tmp) / "slides.html"
        source.write_text(page, encoding="utf-8")
        return print_pdf(source, out, chromium=chromium)
