# nea-coop: the two commands are `make up` (the whole stack) and `make test` (the whole suite).
# Both install what is missing first: uv and the Python packages, Java and Maven (for the Kafka broker
# resolved from Maven Central), and Debian's PostgreSQL.

SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
TOOLS := .run/tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON := python3.11
export UV_PYTHON_DOWNLOADS := never
RUN := $(UV) run --frozen --no-sync
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
# The OpenAPI linter (Spectral, the `spectral:oas` ruleset), pinned with its lockfile in deploy/spectral.
SPECTRAL := $(TOOLS)/spectral/node_modules/.bin/spectral
# The Kubernetes manifests' validator (kubeconform, strict) and renderer (kustomize), built from their Go
# modules; the schemas come from the dev dependency kubernetes-validate (devstack.kubernetes).
KUBECONFORM_VERSION := v0.8.0
KUSTOMIZE_VERSION := v5.8.1
KUBECONFORM := $(TOOLS)/bin/kubeconform
KUSTOMIZE := $(TOOLS)/bin/kustomize
GO := $(or $(shell command -v go),/usr/local/go/bin/go)

.PHONY: help install console console-screenshot compose-tools compose-test test-containers up down status logs seed dead-letters replay-dead-letters quarantine reconcile chaos bench test test-alerts lint lint-openapi lint-k8s format asyncapi openapi client demo

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(UV):
	@command -v python3.11 >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q python3.11 python3.11-venv; }
	python3.11 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Only the tests need it (tests/test_openapi_lint.py), so `make up` does not install Node.
# `npm ci` installs exactly the lockfile; scripts are skipped, since none is needed to lint (one only
# reports installs to its vendor).
$(SPECTRAL): deploy/spectral/package.json deploy/spectral/package-lock.json
	@command -v npm >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q nodejs npm; }
	mkdir -p $(TOOLS)/spectral
	cp deploy/spectral/package.json deploy/spectral/package-lock.json $(TOOLS)/spectral/
	npm ci --prefix $(TOOLS)/spectral --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(SPECTRAL)

# The cooperation console's page (console/web): its npm packages exactly as console/web/package-lock.json
# pins them (scripts skipped: esbuild's only checks its binary, which npm installed as a dependency), and
# the bundle esbuild makes of them, which the console app serves (console/dist). esbuild's output is
# byte-for-byte the same for the same sources and versions, so the page is rebuilt on every call.
CONSOLE_WEB := console/web
CONSOLE_DIST := console/dist
ESBUILD := $(CONSOLE_WEB)/node_modules/.bin/esbuild
$(ESBUILD): $(CONSOLE_WEB)/package.json $(CONSOLE_WEB)/package-lock.json
	@command -v npm >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q nodejs npm; }
	npm ci --prefix $(CONSOLE_WEB) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(ESBUILD)

console: $(ESBUILD)  ## build the cooperation console's page into console/dist (`make up` and `make test` do)
	rm -rf $(CONSOLE_DIST).partial && mkdir -p $(CONSOLE_DIST).partial
	$(ESBUILD) $(CONSOLE_WEB)/src/main.js --bundle --format=esm --target=es2022 --minify \
	  --legal-comments=linked --outfile=$(CONSOLE_DIST).partial/console.js --log-level=warning
	cp $(CONSOLE_WEB)/index.html $(CONSOLE_WEB)/console.css $(CONSOLE_DIST).partial/
	rm -rf $(CONSOLE_DIST) && mv $(CONSOLE_DIST).partial $(CONSOLE_DIST)

# The browser test (tests/test_console_browser.py) drives Debian's chromium through Playwright; Playwright's
# own browser download is never used. The Noto CJK fonts draw the Korean, Japanese and Chinese labels of
# its screenshots (without them chromium draws boxes).
CHROMIUM := /usr/bin/chromium
CJK_FONTS := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
$(CHROMIUM):
	$(APT_GET) update -q && $(APT_GET) install -y -q chromium
