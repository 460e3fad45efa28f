# Thin wrappers; everything real lives in scripts/ and the services' CLIs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := .uv/bin/uv
HONCHO := $(VENV)/bin/honcho
APT_RUN := mkcert espeak-ng
APT_SCALE := postgresql redis-server
APT_TEST := chromium fonts-dejavu-core $(APT_SCALE)

.PHONY: run test setup venv certs env db voices demo lint fc bench audit clean-data

run: setup
	@$(HONCHO) run $(PY) -m idp demo-voters
	@$(HONCHO) run $(PY) -m voting_rp demo-codes
	@echo "Portail Élections : https://localhost:5001   Espace de vote : https://localhost:5003"
	@echo "FranceConnect (simulateur) : https://localhost:5002/api/v2   Console : https://localhost:5002/console"
	@echo "Boîte de réception (devbox) : https://localhost:5004"
	@echo "Autorité de certification locale : var/tls/ca/rootCA.pem (à importer dans votre navigateur si besoin)"
	$(HONCHO) start -f Procfile

test: setup
	@scripts/apt-deps.sh $(APT_TEST)
	@$(PY) scripts/audit.py
	$(PY) -m pytest $(PYTEST_ARGS)

audit: venv
	$(PY) scripts/audit.py

setup: venv certs env voices db

venv: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || scripts/apt-deps.sh python3-venv
	@scripts/apt-deps.sh $(APT_RUN)
	@test -x $(UV) || ($(PYTHON) -m venv .uv && .uv/bin/pip install -q uv==0.13.9)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

certs:
	@scripts/certs.sh

env:
	@$(PY) scripts/dev_env.py

db:
	@$(HONCHO) run $(PY) -m idp migrate
	@$(HONCHO) run $(PY) -m idp init-keys
	@$(HONCHO) run $(PY) -m idp register-voting-space
	@$(HONCHO) run $(PY) -m idp seed-demo
	@$(HONCHO) run $(PY) -m voting_rp migrate
	@$(HONCHO) run $(PY) -m voting_rp seed-demo
	@$(HONCHO) run $(PY) -m franceconnect_mock migrate
	@$(HONCHO) run $(PY) -m franceconnect_mock seed
	@$(HONCHO) run $(PY) -m voting_rp ceremony --if-missing --holders "Présidente,Assesseur,Délégué" --threshold 2 --out var/ceremony

# Load bench (docs/performance.md): the same set-up as `make test` minus Chromium; BENCH_QUICK=1
# for a short version. Writes var/bench/report.md and report.json, prints the targets of issue 13
# and fails when one is missed (BENCH_NO_TARGETS=1 to skip the verdict).
bench: setup
	@scripts/apt-deps.sh $(APT_SCALE)
	$(PY) -m bench

voices:
	@$(HONCHO) run $(PY) -m shared.captcha.voices var/captcha-voices

fc: venv certs env
	$(HONCHO) run $(PY) -m franceconnect_mock seed
	$(HONCHO) run $(PY) -m franceconnect_mock serve

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

clean-data:
	rm -rf var/*.db var/*.db-wal var/*.db-shm var/demo-voters.json var/ceremony var/election var/results.json var/empreintes-comptees.txt
