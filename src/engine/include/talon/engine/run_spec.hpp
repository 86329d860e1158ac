#pragma once
// A typed run specification — several spot instruments, each with its data streams and its
// fill mode — and the runner that builds one Kernel from it (DESIGN.md, "Composition": the
// CLI and TOML are thin front ends over this struct).
//
// Accounts. Every instrument of a run is spot and draws on one SpotAccount: one balance per
// asset, so BTCUSDT and ETHUSDT spend the same USDT (spot_account.hpp). All instruments must
// share the quote currency, which holds `initial_cash` at the start. USDⓈ-M perpetuals keep
// one FuturesAccount each and run through run_backtest (backtest.hpp) for now.
//
// Fill modes, per instrument:
//  - Bar: the venue fills on the bars (SimulatedVenue, intrabar path).
//  - Tick: the venue fills on the trades (SimulatedVenue tick mode): an order placed at a bar's
//    close arrives with the next trade; the bars only feed the strategy.
//  - Book: the venue is a BookVenue rebuilt from the depth snapshot and updates; resting
//    orders wait behind the displayed quantity and fill when trades consume it. A MARKET
//    BUY given by a quote budget (what sma_cross and rsi_reversion send) is sized at the
//    best ask when it is sent, at most the quantity displayed there, so it fills at one price.
// The strategy sees bars in every mode: the bars file when given, otherwise time bars built
// from the trades (`trade_bar_ns`). At one instant an instrument's trades and depth come
// before its bar's close, so a bar is seen after the trades it contains.
//
// Equity. After the bars closing at one instant, equity = the quote balance + every
// position marked at its instrument's last price (last bar close or trade); that curve feeds
// the drawdown, daily and Sharpe figures of the combined result.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/execution/spot_account.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/order_book.hpp>
#include <talon/model/trade_tick.hpp>
#include <talon/strategy/params.hpp>
#include <talon/venue/book_venue.hpp>

namespace talon {

/// What fills an instrument's orders.
enum class FillMode { Bar, Tick, Book };
/// "bar", "tick", "book".
std::string_view to_string(FillMode mode) noexcept;
/// Inverse of to_string; throws InvalidArgument listing the three names.
FillMode parse_fill_mode(std::string_view text);

/// One instrument of a run and where its data comes from. Paths name files readable by
/// read_klines (bars), parse_trades_csv or parse_binance_trades (trades: the capture layout
/// with a header, or Binance's public-data layout) and parse_depth_snapshot_csv /
/// parse_depth_updates_csv (depth); .gz and .zip are unpacked.
struct InstrumentSpec {
  Instrument instrument{};
  FillMode fill = FillMode::Bar;
  std::string bars_file{};            ///< klines: the strategy's bars; Bar mode fills on them
  std::string trades_file{};          ///< Tick: fills; Book: consumes queues; bars if no bars_file
  std::string depth_snapshot_file{};  ///< Book: REST snapshot the book starts from
  std::string depth_updates_file{};   ///< Book: depthUpdate level changes after it
};

/// Builds the strategy of one instrument (one instance per instrument).
using StrategyFactory = std::function<std::unique_ptr<Strategy>(const Instrument&)>;

struct RunSpec {
  std::vector<InstrumentSpec> instruments{};
  std::string strategy = "sma_cross";  ///< a built-in (registry.hpp), unless `factory` is set
  StrategyParams params{};
  StrategyFactory factory{};  ///< overrides `strategy`/`params` (tests, embedders)
  Decimal initial_cash = Decimal::from_int(10'000);  ///< of the shared quote currency
  SimulatedVenueConfig venue{};                      ///< Bar and Tick mode fees and slippage
  BookVenueConfig book{};                            ///< Book mode fees and latency
  std::int64_t trade_bar_ns = kNanosPerMinute;       ///< length of bars built from trades, ns
  /// Spacing of the recorded combined equity curve in ns (0: every instant with a bar
  /// close); drawdown and daily figures always use every instant.
  std::int64_t equity_sample_ns = 0;
  /// Where the strategies' trade decisions go (strategy/decision.hpp); nullptr: nowhere.
  DecisionSink* decisions = nullptr;
  /// Which decisions reach `decisions`: none, actions (not HOLD; the default) or all.
  DecisionRecording decision_recording = DecisionRecording::Actions;
};

/// The market data of one instrument, in memory, each stream in time order.
struct InstrumentData {
  std::vector<Bar> bars{};  ///< what the strategy sees
  std::vector<TradeTick> trades{};
  std::optional<DepthSnapshot> depth_snapshot{};
  std::vector<DepthUpdate> depth_updates{};
  std::int64_t bar_interval_ns = 0;  ///< length of one bar
  std::string bars_source{};         ///< the bars file, or "<trades file> (time bars)"
};

/// Reads the files of every instrument of `spec` (InstrumentData per instrument, same
/// order); builds bars from trades where no bars file is given. Throws DataError for a bad
/// file (naming it), InvalidArgument when an instrument lacks what its mode needs (Bar: a
/// bars file; Tick: trades; Book: snapshot and updates, and bars or trades for the strategy).
std::vector<InstrumentData> load_run_data(const RunSpec& spec);

/// What one instrument did. Money in the quote currency.
struct InstrumentResult {
  Instrument instrument{};
  FillMode fill = FillMode::Bar;
  std::vector<Order> orders{};
  std::vector<Fill> fills{};
  std::vector<OrderEvent> order_events{};
  std::vector<RoundTrip> round_trips{};  ///< closed round trips, pnl net of both fees
  Decimal position{};                    ///< base asset still held (marked, not sold)
  Decimal cost_basis{};                  ///< paid for `position`, fees excluded
  Decimal realized_pnl{};                ///< proceeds − released cost basis, fees excluded
  Decimal unrealized_pnl{};              ///< position × last_price − cost_basis
  Decimal fees{};                        ///< every fee, in the quote currency
  Decimal last_price{};                  ///< last bar close or trade seen
  std::size_t bars = 0;
  std::size_t trades = 0;
  std::size_t depth_updates = 0;
  Timestamp start{};  ///< first bar's open
  Timestamp end{};    ///< last bar's close
};

struct RunResult {
  std::vector<InstrumentResult> instruments{};  ///< in the spec's order
  /// The run as one account: initial and final cash (the quote balance), final_equity,
  /// equity curve, drawdown, daily equity, every round trip (by exit time) and fee; bars =
  /// bars of all instruments; orders/fills/order_events stay in `instruments`.
  BacktestResult combined{};
  /// Every asset's balance at the end (locked: what orders still open reserve).
  std::map<std::string, AssetBalance> balances{};
  std::string quote_currency{};
};

/// Runs `spec` over `data` (one InstrumentData per instrument, as load_run_data gives) through
/// one Kernel: a lane per instrument with its venue (by fill mode), its holding of the shared
/// SpotAccount and its own strategy instance; the sources of every instrument merged in time
/// order. Throws InvalidArgument for a bad spec (no instruments, a perpetual, a symbol twice,
/// different quote currencies, non-positive cash, data count ≠ instrument count); DataError
/// from the kernel for data out of order; strategy exceptions propagate.
RunResult run_spec(const RunSpec& spec, std::span<const InstrumentData> data,
                   const ProgressFn& progress = {});

}  // namespace talon
