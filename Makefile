# WellClient — the two commands of the README are `make run` and `make test`.
# Both install the Debian packages they need when missing (as root), then build.

SWIFT      ?= swift
# libc6-dev and libstdc++-12-dev hold the static archives the static `wellclient` and browser host
# are linked from (with libdbus-1-dev's libdbus-1.a); the Swift toolchain usually brought them.
RUN_DEBS   := libdbus-1-dev libnotify-dev libsqlite3-dev pkg-config dbus dbus-daemon libc6-dev libstdc++-12-dev
TEST_DEBS  := $(RUN_DEBS) python3-dbusmock desktop-file-utils xdg-utils libglib2.0-bin nftables iproute2 fonts-wqy-microhei \
              systemd appstream dpkg-dev fakeroot rabbitmq-server chromium
APT_ENV    := DEBIAN_FRONTEND=noninteractive

.PHONY: run test lint build deps-run deps-test sim clean test-asan test-tsan bench bench-agent bench-thin bench-browser bench-history fuzz soak

# Install what is missing, and only then (apt-get update once).
define install_missing
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "error: run as root (or install:$$missing)" >&2; exit 1; fi; \
	  apt-get update -qq && $(APT_ENV) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps-run:
	$(call install_missing,$(RUN_DEBS))

deps-test:
	$(call install_missing,$(TEST_DEBS))

build: deps-run
	$(SWIFT) build

## The product on its embedded default: the agent + the in-process simulator.
run: deps-run
	$(SWIFT) build
	./scripts/run-demo.sh "$$($(SWIFT) build --show-bin-path)/wellclient"

## The suites that drive a real Chromium or Firefox run on their own, after the rest: on two
## cores, a browser beside the parallel suite starves the client's 5 s connect timeouts.
BROWSER_SUITES := BrowserClickToCallTests|BrowserExtensionLoadTests|BrowserFirefoxTests|PanelBrowserTests|PanelScreenshotTests

## The formatting rules in .swift-format (the toolchain's swift-format), over every Swift file.
FORMAT_DIRS := Package.swift Sources Tests Benchmarks Fuzz Plugins
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_DIRS)

## The whole test suite (the formatting check first: it takes seconds).
test: deps-test lint
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/run-tests.sh --skip '$(BROWSER_SUITES)'
	SWIFT=$(SWIFT) scripts/run-tests.sh --filter '$(BROWSER_SUITES)'

## The whole suite under AddressSanitizer / ThreadSanitizer (separate build folders; slow: each
## rebuilds everything). Reports go to the test output; ASAN_OPTIONS / TSAN_OPTIONS override.
## scripts/sanitizers/ holds the suppressions, each entry with the reason it is not ours. At most
## SANITIZER_WIDTH tests run at once: the suite's 5 s login/connect timeouts assume full speed.
SANITIZER_LIMIT ?= 5400
SANITIZER_WIDTH ?= 4
ASAN_OPTIONS   ?= detect_leaks=1
LSAN_OPTIONS   ?= suppressions=$(CURDIR)/scripts/sanitizers/lsan.supp print_suppressions=0
TSAN_OPTIONS   ?= halt_on_error=1 suppressions=$(CURDIR)/scripts/sanitizers/tsan.supp
test-asan: deps-test
	$(SWIFT) build --build-tests --scratch-path .build-asan -Xswiftc -sanitize=address
	ASAN_OPTIONS="$(ASAN_OPTIONS)" LSAN_OPTIONS="$(LSAN_OPTIONS)" SWIFT=$(SWIFT) LIMIT=$(SANITIZER_LIMIT) \
	  scripts/run-tests.sh --scratch-path .build-asan --experimental-maximum-parallelization-width $(SANITIZER_WIDTH)

test-tsan: deps-test
	$(SWIFT) build --build-tests --scratch-path .build-tsan -Xswiftc -sanitize=thread
	TSAN_OPTIONS="$(TSAN_OPTIONS)" SWIFT=$(SWIFT) LIMIT=$(SANITIZER_LIMIT) \
	  scripts/run-tests.sh --scratch-path .build-tsan --experimental-maximum-parallelization-width $(SANITIZER_WIDTH)

## Soak: SOAK_CALLS calls (after a warm-up) through the agent's D-Bus interface and the simulator,
## agent and simulator as child processes on a private bus; prints calls/s, RSS, fds, notifications.
SOAK_CALLS ?= 10000
soak: deps-test
	$(SWIFT) build -c release --product wellclient
	$(SWIFT) build -c release --product wellclient-agent
	scripts/soak.py --wellclient "$$($(SWIFT) build -c release --show-bin-path)/wellclient" --calls $(SOAK_CALLS)

## Benchmarks: event pipeline throughput, makeCall latency, the desktop agent (dial latency,
## event → Notify latency, resident memory) and the thin commands (dial, status --json, --version
## beside dbus-send and a hello-world) against the release `wellclient` (prints figures).
## `make bench-agent` runs only the agent figures, `make bench-thin` only the thin commands'. The thin
## `wellclient` is one static executable in every build; `wellclient-agent` links the runtime statically only in
## the .deb (packaging/build-deb.sh), which starts ~1-3 ms faster and uses ~1 MiB less (the build
## flags cannot be mixed: wellbench needs FoundationNetworking).
BENCH_PRODUCTS := wellclient wellclient-agent wellclient-browser-host wellbench-hello wellbench-hello-dynamic wellbench-hello-idle wellbench-hello-foundation
bench:
	for product in $(BENCH_PRODUCTS); do $(SWIFT) build -c release --product $$product || exit 1; done
	$(SWIFT) run -c release wellbench

bench-agent:
	$(SWIFT) build -c release --product wellclient
	$(SWIFT) build -c release --product wellclient-agent
	$(SWIFT) build -c release --product wellbench-hello-idle
	$(SWIFT) build -c release --product wellbench-hello-foundation
	$(SWIFT) run -c release wellbench agent

bench-thin:
	for product in $(BENCH_PRODUCTS); do $(SWIFT) build -c release --product $$product || exit 1; done
	$(SWIFT) run -c release wellbench thin

## Click-to-call through the browser extension in headless Chromium: click → makeCall latency
## (WELLBENCH_CLICKS clicks, default 20; median, min/max, p95).
bench-browser: deps-test
	$(SWIFT) build -c release --product wellclient
	$(SWIFT) build -c release --product wellclient-agent
	$(SWIFT) build -c release --product wellclient-browser-host
	$(SWIFT) run -c release wellbench browser

## The call history: 100,000 calls (WELLBENCH_HISTORY_ROWS), `history --limit 50` and `--missed` timed
## beside the same SQL run raw on the same file, and the insert cost per call.
bench-history: deps-run
	$(SWIFT) build -c release --product wellclient
	$(SWIFT) build -c release --product wellclient-agent
	$(SWIFT) run -c release wellbench history

## The libFuzzer targets of Fuzz/ (10 minutes each by default; FUZZ_SECONDS=60 for a smoke run).
FUZZ_SECONDS ?= 600
fuzz: deps-test
	scripts/fuzz.sh --jobs 2 $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-asan .build-tsan Fuzz/.build
