# bildungsgraph — two commands do everything: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE ?= var/demo-store
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv lint docs bench bench-import bench-network clean demo-load

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo-load: $(STAMP)
	$(BIN)/bildungsgraph demo --store $(DEMO_STORE)

demo: demo-load
	$(BIN)/bildungsgraph user demo-admin --store $(DEMO_STORE)
	BILDUNGSGRAPH_COUNTY=$${BILDUNGSGRAPH_COUNTY:-01001} $(BIN)/bildungsgraph serve --store $(DEMO_STORE) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

docs: $(STAMP)
	$(BIN)/python -m graph_service.publish.ontology_docs docs/ontology

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m scripts.bench_endpoint

bench-import: $(STAMP)
	$(BIN)/python -m scripts.bench_import

bench-network: $(STAMP)
	$(BIN)/python -m scripts.bench_network --screenshot bench/results

clean:
	rm -rf $(VENV) var build dist .pytest_cache .ruff_cache
