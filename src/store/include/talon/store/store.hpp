#pragma once
// The Store seam: where runs and market data are persisted. One implementation over the
// SqlConnection seam serves both backends; SQLite is the embedded default (talon.db, WAL),
// PostgreSQL 15 is chosen with a postgresql:// URL. The engine and the command line only see
// this interface.

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <talon/analytics/metrics.hpp>
#include <talon/core/uuid.hpp>
#include <talon/execution/backtest_result.hpp>
#include <talon/execution/journal.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/store/sql.hpp>
#include <talon/strategy/decision.hpp>

namespace talon {

/// Everything one backtest run stores. begin_backtest reads the run's description (id to
/// instrument, initial_cash); BacktestWriter::finish and save_backtest read the rest.
struct BacktestRecord {
  Uuid id;                      ///< UUIDv7 of the run (backtests.id)
  std::string strategy;         ///< strategy name, e.g. "sma_cross"
  std::string parameters_json;  ///< e.g. {"fast":"10","slow":"30"}
  std::string symbol;
  std::string timeframe;    ///< e.g. "1m"
  std::string data_source;  ///< file the bars came from
  Decimal fee_bps;
  /// Quote currency the run starts with (backtests.initial_capital until finish writes the
  /// metrics'); zero: result->initial_cash.
  Decimal initial_cash;
  Timestamp created_at;  ///< wall-clock time of the run
  /// The parameter search (`talon optimize`) the run belongs to
  /// (backtests.backtest_session_id); nil: none.
  Uuid backtest_session_id{};
  /// backtests.metrics when not empty (a JSON object); empty: format_json_report(*metrics).
  std::string metrics_json{};
  const BacktestResult* result = nullptr;
  const BacktestMetrics* metrics = nullptr;
  /// Trading rules of the symbol (symbols row); nullptr: BINANCE, currencies guessed.
  const Instrument* instrument = nullptr;
  /// Indicator values to write to technical_indicators with the run (`--store-indicators`;
  /// usually result->indicators); empty: none. See store/indicator_rows.hpp for the rows.
  std::span<const IndicatorSeries> indicators;
};

/// What save_backtest wrote, for messages and tests.
struct SavedBacktest {
  Uuid backtest_id;
  Uuid user_id;           ///< the local user (local@talon.invalid) owning runs of the CLI
  Uuid strategy_id;       ///< strategies row (name, version 1.0.0), created on first use
  Uuid bot_id;            ///< bots row "backtest <strategy> <symbol>", created on first use
  Uuid configuration_id;  ///< bot_configurations row of these parameters (immutable)
  Uuid run_id;            ///< bot_runs row of this run (mode backtest, status stopped)
  std::size_t orders = 0, order_events = 0, trades = 0, positions = 0, equity_points = 0;
  std::size_t decisions = 0;         ///< trade_decisions rows written through the writer
  std::size_t windows = 0;           ///< strategy_performance rows: one per calendar month
  std::size_t indicator_values = 0;  ///< technical_indicators rows
};

/// The store's Journal for one backtest (execution/journal.hpp): pass it to run_backtest and
/// the run's orders, order events, fills (trades), positions and equity samples are written
/// in chunks of 4,096 rows while the run goes, inside one transaction, so memory does not
/// grow with the run. A position's rows are linked to orders and fills by time
/// (position_id). Re-sent events, fills and orders are dropped, not stored twice.
/// It is also the run's DecisionSink (strategy/decision.hpp): decisions are written as they
/// are taken (trade_decisions), each before the orders it sent, and every order row carries
/// its decision (orders.decision_id, by client order id).
/// Hooks throw Error (SqlError from the database); after a throw the writer must only be
/// destroyed.
class BacktestWriter : public Journal, public DecisionSink {
 public:
  /// Writes what is left, the backtests row's figures (record.result and record.metrics
  /// must be set: dates, trade statistics, results and equity JSON; record.timeframe and
  /// data_source replace those given to begin_backtest), record.indicators, one
  /// strategy_performance row per calendar month of the run (analytics/window_performance.hpp),
  /// the bot run as stopped, and commits. Returns the ids and the rows written. Throws Error
  /// (nothing of the run is then stored).
  virtual SavedBacktest finish(const BacktestRecord& record) = 0;
  /// Without finish(), destruction rolls the run back: nothing of it is stored.
  ~BacktestWriter() override = default;
};

class Store {
 public:
  virtual ~Store() = default;

