# Weijian — the two commands a newcomer needs: `make run` and `make test`.
# Each installs what it needs first (scripts/install-deps is quick when all is there).
BUILD ?= build
BENCH_BUILD ?= build-bench
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ARGS ?=

.PHONY: run test bench deps build web clean

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

web: deps
	@scripts/build-web

run: build web
	@scripts/run-demo $(BUILD)/weijian $(ARGS)

test: build web
	@cd $(BUILD) && ctest --output-on-failure --timeout 900 $(ARGS)

bench: deps
	@cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	@bench/run $(BENCH_BUILD)

clean:
	rm -rf $(BUILD) $(BENCH_BUILD) web/dist
