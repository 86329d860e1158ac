#pragma once
// `talon exchange-sim`: a loopback Binance spot exchange on 127.0.0.1 backed by talon's
// simulated venue and a kline file (binance/sim_exchange.hpp says what it serves and how).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace talon {

struct ExchangeSimOptions {
  std::string protocol = "binance";  ///< the only protocol so far
  int port = 0;                      ///< 0 = any free port (printed on start)
  std::string data{};                ///< any kline file `talon backtest --data` reads
  std::string symbol{};              ///< default: from the file name
  double speed = 1;                  ///< bars per second
  std::string balance = "10000";     ///< quote asset
  std::string api_key{};
  std::string api_secret{};  ///< never printed
};

/// Adds the `exchange-sim` subcommand to `app`.
CLI::App* add_exchange_sim_command(CLI::App& app, ExchangeSimOptions& options);

/// Serves until SIGINT or SIGTERM; prints "exchange-sim: listening on http://127.0.0.1:PORT
/// ..." on stdout once ready. Throws InvalidArgument for a bad option, DataError for bad data,
/// Error when the port cannot be bound.
int run_exchange_sim_command(const ExchangeSimOptions& options);

}  // namespace talon
