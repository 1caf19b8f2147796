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

    # public pages and protocols (issue 17: hardening of pages, graph store, catalogue)

    # imports (issues 17 and 21: file limits, mapping language)

    # county and gaps (issue 19)

    # map and search (issue 19)

    # diagrams (issue 20)

    # workspace (issue 18: accounts, sessions, drafts)
    workspace_path: Path | None = Field(
        None, description="Folder of accounts, sources, versions and drafts (default: <store_path>-workspace)."
    )
    session_secret: str | None = Field(
        None, description="Key that signs session cookies (default: random per process; set it to keep sign-ins)."
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

    def workspace_folder(self) -> Path:
        """Where the workspace keeps its files (next to the store)."""
        if self.workspace_path is not None:
            return self.workspace_path
        return self.store_path.parent / f"{self.store_path.name}-workspace"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached)."""
    return Settings()