$(CJK_FONTS):
	$(APT_GET) update -q && $(APT_GET) install -y -q fonts-noto-cjk

# Only the tests and `make lint-k8s` need them (tests/test_kubernetes_manifests.py). GOTOOLCHAIN=local:
# built by the Go at hand, never a toolchain downloaded for the purpose. Rebuilt when the Makefile (their
# version) changes; Go's build cache makes that quick.
$(KUBECONFORM): Makefile
	@test -x $(GO) || { echo "Go is needed to build kubeconform: install it, or set GO=/path/to/go"; exit 1; }
	GOBIN=$(abspath $(TOOLS)/bin) GOTOOLCHAIN=local $(GO) install github.com/yannh/kubeconform/cmd/kubeconform@$(KUBECONFORM_VERSION)
	touch $@

$(KUSTOMIZE): Makefile
	@test -x $(GO) || { echo "Go is needed to build kustomize: install it, or set GO=/path/to/go"; exit 1; }
	GOBIN=$(abspath $(TOOLS)/bin) GOTOOLCHAIN=local $(GO) install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)
	touch $@

# docker compose, for tests/test_compose_stack.py (`make compose-test`, and `make test`). Debian's docker.io
# is the engine (started by the test when none answers), debootstrap makes the base of the images that stand
# in for the official ones where no registry answers. Compose v2 is built from its Go module where no
# `docker compose` exists: `go install` refuses the module for its `exclude` directives, so it is built in
# a writable copy of it. Without Go, Debian's compose v1 (docker-compose) is the fallback.
COMPOSE_VERSION := v2.40.3
COMPOSE := $(TOOLS)/bin/docker-compose
# Built once per machine, outside the checkout, so that a clean clone (CI) finds it: Go's own module and build
# caches are per machine too.
COMPOSE_CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/nea-coop/docker-compose-$(COMPOSE_VERSION)
GO_ENV := GOFLAGS=-modcacherw GOTOOLCHAIN=local

$(COMPOSE_CACHE):
	@echo "building docker compose $(COMPOSE_VERSION) from its Go module (once per machine, a few minutes)"
	$(GO_ENV) $(GO) mod download github.com/docker/compose/v2@$(COMPOSE_VERSION)
	rm -rf $(TOOLS)/go/compose-src
	mkdir -p $(TOOLS)/go $(dir $(COMPOSE_CACHE))
	cp -r "$$($(GO_ENV) $(GO) env GOMODCACHE)/github.com/docker/compose/v2@$(COMPOSE_VERSION)" $(TOOLS)/go/compose-src
	chmod -R u+w $(TOOLS)/go/compose-src
	cd $(TOOLS)/go/compose-src && $(GO_ENV) CGO_ENABLED=0 $(GO) build -trimpath \
	  -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$(COMPOSE_VERSION)" \
	  -o $(COMPOSE_CACHE).partial ./cmd
	rm -rf $(TOOLS)/go/compose-src
	mv $(COMPOSE_CACHE).partial $(COMPOSE_CACHE)

$(COMPOSE): $(COMPOSE_CACHE)
	mkdir -p $(dir $(COMPOSE))
	cp $(COMPOSE_CACHE) $(COMPOSE)

compose-tools:  ## install the Docker engine, docker compose and debootstrap where missing
	@command -v dockerd >/dev/null && command -v docker >/dev/null || { \
	  echo "installing the Docker engine (Debian's docker.io)"; \
	  $(APT_GET) update -q && $(APT_GET) install -y -q docker.io; }
	@command -v debootstrap >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q debootstrap; }
	@docker compose version >/dev/null 2>&1 || [ -x $(COMPOSE) ] || { \
	  if [ -x $(GO) ]; then $(MAKE) --no-print-directory $(COMPOSE); \
	  else command -v docker-compose >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q docker-compose; }; fi; }

