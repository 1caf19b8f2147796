"""Workspace benchmark: upload -> preview and -> commit over HTTP, and the re-evaluation of the saved queries.

1. A live service (uvicorn in this process) on a fresh store; an admin signs in as a browser would and
   - uploads a 1,000-row actor sheet (template ``vorlage-akteure``, German CSV): time until the preview page is
     there (read, gate, diff against the source, page) and until the commit has landed (gate again, write,
     version kept);
   - uploads the Destatis register (``../shared/data/raw/destatis_gv_auszug``, ~16,000 rows, mapping
     ``destatis-gv``) into a source of its own: the same two times.
2. For each landscape size (``scripts/synthetic_landscape.py``): after a write, the time the warmer needs to
   re-evaluate every saved competency and gap query, the whole-store gap report (de, en) and the VoID statistics
   (``graph_service.workspace.warmup``), and the five slowest parts.

Run: ``python -m scripts.bench_workspace [--rows 1000] [--sizes 100000,1000000] [--skip-register]``
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import httpx
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph_service.accounts import Accounts
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.result_cache import ResultCache
from graph_service.workspace import Registry, Source
from graph_service.workspace.warmup import Warmer
from scripts.synthetic_landscape import write as write_landscape
from tests.support.live_server import live_server

REPO = Path(__file__).resolve().parents[1]
REGISTER = REPO.parent / "shared" / "data" / "raw" / "destatis_gv_auszug" / "AuszugGV4QAktuell.csv"
PASSWORD = "bench-bench-bench"
HEADER = (
    "Kennung;Name;Akteurstyp;Übergeordnete Organisation (Kennung);Träger (Kennung);Straße und Hausnummer;PLZ;Ort;"
    "Gemeinde (AGS);Telefon;E-Mail;Webseite;Beschreibung"
)
TYPES = ["Kita", "Grundschule", "Volkshochschule", "Bibliothek", "Sportverein", "Jugendamt", "Musikschule"]
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def actor_sheet(rows: int) -> bytes:
    lines = [HEADER] + [
        f"bench-{n};Einrichtung {n};{TYPES[n % len(TYPES)]};;;Straße {n};01662;Meißen;14627140;;;;Beispieldaten"
        for n in range(rows)
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


class Client:
    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=True, timeout=3600)
        self.token = ""

    def _keep(self, response: httpx.Response) -> httpx.Response:
        found = _CSRF.search(response.text)
        self.token = found[1] if found else self.token
        return response

    def get(self, path: str) -> httpx.Response:
        return self._keep(self.http.get(path))

    def post(self, path: str, data: dict | None = None, files: dict | None = None) -> httpx.Response:
        return self._keep(self.http.post(path, data={"csrf_token": self.token, **(data or {})}, files=files))


def upload_and_commit(client: Client, source: str, name: str, body: bytes) -> tuple[float, float, str]:
    client.get(f"/arbeitsbereich/quellen/{source}")
    started = time.perf_counter()
    preview = client.post(f"/arbeitsbereich/quellen/{source}/hochladen", files={"file": (name, body)})
    to_preview = time.perf_counter() - started
    action = re.search(r'action="(/arbeitsbereich/vorschau/[0-9a-f]+/uebernehmen)"', preview.text)
    if not action:
        raise SystemExit(f"no preview for {name}: {preview.text[:2000]}")
    started = time.perf_counter()
    done = client.post(action[1], {"publish": "1"})
    to_commit = time.perf_counter() - started
    flash = re.findall(r'class="flash[^"]*"[^>]*>([^<]+)', done.text)
    summary = re.search(r"<strong>(\d+)</strong> neu", " ".join(preview.text.split()))
    return to_preview, to_commit, f"{summary[1] if summary else '?'} neu; {flash[:1]}"


def bench_uploads(rows: int, register: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-ws-") as folder:
        settings = Settings(store_path=Path(folder) / "store", rewarm_after_write=False, _env_file=None)
        Accounts(settings.workspace_folder() / "accounts.sqlite").add("admin@bench.example", PASSWORD, ["admin"])
        registry = Registry(settings.workspace_folder() / "workspace.sqlite")
        account = Accounts(settings.workspace_folder() / "accounts.sqlite").by_login("admin@bench.example")
        registry.add_source(Source("akteure", "Akteure", account.id, "vorlage-akteure", "public", "CC-BY-4.0", 0))
        registry.add_source(Source("register", "Gemeindeverzeichnis", account.id, "destatis-gv", "public", "dl-de", 0))
        store = EmbeddedStore(settings.store_path)
        with live_server(settings, store) as url:
            client = Client(url)
            client.get("/arbeitsbereich/anmelden")
            client.post("/arbeitsbereich/anmelden", {"login": "admin@bench.example", "password": PASSWORD})
            print(f"{'upload':<36} {'to preview':>11} {'to commit':>10}  result")
            p, c, note = upload_and_commit(client, "akteure", "akteure.csv", actor_sheet(rows))
            print(f"{f'{rows:,}-row actor sheet (first)':<36} {p:>10.2f}s {c:>9.2f}s  {note}")
            p, c, note = upload_and_commit(
                client, "akteure", "akteure.csv", actor_sheet(rows).replace(b"Einrichtung 7;", b"Einrichtung sieben;")
            )
            print(f"{f'{rows:,}-row actor sheet (1 edit)':<36} {p:>10.2f}s {c:>9.2f}s  {note}")
            if register and REGISTER.is_file():
                lines = REGISTER.read_bytes().count(b"\n") - 1
                p, c, note = upload_and_commit(client, "register", REGISTER.name, REGISTER.read_bytes())
                print(f"{f'Destatis register ({lines:,} rows)':<36} {p:>10.2f}s {c:>9.2f}s  {note}")
            elif register:
                print(f"register skipped: {REGISTER} not found")
        store.close()


def bench_rewarm(size: int, skip: set[str]) -> None:
    """Load a landscape, write once more, then time each part of the warmer's round (printed as it goes)."""
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as folder:
        data = Path(folder) / "landscape.nt"
        triples = write_landscape(data, size)
        store = EmbeddedStore(Path(folder) / "store", result_cache=ResultCache(128 * 2**20), query_slots=4)
        started = time.perf_counter()
        store.replace_graph(URIRef("https://w3id.org/bildungsgraph/id/graph/landscape"), data)
        loaded = time.perf_counter() - started
        settings = Settings(store_path=Path(folder) / "store", _env_file=None)
        extra = Graph()
        extra.parse(data=f'<{settings.base_iri}actor/bench-x> <{RDFS.label}> "X"@de .', format="nt")
        store.replace_graph(URIRef(f"{settings.base_iri}graph/bench-write"), extra)
        print(f"{triples:>9,} triples, loaded in {loaded:.1f}s; after one more write, the warmer's parts:", flush=True)
        total, times = 0.0, {}
        for name, task in Warmer(store, settings).tasks():
            if name in skip:
                print(f"  {name:<42} skipped", flush=True)
                continue
            started = time.perf_counter()
            task()
            times[name] = time.perf_counter() - started
            total += times[name]
            print(f"  {name:<42} {times[name]:8.2f}s", flush=True)
        slow = sorted(times.items(), key=lambda kv: -kv[1])[:5]
        print(
            f"  re-evaluation after a write: {total:.2f}s over {len(times)} parts; slowest: "
            + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in slow),
            flush=True,
        )
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--sizes", default="100000", help="landscape sizes for the re-evaluation, comma separated")
    parser.add_argument("--skip-register", action="store_true")
    parser.add_argument("--skip-uploads", action="store_true")
    parser.add_argument("--skip", default="", help="warmer parts to leave out (comma separated), e.g. a slow query")
    args = parser.parse_args()
    if not args.skip_uploads:
        bench_uploads(args.rows, not args.skip_register)
    for size in [int(s) for s in args.sizes.split(",") if s]:
        bench_rewarm(size, set(filter(None, args.skip.split(","))))


if __name__ == "__main__":
    main()