  /// Opens the run's transaction and writes the rows everything else references: the user,
  /// strategy, bot and bot configuration (found or created), the backtests row (figures
  /// zero until finish) and a bot_runs row (mode backtest, status running). The writer
  /// holds the transaction; one run at a time per Store. Throws Error naming the store
  /// (nothing written).
  virtual std::unique_ptr<BacktestWriter> begin_backtest(const BacktestRecord& record) = 0;

  /// Writes a finished run (record.result holds its orders, fills and events: a run without a
  /// journal) through begin_backtest and the writer, in one transaction, all of it or (on
  /// any error) none: the backtests row,
  /// its strategy, bot, bot configuration and bot run, the orders with every state
  /// transition (order_events), the fills (trades), the positions (one per round trip, and
  /// the one still open at the end), the per-bar equity curve, and record.indicators (one
  /// technical_indicators row per ready value). Throws Error naming the store and what failed.
  virtual SavedBacktest save_backtest(const BacktestRecord& record) = 0;

  /// Writes finished runs as backtests rows only (figures, parameters, daily equity curve and
  /// metrics JSON; no orders, fills, positions or per-bar equity: a parameter search's
  /// runs), each with its user, strategy, bot, configuration and stopped bot run, all in one
  /// transaction: every record or (on any error) none. Each record needs result and metrics;
  /// backtests.results lists result->round_trips (clear them for small rows). Throws Error
  /// naming the store.
  virtual void save_backtest_summaries(std::span<const BacktestRecord> records) = 0;

  /// The runs stored under `session_id`: each one's parameters JSON and metrics JSON
  /// (backtests.parameters, backtests.metrics), oldest first. Empty for an unknown session.
  virtual std::vector<std::pair<std::string, std::string>> read_session_runs(
      const Uuid& session_id) = 0;

  /// Appends klines of (exchange code, symbol, interval) to market_prices in one
  /// transaction: COPY on PostgreSQL, one reused prepared INSERT on SQLite. Registers the
  /// symbol (currencies from `instrument`, or guessed from the symbol's quote suffix) when
  /// unknown. Throws SqlError (nothing written) when a bar breaks a CHECK or is already
  /// stored (unique symbol, exchange, interval, timestamp); its message names the bar by its
  /// place in `bars` ("(bar 20008 of 30000)"). Returns the rows written. import_klines
  /// (kline_import.hpp) skips bars already stored instead.
  virtual std::size_t insert_klines(const std::string& exchange, const std::string& symbol,
                                    const std::string& interval, std::span<const Bar> bars,
                                    const std::string& source = {}) = 0;

  /// Klines with from <= open_time < to, oldest first, exactly as written; at most `limit`
  /// of them (the oldest) when limit > 0, for reading a long range page by page.
  virtual std::vector<Bar> read_klines(const std::string& exchange, const std::string& symbol,
                                       const std::string& interval, Timestamp from, Timestamp to,
                                       std::size_t limit = 0) = 0;

  /// The connection underneath, for maintenance commands (migrate, retention) and tests.
  virtual SqlConnection& connection() = 0;
};

/// Opens the store at `target`: a SQLite path (created and migrated on first use) or a
/// postgresql:// URL (which must already be migrated with `talon db migrate`).
/// Throws Error naming the target (never its password).
std::unique_ptr<Store> open_store(const std::string& target);

/// open_store for a SQLite path.
std::unique_ptr<Store> open_sqlite_store(const std::string& path);

/// A Store over an already open, migrated connection.
std::unique_ptr<Store> make_sql_store(std::unique_ptr<SqlConnection> connection);

}  // namespace talon
