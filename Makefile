# Two commands set everything up on a fresh clone:
#   make demo   creates .venv, installs emkg, builds the sample plans into ./kg-store, shows query results,
#               writes out/graph.html (who does what) and out/compare.html (the plans compared)
#   make test   creates .venv if needed, installs emkg with its dev extras, lints and runs the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test install lint browser clean

$(BIN)/kg: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/kg

demo: install
	$(BIN)/kg build data/samples --store $(STORE)
	$(BIN)/kg list --store $(STORE)
	$(BIN)/kg query --store $(STORE) --name hazards_by_plan
	mkdir -p out
	$(BIN)/kg viz --store $(STORE) -o out/graph.html
	$(BIN)/kg compare --store $(STORE) -o out/compare.html
	$(BIN)/kg query --store $(STORE) 'PREFIX emo: <https://w3id.org/emkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?agency (COUNT(?m) AS ?leads) WHERE { ?m emo:leadAgency ?a . ?a rdfs:label ?agency } GROUP BY ?agency ORDER BY DESC(?leads) LIMIT 10'

lint: install
	$(BIN)/ruff check kg tests scripts

# Headless Chromium and a CJK font for the browser tests, from Debian's packages (needs root; without
# them the browser tests are skipped with a reason).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; } || \
	  echo "chromium or a CJK font is missing and could not be installed: browser tests will be skipped"

test: install lint browser
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/python scripts/bench.py --quick --out $${TMPDIR:-/tmp}/emkg-bench-quick.json

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache
