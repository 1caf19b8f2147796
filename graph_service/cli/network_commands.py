"""CLI commands ``network`` (one view to HTML/SVG/PNG/PDF/GEXF/GraphML/JSON), ``slides`` (a talk as HTML or PDF)
and ``communities`` (list and rename the communities of a saved view)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.service_client import reading_store
from graph_service.core.errors import BildungsgraphError
from graph_service.core.settings import get_settings
from graph_service.network import communities as comm
from graph_service.network.build import find_actor, read_landscape, simple_graph
from graph_service.network.filters import NetworkFilter
from graph_service.store.base import GraphStore, StoreError
from graph_service.store.factory import open_store
from visualisations.pipeline import FORMATS, OutputFormatError, scenes_for, write_view
from visualisations.slides import write_slides
from visualisations.views import Compare, View, ViewFile, ViewFileError

StoreOpt = Annotated[Path | None, typer.Option("--store", help="Folder of the embedded store (default: settings).")]
EndpointOpt = Annotated[str | None, typer.Option("--endpoint", help="SPARQL endpoint of a remote store instead.")]


@contextmanager
def _store(store_path: Path | None, endpoint: str | None) -> Iterator[GraphStore]:
    """Open the remote store, or the embedded one read-only (so it works next to a running service)."""
    settings = get_settings()
    if endpoint or (settings.endpoint and store_path is None):
        store = open_store(settings, endpoint=endpoint)
        try:
            yield store
        finally:
            store.close()
        return
    path = store_path or settings.store_path
    if not path.exists():
        raise typer.BadParameter(f"no store at {path}; load one first (bildungsgraph demo)", param_hint="--store")
    # the store directly, or a checkpoint made by the running service that holds it (never the live folder)
    with reading_store(path) as store:
        yield store


def _fail(exc: Exception, lang: str = "de") -> typer.Exit:
    """One readable message (German, or English with --lang en), no traceback; exit 2 (input) as the README says."""
    text = exc.describe(lang) if isinstance(exc, BildungsgraphError) else str(exc)
    typer.secho(f"{'Fehler' if lang != 'en' else 'Error'}: {text}", err=True, fg=typer.colors.RED)
    return typer.Exit(exc.exit_code if isinstance(exc, BildungsgraphError) else 2)


def network(
    out: Annotated[Path, typer.Option("-o", "--out", help=f"Output file: .{', .'.join(FORMATS)}")],
    store_path: StoreOpt = None,
    endpoint: EndpointOpt = None,
    area: Annotated[list[str], typer.Option("--area", help="AGS of a Kreis (5) or Gemeinde (8); repeatable.")] = [],  # noqa: B006
    life_phase: Annotated[list[str], typer.Option(help="Life phase slug or IRI; repeatable.")] = [],  # noqa: B006
    target_group: Annotated[list[str], typer.Option(help="Target group slug or IRI; repeatable.")] = [],  # noqa: B006
    actor_type: Annotated[list[str], typer.Option(help="Actor type slug or IRI; repeatable.")] = [],  # noqa: B006
    edge_kind: Annotated[
        list[str], typer.Option(help="cooperation, membership, operated_by, funding, responsibility.")
    ] = [],  # noqa: B006
    at: Annotated[dt.datetime | None, typer.Option("--at", formats=["%Y-%m-%d"], help="Valid on this day.")] = None,
    period_from: Annotated[dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"])] = None,
    period_to: Annotated[dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"])] = None,
    ego: Annotated[str | None, typer.Option(help="Only the neighbourhood of this actor (IRI or exact name).")] = None,
    depth: Annotated[int, typer.Option(min=1, max=3, help="Steps around --ego.")] = 1,
    projected: Annotated[
        bool, typer.Option(help="Members of a network linked with each other (clique) instead of network hub nodes.")
    ] = False,
    connected_only: Annotated[bool, typer.Option(help="Leave out actors without any link.")] = False,
    aggregate: Annotated[
        str | None, typer.Option(help="One node per group: sector, actor_type, municipality or community.")
    ] = None,
    drill: Annotated[str | None, typer.Option(help="Open one group of --aggregate (slug, IRI, AGS or name).")] = None,
    compare: Annotated[
        tuple[str, str] | None, typer.Option(help="Date A and date B (YYYY-MM-DD): new, ended, continuing links.")
    ] = None,
    label_by: Annotated[str | None, typer.Option(help="Metric that decides which names are shown first.")] = None,
    colour_by: Annotated[
        str, typer.Option(help="actor_type, sector, municipality, life_phase, target_group, community.")
    ] = "actor_type",
    size_by: Annotated[str, typer.Option(help="degree, betweenness, closeness, eigenvector, or 'none'.")] = "degree",
    highlight: Annotated[list[str], typer.Option(help="Actor IRI or name to emphasise; repeatable.")] = [],  # noqa: B006
    title: Annotated[str, typer.Option(help="Title shown above the network and in its legend.")] = "",
    caption: Annotated[str, typer.Option(help="Caption below the title.")] = "",
    view_file: Annotated[
        Path | None, typer.Option("--view", help="Take filters and looks from a saved view file.")
    ] = None,
    view_number: Annotated[int, typer.Option("--view-number", min=1, help="Which view of --view.")] = 1,
    positions: Annotated[Path | None, typer.Option(help="JSON of stored positions (reused and extended).")] = None,
    lang: Annotated[str, typer.Option(help="de or en.")] = "de",
    theme: Annotated[str, typer.Option(help="light or dark.")] = "light",
) -> None:
    """Draw one network view: actors and their cooperations, memberships, operating bodies, fundings, duties."""
    try:
        with _store(store_path, endpoint) as store:
            land = read_landscape(store)
        saved = ViewFile.load(view_file) if view_file else None
        if saved is not None:
            if view_number > len(saved.views):
                raise ViewFileError(
                    f"{view_file} hat {len(saved.views)} Ansichten, nicht {view_number}.",
                    f"{view_file} has {len(saved.views)} views, not {view_number}.",
                )
            view = saved.views[view_number - 1]
            lang, theme = saved.lang, saved.theme
            positions = positions or saved.positions_path
        else:
            flt = NetworkFilter(
                areas=area,
                life_phases=life_phase,
                target_groups=target_group,
                actor_types=actor_type,
                edge_kinds=edge_kind,
                at_date=at.date() if at else None,
                period_start=period_from.date() if period_from else None,
                period_end=period_to.date() if period_to else None,
                ego=find_actor(land, ego) if ego else None,
                depth=depth,
                mode="projected" if projected else "bipartite",
                connected_only=connected_only,
            )
            view = View(
                title=title,
                caption=caption,
                filters=flt,
                colour_by=colour_by,
                size_by=None if size_by == "none" else size_by,
                focus=flt.ego,
                highlight=[find_actor(land, h) for h in highlight],
                aggregate=aggregate,
                drill=drill,
                compare=Compare.from_mapping({"before": compare[0], "after": compare[1]}) if compare else None,
                label_by=label_by,
            )
        [scene] = scenes_for(
            land, [view], lang=lang, positions_path=positions, community_names=saved.communities if saved else None
        )
        write_view(scene, out, theme=theme)
    except (BildungsgraphError, OutputFormatError, StoreError, KeyError) as exc:
        raise _fail(exc, lang) from exc
    typer.echo(f"{out}: {scene.graph.number_of_nodes()} actors, {scene.graph.number_of_edges()} links")


def slides(
    views: Annotated[Path, typer.Argument(help="YAML file of saved views (docs/slides.md).")],
    out: Annotated[
        Path, typer.Option("-o", "--out", help="talk.html (offline slide show) or talk.pdf (one page per slide).")
    ],
    store_path: StoreOpt = None,
    endpoint: EndpointOpt = None,
    lang: Annotated[str, typer.Option(help="Language of error messages: de or en.")] = "de",
) -> None:
    """Play saved network views as slides in one offline HTML file (arrow keys, presenter remote), or print them."""
    try:
        with _store(store_path, endpoint) as store:
            write_slides(store, views, out, chromium=get_settings().chromium_path)
    except (BildungsgraphError, StoreError) as exc:
        raise _fail(exc, lang) from exc
    typer.echo(f"{out}: {len(ViewFile.load(views).views)} Ansichten / views")


def communities(
    views: Annotated[Path, typer.Argument(help="YAML file of saved views; renames are stored in it.")],
    view_number: Annotated[int, typer.Option("--view-number", min=1, help="Which view's communities.")] = 1,
    rename: Annotated[list[str], typer.Option(help="NUMBER=Name or KEY=Name; repeatable.")] = [],  # noqa: B006
    store_path: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """List the communities of a saved view, and rename them (names stay when the network is recomputed)."""
    try:
        saved = ViewFile.load(views)
        if not 1 <= view_number <= len(saved.views):
            raise ViewFileError(
                f"{views} hat {len(saved.views)} Ansichten, nicht {view_number}.",
                f"{views} has {len(saved.views)} views, not {view_number}.",
            )
        with _store(store_path, endpoint) as store:
            land = read_landscape(store)
        view = saved.views[view_number - 1]
        [scene] = scenes_for(
            land, [view], lang=saved.lang, positions_path=saved.positions_path, community_names=saved.communities
        )
        found = scene.communities or comm.apply_names(
            comm.detect(simple_graph(scene.graph), lang=saved.lang), saved.communities
        )
        for item in rename:
            target, _, name = item.partition("=")
            match = [c for c in found if str(c.index) == target.strip() or c.key == target.strip()]
            if not match or not name.strip():
                raise ViewFileError(
                    f"--rename „{item}“: erwartet NUMMER=Name oder SCHLÜSSEL=Name einer gelisteten Gemeinschaft.",
                    f"--rename {item!r}: expected NUMBER=Name or KEY=Name of a listed community",
                )
            saved.rename_community(match[0].key, name.strip(), match[0].members)
            match[0].name = name.strip()
        if rename:
            saved.save()
    except (BildungsgraphError, StoreError) as exc:
        raise _fail(exc) from exc
    degree = scene.metric_values.get("degree", {})
    for c in found:
        top = sorted(c.members, key=lambda n: (-degree.get(n, 0), n))[:3]
        names = ", ".join(land.labels.get(n, saved.lang) for n in top)
        typer.echo(f"{c.index:>3}  {c.name}  ({len(c.members)}: {names} …)  key={c.key}")


def register(app: typer.Typer) -> None:
    """Add ``network``, ``slides`` and ``communities`` to the bildungsgraph CLI."""
    app.command("network")(network)
    app.command("slides")(slides)
    app.command("communities")(communities)