# Prometheus and promtool from Debian's package: promtool checks and unit-tests the alert rules
# (tests/test_alert_rules.py, tests/test_observability.py); `make up OBSERVE=1` runs Prometheus itself.
PROMTOOL := /usr/bin/promtool
$(PROMTOOL):
	$(APT_GET) update -q && $(APT_GET) install -y -q --no-install-recommends prometheus

install: $(UV)  ## install uv, the Python packages, Java, Maven and PostgreSQL where missing
	$(UV) sync --frozen --all-packages
	@command -v java >/dev/null && command -v mvn >/dev/null || { \
	  echo "installing Java and Maven (the Kafka broker runs from Maven Central's artifacts)"; \
	  $(APT_GET) update -q && $(APT_GET) install -y -q openjdk-17-jre-headless maven; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing PostgreSQL from Debian's packages"; \
	  $(APT_GET) update -q && $(APT_GET) install -y -q postgresql; }

# OBSERVE=1 also starts Prometheus on 127.0.0.1:9091 (NEACOOP_PROMETHEUS_PORT) with the alert rules.
up: install console $(if $(OBSERVE),$(PROMTOOL))  ## start Kafka, PostgreSQL, the four services and the console (OBSERVE=1: and Prometheus), and wait until all are ready
	$(RUN) python -m devstack up $(if $(OBSERVE),--observe)

down:  ## stop the services, Kafka and PostgreSQL started by `make up`
	@if [ -x $(UV) ]; then $(RUN) python -m devstack down; fi

seed:  ## import the reference members, mechanisms and issue areas into the `make up` stack (idempotent)
	$(RUN) python -m devstack seed

# The dead-letter tool reads the broker from the services' variable; `make up`'s port may have moved.
DLQ_ENV := NEACOOP_KAFKA_BOOTSTRAP_SERVERS=$${NEACOOP_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$${NEACOOP_KAFKA_PORT:-9092}}

# The outbox quarantine is in each service's database: `make up`'s, with the launcher's passwords
# (NEACOOP_DB_PASSWORD_<SERVICE>, else the service's name) and port (NEACOOP_PG_PORT, else 5433).
SERVICE_NAMES := registry meetings roadmap notifications
database_url = postgresql+asyncpg://$(1):$${NEACOOP_DB_PASSWORD_$(shell echo $(1) | tr a-z A-Z):-$(1)}@127.0.0.1:$${NEACOOP_PG_PORT:-5433}/$(1)
DATABASES := $(foreach name,$(SERVICE_NAMES),--database-url "$(call database_url,$(name))")

dead-letters:  ## list every dead letter on the `make up` broker and every quarantined outbox event, one JSON line each
	$(DLQ_ENV) $(RUN) python -m common.messaging.dlq list $(DATABASES)

quarantine:  ## release or discard quarantined outbox events: make quarantine ACTION=release|discard EVENTS="<id> ..."
	@test -n "$(ACTION)" -a -n "$(EVENTS)" || { echo 'usage: make quarantine ACTION=release|discard EVENTS="<event id> ..."'; exit 2; }
	$(RUN) python -m common.messaging.quarantine $(DATABASES) $(ACTION) $(EVENTS)

replay-dead-letters:  ## publish the dead letters of TOPIC (optionally of CONSUMER) again, once fixed
	@test -n "$(TOPIC)" || { echo "usage: make replay-dead-letters TOPIC=meetings.meeting.v1 [CONSUMER=roadmap]"; exit 2; }
	$(DLQ_ENV) $(RUN) python -m common.messaging.dlq replay --topic "$(TOPIC)" $(if $(CONSUMER),--consumer "$(CONSUMER)")

# Flags go through ARGS: `make reconcile ARGS="--wait 60 --json .run/reconcile.json"`; against docker compose,
# `--meetings-url`, `--roadmap-url`, `--notifications-url` and `--kafka-bootstrap` (see docs/runbook.md).
reconcile:  ## check that every meeting held reached Kafka, the roadmap and its subscribers once (exit 1 if not)
	$(RUN) python -m devstack reconcile $(ARGS)

chaos: install  ## the chaos suite at full load on stacks of its own; report in .run/chaos/report.json
	NEACOOP_CHAOS=full $(RUN) pytest -m chaos tests/test_chaos_one_broker.py tests/test_chaos_three_brokers.py

demo:  ## after `make up`: play the TRM+ story and print the stage, the explanation and the deliveries
	$(RUN) python -m devstack demo

status:  ## show what `make up` started and whether it is ready
	$(RUN) python -m devstack status

logs:  ## show the logs of everything `make up` started
	$(RUN) python -m devstack logs

# Not part of `make test`: it starts a stack of its own on ports 25001-25004, 25092, 25433 and 25025
# (override with the NEACOOP_*_PORT variables devstack reads) and takes about 20 minutes; BENCH=quick about 3.
BENCH ?= full
bench: install  ## benchmarks against bare baselines on a stack of their own: bench/results/<date>.{json,md,png}
	@command -v wrk >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q wrk; }
	BENCH=$(BENCH) $(RUN) python -m bench

