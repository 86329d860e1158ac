#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>

#include <talon/app/exchange_sim_command.hpp>
#include <talon/binance/sim_exchange.hpp>
#include <talon/core/error.hpp>
#include <talon/data/bar_file.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/net/http_server.hpp>

namespace talon {
namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_signal(int) {
  g_stop = 1;
}

Timestamp wall_now() {
  return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

}  // namespace

CLI::App* add_exchange_sim_command(CLI::App& app, ExchangeSimOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "exchange-sim",
      "Serve a loopback exchange on 127.0.0.1 (Binance spot REST /api/v3) backed by the "
      "simulated venue and a kline file, for any Binance client (ccxt, talon's own adapter).");
  cmd->add_option("--protocol", o.protocol, "Wire protocol: binance")->capture_default_str();
  cmd->add_option("--port", o.port, "TCP port on 127.0.0.1; 0 picks a free one")
      ->capture_default_str();
  cmd->add_option("--data", o.data, "Kline file (any file `talon backtest --data` reads)")
      ->required();
  cmd->add_option("--symbol", o.symbol, "Symbol (default: from a Binance-style file name)");
  cmd->add_option("--speed", o.speed, "Bars replayed per second of wall time")
      ->capture_default_str();
  cmd->add_option("--balance", o.balance, "Initial quote balance (USDT for BTCUSDT)")
      ->capture_default_str();
  cmd->add_option("--api-key", o.api_key, "Only this API key is accepted (default: any)");
  cmd->add_option("--api-secret", o.api_secret,
                  "Verify every signature with this secret (default: not checked)");
  return cmd;
}

int run_exchange_sim_command(const ExchangeSimOptions& o) {
  if (o.protocol != "binance")
    throw InvalidArgument("exchange-sim: --protocol must be binance, not '" + o.protocol + "'");
  if (o.port < 0 || o.port > 65535) throw InvalidArgument("exchange-sim: --port must be 0..65535");
  if (!(o.speed > 0) || o.speed > 1e6)
    throw InvalidArgument("exchange-sim: --speed must be in (0, 1000000] bars per second");
  if (o.api_secret.empty() != o.api_key.empty())
    throw InvalidArgument("exchange-sim: give --api-key and --api-secret together");
  const auto balance = Decimal::try_parse(o.balance);
  if (!balance || !balance->is_positive())
    throw InvalidArgument("exchange-sim: --balance must be a positive number");

  std::string symbol = o.symbol.empty() ? symbol_in_file_name(o.data) : o.symbol;
  if (symbol.empty())
    throw InvalidArgument("exchange-sim: the file name names no symbol; pass --symbol");
  binance::SimExchangeConfig config;
  const auto builtin = find_builtin_instrument(symbol);
  config.instrument = builtin ? *builtin : generic_spot_instrument(symbol);
  KlineSeries series = read_bar_file(o.data);
  for (Bar& b : series.bars)
    if (b.interval_ns == 0) b.interval_ns = series.interval_ns;  // names the kline stream
  config.bars = std::move(series.bars);
  config.bar_period_ns = static_cast<std::int64_t>(1e9 / o.speed);
  if (config.bar_period_ns <= 0) config.bar_period_ns = 1;
  config.balance = *balance;
  config.api_key = o.api_key;
  config.api_secret = o.api_secret;
  const std::size_t bars = config.bars.size();
  const std::string quote = config.instrument.quote_currency;

  binance::SimExchange exchange(std::move(config), wall_now());
  net::HttpServer server(static_cast<std::uint16_t>(o.port),
                         [&](const net::HttpRequest& r) { return exchange.handle(r, wall_now()); });
  // The tick runs on the server's thread: it replays the bars due and notices a signal.
  server.set_websocket([&](std::set<std::string>& topics, std::string_view message) {
    return exchange.on_stream_request(topics, message);
  });
  server.set_tick(std::chrono::milliseconds(20), [&] {
    exchange.advance(wall_now());
    for (const auto& [topic, message] : exchange.take_stream_messages())
      server.publish(topic, message);
    if (g_stop) server.stop();
  });
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  fmt::print(
      "exchange-sim: listening on http://127.0.0.1:{} ({} spot, {} bars at {} per second, "
      "{} {}, signatures {})\n",
      server.port(), symbol, bars, o.speed, o.balance, quote,
      o.api_secret.empty() ? "not checked" : "checked");
  std::fflush(stdout);
  server.run();
  fmt::print("exchange-sim: stopped after {} requests\n", server.requests());
  return 0;
}

}  // namespace talon
