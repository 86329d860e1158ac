# The two commands of the quick start. Both install what is missing (scripts/setup.sh)
# and build the Release preset first.
.PHONY: run test setup build asan bench format tidy clean

DATA ?= data/binance_spot_BTCUSDT_1m_2025-06.csv.gz
DB ?= talon.db

setup:
	./scripts/setup.sh

build: setup
	cmake --preset release
	cmake --build --preset release

# The main job: sma_cross over a month of real BTCUSDT 1m klines, report printed, run stored.
# Builds only the talon program (tests and benchmarks are for `make build` / `make test`).
run: setup
	cmake --preset release
	cmake --build --preset release --target talon
	./build/release/talon backtest --data $(DATA) --symbol BTCUSDT --strategy sma_cross \
	  --param fast=10 --param slow=30 --cash 10000 --fee-bps 10 --db $(DB)

test: build
	ctest --preset release -j2

asan: setup
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan -j2

bench: build
	./build/release/bench/talon_bench

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	git ls-files 'src/*.cpp' | xargs clang-tidy -p build/release --quiet

clean:
	rm -rf build

# Indicator speed against TA-Lib's C library in the same run (docs/bench/indicators.md).
# Needs the npm registry once: TA-Lib's C sources come from the npm package `talib`.
TALIB_SRC = $(CURDIR)/tools/talib-ref/node_modules/talib/src/lib
.PHONY: bench-talib talib-ref
talib-ref:
	test -f $(TALIB_SRC)/src/ta_func/ta_SMA.c || npm --prefix tools/talib-ref ci
bench-talib: setup talib-ref
	cmake --preset release -DTALON_TALIB_SRC_DIR=$(TALIB_SRC)
	cmake --build --preset release --target talon_bench_talib
	./build/release/bench/talon_bench_talib --benchmark_filter='/(talib|talon_batch|talon_stream)$$'
