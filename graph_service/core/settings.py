"""Settings of bildungsgraph (environment variables with prefix ``BILDUNGSGRAPH_``, or a ``.env`` file)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def env_file() -> str | None:
    """The settings file: ``.env`` unless ``BILDUNGSGRAPH_ENV_FILE`` names another one, or none when it is empty
    (the test suite sets it empty, so a developer's ``.env`` never changes a test)."""
    return os.environ.get("BILDUNGSGRAPH_ENV_FILE", ".env") or None


class Settings(BaseSettings):
    """All knobs in one place; injected with ``Depends(get_settings)`` and overridden in tests."""

    model_config = SettingsConfigDict(env_prefix="BILDUNGSGRAPH_", env_file=env_file(), extra="ignore")

    # identity
    base_iri: str = Field("https://w3id.org/bildungsgraph/id/", description="Base IRI of instance data.")

    # store: embedded (pyoxigraph on disk) unless an endpoint is given
    store_path: Path = Field(Path("var/store"), description="Folder of the embedded Oxigraph store.")
    endpoint: str | None = Field(None, description="SPARQL 1.1 query endpoint of a remote store.")
    update_endpoint: str | None = Field(None, description="SPARQL 1.1 update endpoint (defaults to endpoint).")
    graph_store_endpoint: str | None = Field(None, description="Graph Store HTTP Protocol endpoint.")
    endpoint_user: str | None = None
    endpoint_password: str | None = None
    endpoint_auth: Literal["basic", "digest"] = "basic"

    # service
    query_timeout_s: float = Field(30.0, description="Wall-clock limit of one SPARQL query.")
    result_row_cap: int = Field(10_000, description="Maximum rows of one SELECT result over HTTP.")
    result_cache_mb: int = Field(
        128, ge=0, description="Memory for query results kept until the next write (embedded store; 0 = off)."
    )
    query_slots: int = Field(
        4, ge=1, description="Queries evaluated at once on the embedded store; more wait, within the time limit."
    )
    max_query_bytes: int = Field(100_000, description="Maximum size of a SPARQL query text.")
    update_token: str | None = Field(None, description="Bearer token that allows updates; unset = read-only.")
    default_language: Literal["de", "en"] = "de"

    # gap analysis thresholds
    low_coverage_ratio: float = Field(
        0.5, gt=0, le=1, description="A coverage rate below this share of the category's median counts as low."
    )
    gap_expectations_file: Path | None = Field(
        None, description="TOML file of expected network members (default: graph_service/gaps/expectations.toml)."
    )

    # query execution (issue 17: query gate, stoppable queries, federation policy)
    query_execution: Literal["workers", "in-process"] = Field(
        "workers",
        description="Where /sparql queries run: worker processes killed at the time limit (embedded store on disk),"
        " or threads of the service (cannot be stopped; for comparison and in-memory stores).",
    )
    query_workers_max: int = Field(
        8, ge=1, description="Query worker processes at most, slow (niced) ones included: bounds memory."
    )
    query_slow_after_s: float = Field(
        2.0,
        gt=0,
        description="A query running longer while another waits for a slot is niced and gives its slot to that one.",
    )
    query_memory_mb: int = Field(
        2048, ge=0, description="Address-space limit of one query worker in MiB (RLIMIT_AS; 0 = none)."
    )
    query_max_nesting: int = Field(200, ge=1, description="Deepest nesting of { ( [ the query gate lets through.")
    query_max_operators: int = Field(
        1000, ge=1, description="Most operators and keywords in one query or update (VALUES data not counted)."
    )
    federation_allow_list: list[str] = Field(
        default_factory=list,
        description="Endpoint IRIs that SERVICE may call and LOAD may read (exactly these; JSON list in the"
        " environment). Empty: no federation, and query workers run without network.",
    )

    # public pages and protocols (issue 17: hardening of pages, graph store, catalogue)
    catalog_area_key: str | None = Field(
        None,
        pattern=r"^(\d{2}|\d{5}|\d{8}|\d{12})$",
        description="Amtlicher Schlüssel of the publishing area for /catalog (2 digits Land, 5 Kreis, 8 Gemeinde or"
        " the 12-digit ARS); it gives dcatde:politicalGeocodingURI/LevelURI and the default contributorID. Unset:"
        " the longest key prefix shared by every municipality in the store.",
    )
    catalog_contributor_id: str | None = Field(
        None,
        description="dcatde:contributorID (an IRI of http://dcat-ap.de/def/contributors/) that GovData assigned to"
        " the portal delivering /catalog. Unset: the Land's portal of the area, else .../contributors/govData.",
    )
    catalog_political_geocoding_uri: str | None = Field(
        None, description="dcatde:politicalGeocodingURI of every dataset (overrides the one from the area key)."
    )
    catalog_political_geocoding_level: (
        Literal["international", "european", "federal", "state", "administrativeDistrict", "municipality"] | None
    ) = Field(None, description="dcatde:politicalGeocodingLevelURI (its last part); unset: from the area key.")
    catalog_landing_page: str | None = Field(
        None,
        description="The publisher's web page about the data (the catalogue's foaf:homepage and the landing page of"
        " datasets whose source names none). Unset: this service's start page and the dataset's own page.",
    )
    catalog_licences: dict[str, str] = Field(
        default_factory=dict,
        description="Recorded licence (IRI or name) -> DCAT-AP.de licence IRI (http://dcat-ap.de/def/licenses/…),"
        " over the built-in mapping; JSON object in the environment.",
    )

    # imports (issues 17 and 21: file limits, mapping language)
    import_max_bytes: int = Field(
        100 * 2**20,
        ge=1,
        description="Largest input file in bytes, uncompressed (XLSX: the sum of the sizes in its zip directory).",
    )
    import_max_rows: int = Field(1_000_000, ge=1, description="Most data rows (or JSON items) of one input file.")
    import_max_cell_chars: int = Field(
        100_000, ge=1, description="Longest cell in characters; a longer cell makes its row unreadable."
    )
    import_max_json_depth: int = Field(64, ge=1, description="Deepest nesting of arrays and objects in a JSON file.")

    # county and gaps (issue 19)
    county: str | None = Field(
        None,
        pattern=r"^\d{2,5}$",
        description="AGS of the county (or Land) the service is about: default area of /gaps/ and /karte/.",
    )

    # map and search (issue 19)
    search_wait_s: float = Field(
        2.0,
        ge=0,
        description="After a write, how long a search waits for the rebuilt index before the previous one answers "
        "(marked as not yet up to date).",
    )
    map_tile_url: str | None = Field(
        None,
        description="Tile layer under the map, e.g. https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/"
        "de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png (online deployments only; "
        "unset = no request leaves the server).",
    )
    map_tile_attribution: str = Field("", description="Attribution of the tile layer, shown with the map.")

    # diagrams (issue 20)
    chromium_path: Path | None = Field(
        None, description="Chromium binary for the PDF export of slides (default: chromium on PATH)."
    )

    # workspace (issue 18: accounts, sessions, drafts)
    workspace_path: Path | None = Field(
        None, description="Folder of accounts, sources, versions and drafts (default: <store_path>-workspace)."
    )
    session_secret: str | None = Field(
        None, description="Key that signs session cookies (default: random per process; set it to keep sign-ins)."
    )
    upload_keep_days: float = Field(
        7,
        ge=0,
        description="Uploaded files that were never committed are deleted after this many days (committed ones at "
        "once: the versions keep their data, and a sheet may hold personal data the mapping leaves out).",
    )
    session_idle_s: int = Field(1800, ge=1, description="A session ends after this many seconds without a request.")
    session_max_s: int = Field(8 * 3600, ge=1, description="A session ends this many seconds after sign-in.")
    session_https_only: bool = Field(False, description="Send the session cookie over HTTPS only.")
    login_max_failures: int = Field(5, ge=1, description="Wrong passwords per account name before a pause.")
    login_max_failures_ip: int = Field(20, ge=1, description="Wrong passwords per client address before a pause.")
    login_window_s: int = Field(900, ge=1, description="Window (and pause) of the login throttle, in seconds.")
    service_url: str | None = Field(
        None, description="URL of the running service the CLI sends writes to (default: the one holding the store)."
    )
    rewarm_after_write: bool = Field(True, description="Re-evaluate saved queries in the background after a write.")

    def for_store(self, store: Path | None) -> Settings:
        """These settings with the store folder given on the command line (``--store``), so that everything kept
        next to the store (the workspace with its accounts) is found next to that folder."""
        return self if store is None else self.model_copy(update={"store_path": Path(store)})

    def workspace_folder(self) -> Path:
        """Where the workspace keeps its files (next to the store)."""
        if self.workspace_path is not None:
            return self.workspace_path
        return self.store_path.parent / f"{self.store_path.name}-workspace"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached)."""
    return Settings()
