#pragma once
// SQLite schema of the backtest tables (names as in seed 002). Decimals are stored as TEXT
// so that they round-trip exactly (SQLite's NUMERIC affinity would turn them into doubles);
// times as ISO-8601 UTC text with 6 fractional digits, which sorts chronologically.

namespace talon::sqlite_schema {

inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS backtests (
  id TEXT PRIMARY KEY,
  strategy_id TEXT,
  bot_id TEXT,
  strategy_name TEXT NOT NULL,
  parameters TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  data_source TEXT,
  fee_bps TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  initial_capital TEXT NOT NULL,
  final_equity TEXT NOT NULL,
  total_trades INTEGER NOT NULL CHECK (total_trades >= 0),
  winning_trades INTEGER NOT NULL CHECK (winning_trades >= 0),
  losing_trades INTEGER NOT NULL CHECK (losing_trades >= 0),
  win_rate TEXT NOT NULL,
  sharpe_ratio TEXT,
  sortino_ratio TEXT,
  max_drawdown TEXT NOT NULL,
  max_drawdown_duration_hours TEXT NOT NULL,
  profit_factor TEXT,
  avg_win TEXT NOT NULL,
  avg_loss TEXT NOT NULL,
  largest_win TEXT NOT NULL,
  largest_loss TEXT NOT NULL,
  results TEXT NOT NULL,
  equity_curve TEXT NOT NULL,
  metrics TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS idx_backtests_symbol_created ON backtests(symbol, created_at);

CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,
  backtest_id TEXT REFERENCES backtests(id),
  bot_id TEXT,
  client_order_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
  order_type TEXT NOT NULL CHECK (order_type IN ('MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT',
                                   'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP')),
  time_in_force TEXT NOT NULL CHECK (time_in_force IN ('GTC', 'IOC', 'FOK', 'GTX')),
  quantity TEXT NOT NULL,
  quote_quantity TEXT,
  price TEXT,
  stop_price TEXT,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'SUBMITTED', 'NEW', 'PARTIALLY_FILLED',
                              'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED')),
  filled_quantity TEXT NOT NULL,
  avg_fill_price TEXT,
  fees TEXT NOT NULL,
  reject_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  filled_at TEXT,
  cancelled_at TEXT,
  deleted_at TEXT,
  UNIQUE (backtest_id, client_order_id)
);
CREATE INDEX IF NOT EXISTS idx_orders_status_created ON orders(status, created_at);

CREATE TABLE IF NOT EXISTS order_events (
  order_id TEXT NOT NULL REFERENCES orders(id),
  seq INTEGER NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT,
  PRIMARY KEY (order_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS trades (
  id TEXT PRIMARY KEY,
  backtest_id TEXT REFERENCES backtests(id),
  order_id TEXT NOT NULL REFERENCES orders(id),
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
  price TEXT NOT NULL,
  quantity TEXT NOT NULL,
  fee TEXT NOT NULL,
  fee_currency TEXT NOT NULL,
  liquidity TEXT NOT NULL CHECK (liquidity IN ('MAKER', 'TAKER')),
  pnl TEXT,
  status TEXT NOT NULL CHECK (status IN ('SUCCESS', 'FAILED')),
  executed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_trades_order ON trades(order_id);

CREATE TABLE IF NOT EXISTS equity_curve (
  backtest_id TEXT NOT NULL REFERENCES backtests(id),
  time TEXT NOT NULL,
  equity TEXT NOT NULL,
  PRIMARY KEY (backtest_id, time)
) WITHOUT ROWID;
)sql";

}  // namespace talon::sqlite_schema
