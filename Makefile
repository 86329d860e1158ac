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
run: build
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
