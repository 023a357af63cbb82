# The two commands: `make run` and `make test`. Everything else here serves them.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= 2
LISTEN ?= 127.0.0.1:50051
DATABASE_URL ?= sqlite:var/inburgering.db
# The container image's build stage: DEPS=build (no test tools), CMAKE_ARGS=-DBUILD_TESTING=OFF.
DEPS ?=
CMAKE_ARGS ?=

.PHONY: all deps configure build tools fuzzers gateway run test lint format clean api-docs \
  api-baseline bench soak

all: build

deps:
	@bash scripts/install-deps.sh $(DEPS)

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

tools: deps
	@bash scripts/install-tools.sh $(BUILD_DIR)/tools

# The libFuzzer targets: a separate clang build tree with ASan and UBSan, under the main one.
CLANGXX ?= clang++-14
fuzzers: deps
	@[ -f $(BUILD_DIR)/fuzz/build.ninja ] || cmake -S . -B $(BUILD_DIR)/fuzz -G Ninja \
	  -DCMAKE_CXX_COMPILER=$(CLANGXX) -DINBURGERING_FUZZ=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD_DIR)/fuzz -j $(JOBS) --target fuzzers

# The REST/JSON gateway (gateway/, Go; docs/rest.md) into $(BUILD_DIR)/gateway/inburgering-gateway.
gateway: deps
	@bash scripts/build-gateway.sh $(BUILD_DIR)

# Serves on the embedded SQLite database under ./var, with development authentication: gRPC on
# LISTEN, and the REST gateway beside it on REST_LISTEN (forwarding the x-dev-* headers, CORS for
# CORS_ORIGINS). Ctrl-C stops both.
REST_LISTEN ?= 127.0.0.1:8080
CORS_ORIGINS ?= http://localhost:3000
run: build gateway
	@mkdir -p var
	@$(BUILD_DIR)/gateway/inburgering-gateway --listen $(REST_LISTEN) --backend $(LISTEN) \
	  --forward-dev-headers --cors-origins $(CORS_ORIGINS) & gateway=$$!; \
	trap 'kill $$gateway 2>/dev/null' EXIT INT TERM; \
	$(BUILD_DIR)/server/inburgering-server --listen $(LISTEN) --database-url $(DATABASE_URL) --dev-auth

# Every test, PostgreSQL included (ctest starts and stops a throwaway cluster).
test: build tools fuzzers gateway
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# R1-R8 on this machine, written to bench/results.md (bench/README.md). Takes long at 1 M.
BENCH_SIZES ?= 10000,100000,1000000
BENCH_SECONDS ?= 5
bench: build tools
	@bash scripts/build-gateway.sh $(BUILD_DIR) bench
	$(BUILD_DIR)/tools/venv/bin/python bench/run.py --build $(BUILD_DIR) \
	  --sizes $(BENCH_SIZES) --seconds $(BENCH_SECONDS) --out bench/results.md \
	  --ghz $(BUILD_DIR)/gateway/bin/ghz

# The reliability tests, longer: 100 kill-and-restart cycles, a 30 s database pause, 20 s overload,
# 10 minutes of mixed load, five 40,000-stream floods each with and without a token.
soak: build tools
	INBURGERING_SOAK=1 ctest --test-dir $(BUILD_DIR) --output-on-failure -R '^reliability\.'

lint: build
	bash scripts/lint.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

# docs/api.md from the proto comments (api.docs_current fails when it is stale).
api-docs: tools
	cd api && ../$(BUILD_DIR)/tools/node_modules/.bin/buf build proto -o ../$(BUILD_DIR)/api.binpb
	$(BUILD_DIR)/tools/venv/bin/python scripts/gen-api-docs.py $(BUILD_DIR)/api.binpb docs/api.md

# At a release only: the API as it is becomes the baseline `buf breaking` protects.
api-baseline: tools
	cd api && ../$(BUILD_DIR)/tools/node_modules/.bin/buf build proto -o breaking/v1.binpb

clean:
	rm -rf $(BUILD_DIR)
