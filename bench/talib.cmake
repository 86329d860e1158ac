# talon_bench_talib: the indicator benchmarks of talon_bench side by side with TA-Lib's C
# library in the same program and run. TA-Lib is compiled here from the C sources that the
# npm package `talib` bundles (tools/talib-ref; `make bench-talib` installs and configures
# it). Benchmark-only: nothing in the product or the tests links it.
enable_language(C)
file(GLOB talib_sources ${TALON_TALIB_SRC_DIR}/src/ta_common/*.c ${TALON_TALIB_SRC_DIR}/src/ta_func/*.c)
if(NOT talib_sources)
  message(WARNING "TALON_TALIB_SRC_DIR=${TALON_TALIB_SRC_DIR} holds no TA-Lib sources "
                  "(expected src/ta_func/*.c): talon_bench_talib is not built; run `make bench-talib`")
  return()
endif()
add_library(talon_talib_c STATIC ${talib_sources})
target_include_directories(talon_talib_c PUBLIC ${TALON_TALIB_SRC_DIR}/include
                           PRIVATE ${TALON_TALIB_SRC_DIR}/src/ta_common ${TALON_TALIB_SRC_DIR}/src/ta_func)
target_compile_options(talon_talib_c PRIVATE -w)  # third-party code, compiled as shipped

add_executable(talon_bench_talib ${CMAKE_CURRENT_SOURCE_DIR}/indicators_bench.cpp
                                 ${CMAKE_CURRENT_SOURCE_DIR}/indicators_talib_bench.cpp)
target_compile_definitions(talon_bench_talib PRIVATE TALON_WITH_TALIB=1
  TALON_REPO_DATA_DIR="${PROJECT_SOURCE_DIR}/data"
  TALON_SHARED_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
target_link_libraries(talon_bench_talib PRIVATE talon_data talon_indicators talon_talib_c
                      benchmark::benchmark benchmark::benchmark_main)
message(STATUS "talon_bench_talib: TA-Lib C sources from ${TALON_TALIB_SRC_DIR}")