test: install console $(CHROMIUM) $(CJK_FONTS) $(SPECTRAL) $(PROMTOOL) $(KUBECONFORM) $(KUSTOMIZE) compose-tools  ## run the whole suite on its own Kafka and PostgreSQL (ports 19092, 15433)
	$(RUN) pytest

# The browser test on its stack of its own; its board screenshot becomes the README's image.
console-screenshot: install console $(CHROMIUM) $(CJK_FONTS)  ## the console's browser test, writing docs/console.png from its board
	NEACOOP_CONSOLE_SCREENSHOT=docs/console.png $(RUN) pytest tests/test_console_browser.py

compose-test: install console compose-tools  ## docker-compose.yml started for real and the TRM+ story played against it
	$(RUN) pytest -s tests/test_compose_stack.py

# The tests of the event backbone and of the services talking over it, with NEACOOP_TEST_INFRA=testcontainers:
# Kafka and PostgreSQL as containers on the engine compose-test uses, from the official images or their
# stand-ins (devstack.test_containers). CI runs it after `make test`, whose native run it repeats this way.
test-containers: install compose-tools  ## the messaging and cross-service tests on Kafka and PostgreSQL containers (testcontainers)
	$(RUN) python -m devstack.test_containers

test-alerts: $(PROMTOOL)  ## promtool check and unit-test the alert rules in deploy/observability/prometheus
	cd deploy/observability/prometheus && promtool check rules alerts.yml && promtool test rules alerts.test.yml

lint: install  ## ruff and mypy --strict
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy libs/common/src services/*/src deploy/devstack/src clients/python/src bench/src bench/tests console/src console/tests libs/common/tests tests $(sort $(dir $(wildcard services/*/tests/*.py)))

lint-openapi: install $(SPECTRAL)  ## lint docs/openapi/*.json with Spectral's spectral:oas (.spectral.yaml)
	$(SPECTRAL) lint --ruleset .spectral.yaml docs/openapi/*.json

lint-k8s: install $(KUBECONFORM) $(KUSTOMIZE)  ## validate deploy/k8s with kubeconform, strict, as kustomize renders it
	$(RUN) python -m devstack.kubernetes

asyncapi: install  ## regenerate docs/asyncapi.yaml from the event contracts (a test fails when it is stale)
	$(RUN) python -m common.contracts.asyncapi

# The partner client is generated from the documents, so it is regenerated with them.
openapi: install  ## regenerate docs/openapi/<service>.json and the client from the routes (a test fails when stale)
	$(RUN) python -m devstack.openapi
	$(RUN) python -m devstack.client

client: install  ## regenerate the partner client clients/python from docs/openapi/*.json (a test fails when stale)
	$(RUN) python -m devstack.client

format: install  ## apply ruff's fixes and formatting
	$(RUN) ruff check --fix .
	$(RUN) ruff format .
