"""schemathesis over the service's OpenAPI description: no route answers 5xx, whatever the client sends.

Every operation of ``/openapi.json`` (reads and the token-guarded writes: every request carries the update token)
gets a bounded number of generated requests against the app over the small service landscape (ontology and
``tests/resources/service/landscape.ttl`` in an on-disk store of its own: the write routes run too). The check:
no 5xx (a client's mistake is 4xx); statuses are counted and printed.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app
from tests.service.conftest import load_landscape

TOKEN = "fuzz-token"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))  # per operation: ~6 s; FUZZ_EXAMPLES=100 for a deep run


@pytest.fixture(scope="module")
def app_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    folder = tmp_path_factory.mktemp("fuzz") / "store"
    store = EmbeddedStore(folder)
    load_landscape(store)
    app = create_app(Settings(store_path=folder.parent, update_token=TOKEN, _env_file=None), store)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


def _fuzz(operation: schemathesis.APIOperation, statuses: Counter[int], failures: list[str]) -> None:
    """``EXAMPLES`` generated requests to one operation; 5xx answers go to ``failures``."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        try:
            response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
        except Exception as exc:  # noqa: BLE001 - over ASGI an unhandled error arrives as the exception: a 500
            statuses[500] += 1
            failures.append(f"{operation.label}: 500 ({exc!r}) for {case.as_curl_command()}")
            return
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{operation.label}: {response.status_code} for {case.as_curl_command()}")

    run()


def test_no_route_answers_5xx(app_schema: schemathesis.BaseSchema) -> None:
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in app_schema.get_all_operations()]
    untried = []
    for operation in operations:
        before = sum(statuses.values())
        _fuzz(operation, statuses, failures)
        if sum(statuses.values()) == before:
            untried.append(operation.label)
    print(f"schemathesis: {len(operations)} operations, {sum(statuses.values())} requests, statuses {dict(statuses)}")
    assert len(operations) >= 50 and untried == []
    assert failures == [], "\n".join(failures[:20])


def test_the_fuzzing_finds_a_route_that_fails() -> None:
    """The same loop over an app with one broken route reports that route (so the test above can fail)."""
    app = FastAPI()

    @app.get("/fine")
    async def fine(n: int = 0) -> dict[str, int]:
        return {"n": n}

    @app.get("/broken")
    async def broken(n: int = 0) -> dict[str, float]:
        return {"n": 1 / (n - n)}  # ZeroDivisionError: a server error for every request

    statuses: Counter[int] = Counter()
    failures: list[str] = []
    for result in schemathesis.openapi.from_asgi("/openapi.json", app).get_all_operations():
        _fuzz(result.ok(), statuses, failures)
    assert failures and all(f.startswith("GET /broken: 500") for f in failures)
    assert statuses[200] >= 1


def test_every_operation_has_its_own_id(app_schema: schemathesis.BaseSchema) -> None:
    """OpenAPI asks for unique operationIds; GET and HEAD of one route used to share one (FastAPI warned 30 times)."""
    ids = Counter(
        operation["operationId"]
        for path in app_schema.raw_schema["paths"].values()
        for method, operation in path.items()
        if method in {"get", "head", "post", "put", "delete", "patch"}
    )
    assert sum(ids.values()) >= 50
    assert [name for name, count in ids.items() if count > 1] == []
