// SQLite migrations: the same model as migrations_postgresql.cpp in SQLite's dialect.
// Decimals are TEXT (NUMERIC affinity would turn them into doubles) with a CHECK that the
// text is a plain decimal; range CHECKs compare CAST(x AS REAL), which is exact enough for a
// sign or a bound. Times are ISO-8601 UTC text with 6 fractional digits (sorts in time
// order), JSON is TEXT checked with json_valid, booleans are 0/1. SQLite has no partitions,
// row-level security or roles; immutability and the bot-run FSM are triggers. Serial ids
// are rowid aliases (INTEGER PRIMARY KEY): AUTOINCREMENT's extra bookkeeping per row buys
// only the promise never to reuse the id of a deleted newest row.

#include "migration_list.hpp"

namespace talon::store_detail {

namespace {

constexpr const char* kInitial = R"sql(


CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE CHECK (email GLOB '?*@?*'),
  password_hash TEXT CHECK (password_hash IS NULL OR password_hash GLOB '$argon2id$*'),
  full_name VARCHAR(255),
  timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  preferences TEXT NOT NULL DEFAULT '{}' CHECK (preferences IS NULL OR json_valid(preferences)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  last_login TEXT,
  deleted_at TEXT
);
CREATE INDEX idx_users_created ON users(created_at);
CREATE INDEX idx_users_deleted ON users(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_users_active ON users(id) WHERE deleted_at IS NULL;

CREATE TABLE exchanges (
  id INTEGER PRIMARY KEY,
  code VARCHAR(20) NOT NULL UNIQUE
    CHECK (code IN ('BINANCE', 'BYBIT', 'OKX', 'MEXC', 'HYPERLIQUID', 'ALPACA')),
  name VARCHAR(255) NOT NULL,
  api_base_url VARCHAR(255),
  supported_features TEXT NOT NULL DEFAULT '[]' CHECK (supported_features IS NULL OR json_valid(supported_features)),
  rate_limits TEXT NOT NULL DEFAULT '{}' CHECK (rate_limits IS NULL OR json_valid(rate_limits)),
  supported_pairs TEXT NOT NULL DEFAULT '[]' CHECK (supported_pairs IS NULL OR json_valid(supported_pairs)),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  connection_status VARCHAR(20) NOT NULL DEFAULT 'disconnected'
    CHECK (connection_status IN ('connected', 'disconnected')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
);
INSERT INTO exchanges (code, name, api_base_url, supported_features) VALUES
  ('BINANCE', 'Binance', 'https://api.binance.com', '["spot","margin","futures"]'),
  ('BYBIT', 'Bybit', 'https://api.bybit.com', '["spot","futures"]'),
  ('OKX', 'OKX', 'https://www.okx.com', '["spot","margin","futures"]'),
  ('MEXC', 'MEXC', 'https://api.mexc.com', '["spot","futures"]'),
  ('HYPERLIQUID', 'Hyperliquid', 'https://api.hyperliquid.xyz', '["futures"]'),
  ('ALPACA', 'Alpaca', 'https://api.alpaca.markets', '["stock","etf","crypto"]');

CREATE TABLE symbols (
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL CHECK (symbol <> ''),
  base_currency VARCHAR(20) NOT NULL,
  quote_currency VARCHAR(20) NOT NULL,
  asset_type VARCHAR(20) NOT NULL DEFAULT 'SPOT'
    CHECK (asset_type IN ('SPOT', 'PERPETUAL', 'FUTURE', 'STOCK', 'ETF')),
  min_quantity TEXT CHECK (CAST(min_quantity AS REAL) > 0) CHECK (min_quantity NOT GLOB '*[^0-9.-]*' AND min_quantity GLOB '*[0-9]*'),
  max_quantity TEXT CHECK (CAST(max_quantity AS REAL) > 0) CHECK (max_quantity NOT GLOB '*[^0-9.-]*' AND max_quantity GLOB '*[0-9]*'),
  step_size TEXT CHECK (CAST(step_size AS REAL) > 0) CHECK (step_size NOT GLOB '*[^0-9.-]*' AND step_size GLOB '*[0-9]*'),
  tick_size TEXT CHECK (CAST(tick_size AS REAL) > 0) CHECK (tick_size NOT GLOB '*[^0-9.-]*' AND tick_size GLOB '*[0-9]*'),
  price_precision INTEGER CHECK (price_precision >= 0),
  quantity_precision INTEGER CHECK (quantity_precision >= 0),
  min_notional TEXT CHECK (CAST(min_notional AS REAL) >= 0) CHECK (min_notional NOT GLOB '*[^0-9.-]*' AND min_notional GLOB '*[0-9]*'),
  status VARCHAR(20) NOT NULL DEFAULT 'TRADING' CHECK (status IN ('TRADING', 'HALT', 'DELISTED')),
  contract_info TEXT CHECK (contract_info IS NULL OR json_valid(contract_info)),
  metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  PRIMARY KEY (exchange_id, symbol),
  CHECK (max_quantity IS NULL OR min_quantity IS NULL OR CAST(max_quantity AS REAL) >= CAST(min_quantity AS REAL))
);
CREATE INDEX idx_symbols_exchange_status ON symbols(exchange_id, status);

CREATE TABLE api_connections (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  label VARCHAR(255),
  environment VARCHAR(20) NOT NULL
    CHECK (environment IN ('TESTNET', 'PRODUCTION', 'LOCAL', 'DEV', 'PROD')),
  api_key_encrypted TEXT NOT NULL CHECK (api_key_encrypted GLOB 'gAAAAA*'),
  api_secret_encrypted TEXT NOT NULL CHECK (api_secret_encrypted GLOB 'gAAAAA*'),
  passphrase_encrypted TEXT CHECK (passphrase_encrypted GLOB 'gAAAAA*'),
  status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE'
    CHECK (status IN ('ACTIVE', 'INACTIVE', 'ERROR', 'EXPIRED')),
  permissions TEXT NOT NULL DEFAULT '["READ"]' CHECK (permissions IS NULL OR json_valid(permissions)),
  last_tested_at TEXT,
  last_test_result TEXT CHECK (last_test_result IS NULL OR json_valid(last_test_result)),
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  deleted_at TEXT
);
CREATE INDEX idx_api_connections_user_exchange ON api_connections(user_id, exchange_id);
CREATE INDEX idx_api_connections_deleted ON api_connections(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE database_configs (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  name VARCHAR(255) NOT NULL,
  db_type VARCHAR(20) NOT NULL CHECK (db_type IN ('POSTGRESQL', 'MYSQL', 'MONGODB')),
  host VARCHAR(255) NOT NULL,
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  database VARCHAR(255) NOT NULL,
  "user" VARCHAR(255) NOT NULL,
  password_encrypted TEXT CHECK (password_encrypted GLOB 'gAAAAA*'),
  ssl_config TEXT CHECK (ssl_config IS NULL OR json_valid(ssl_config)),
  status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE', 'ERROR')),
  last_tested_at TEXT,
  last_test_result TEXT CHECK (last_test_result IS NULL OR json_valid(last_test_result)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  deleted_at TEXT
);
CREATE INDEX idx_database_configs_user ON database_configs(user_id);
CREATE INDEX idx_database_configs_deleted ON database_configs(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE strategies (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  name VARCHAR(255) NOT NULL,
  type VARCHAR(20) NOT NULL CHECK (type IN ('technical', 'ml', 'hybrid', 'arbitrage', 'llm')),
  parameters TEXT NOT NULL DEFAULT '{}' CHECK (parameters IS NULL OR json_valid(parameters)),
  description TEXT,
  version VARCHAR(50) NOT NULL DEFAULT '1.0.0'
    CHECK (version GLOB '[0-9]*.[0-9]*.[0-9]*' AND version NOT GLOB '*[^0-9A-Za-z.+-]*'),
  backtest_summary TEXT CHECK (backtest_summary IS NULL OR json_valid(backtest_summary)),
  is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  deleted_at TEXT
);
CREATE UNIQUE INDEX uq_strategies_user_name_version ON strategies(user_id, name, version)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_strategies_user ON strategies(user_id);
CREATE INDEX idx_strategies_type ON strategies(type);
CREATE INDEX idx_strategies_public ON strategies(is_public);
CREATE INDEX idx_strategies_deleted ON strategies(deleted_at) WHERE deleted_at IS NOT NULL;

-- bots: 000 Expert + 002 Bots + 004 trading_agents (agent fields) in one entity.
CREATE TABLE bots (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  strategy_id TEXT REFERENCES strategies(id),
  exchange_id INTEGER REFERENCES exchanges(id),
  symbol VARCHAR(30),
  name VARCHAR(100) NOT NULL CHECK (name <> ''),
  description TEXT,
  status VARCHAR(20) NOT NULL DEFAULT 'stopped'
    CHECK (status IN ('active', 'running', 'paused', 'stopped', 'error')),
  config TEXT NOT NULL DEFAULT '{}' CHECK (config IS NULL OR json_valid(config)),
  performance_stats TEXT CHECK (performance_stats IS NULL OR json_valid(performance_stats)),
  llm_model VARCHAR(50),
  exchange_account VARCHAR(50),
  initial_balance TEXT CHECK (CAST(initial_balance AS REAL) > 0) CHECK (initial_balance NOT GLOB '*[^0-9.-]*' AND initial_balance GLOB '*[0-9]*'),
  max_position_size TEXT NOT NULL DEFAULT '20.0' CHECK (max_position_size NOT GLOB '*[^0-9.-]*' AND max_position_size GLOB '*[0-9]*')
    CHECK (CAST(max_position_size AS REAL) > 0 AND CAST(max_position_size AS REAL) <= 100),
  max_leverage INTEGER NOT NULL DEFAULT 10 CHECK (max_leverage BETWEEN 1 AND 50),
  stop_loss_pct TEXT NOT NULL DEFAULT '2.0' CHECK (CAST(stop_loss_pct AS REAL) >= 0 AND CAST(stop_loss_pct AS REAL) <= 100) CHECK (stop_loss_pct NOT GLOB '*[^0-9.-]*' AND stop_loss_pct GLOB '*[0-9]*'),
  take_profit_pct TEXT NOT NULL DEFAULT '5.0' CHECK (take_profit_pct NOT GLOB '*[^0-9.-]*' AND take_profit_pct GLOB '*[0-9]*')
    CHECK (CAST(take_profit_pct AS REAL) >= 0 AND CAST(take_profit_pct AS REAL) <= 100),
  strategy_description TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  last_run_at TEXT,
  deleted_at TEXT,
  CHECK (symbol IS NULL OR exchange_id IS NOT NULL),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
-- 000: name unique per exchange; 004: name unique. A live bot name is unique per owner.
CREATE UNIQUE INDEX uq_bots_user_name ON bots(user_id, name) WHERE deleted_at IS NULL;
CREATE INDEX idx_bots_user ON bots(user_id);
CREATE INDEX idx_bots_status ON bots(status);
CREATE INDEX idx_bots_last_run ON bots(last_run_at);
CREATE INDEX idx_bots_llm_model ON bots(llm_model);
CREATE INDEX idx_bots_deleted ON bots(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_bots_active ON bots(user_id, last_run_at DESC)
  WHERE deleted_at IS NULL AND status IN ('running', 'paused');

-- 001 BotConfiguration: immutable; a change is a new version.
CREATE TABLE bot_configurations (
  id TEXT PRIMARY KEY,
  bot_id TEXT NOT NULL REFERENCES bots(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  name VARCHAR(255) NOT NULL,
  symbols TEXT NOT NULL CHECK (json_type(symbols) = 'array' AND json_array_length(symbols) > 0) CHECK (symbols IS NULL OR json_valid(symbols)),
  parameters TEXT NOT NULL DEFAULT '{}' CHECK (parameters IS NULL OR json_valid(parameters)),
  quote_amount TEXT CHECK (CAST(quote_amount AS REAL) > 0) CHECK (quote_amount NOT GLOB '*[^0-9.-]*' AND quote_amount GLOB '*[0-9]*'),
  max_trades_per_hour INTEGER CHECK (max_trades_per_hour > 0 AND max_trades_per_hour <= 100),
  max_daily_spend TEXT CHECK (CAST(max_daily_spend AS REAL) > 0) CHECK (max_daily_spend NOT GLOB '*[^0-9.-]*' AND max_daily_spend GLOB '*[0-9]*'),
  recv_window INTEGER CHECK (recv_window > 0 AND recv_window <= 1000),
  safety_enabled INTEGER NOT NULL DEFAULT 1 CHECK (safety_enabled IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  created_by VARCHAR(255),
  UNIQUE (bot_id, version)
);

CREATE TABLE backtests (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  strategy_id TEXT NOT NULL REFERENCES strategies(id),
  bot_id TEXT REFERENCES bots(id),
  exchange_id INTEGER REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  timeframe VARCHAR(10) NOT NULL
    CHECK (timeframe IN ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h',
                         '12h', '1d', '3d', '1w', '1M')),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  parameters TEXT NOT NULL DEFAULT '{}' CHECK (parameters IS NULL OR json_valid(parameters)),
  data_source TEXT,
  fee_bps TEXT NOT NULL DEFAULT '0' CHECK (CAST(fee_bps AS REAL) >= 0 AND CAST(fee_bps AS REAL) <= 10000) CHECK (fee_bps NOT GLOB '*[^0-9.-]*' AND fee_bps GLOB '*[0-9]*'),
  initial_capital TEXT NOT NULL CHECK (CAST(initial_capital AS REAL) > 0) CHECK (initial_capital NOT GLOB '*[^0-9.-]*' AND initial_capital GLOB '*[0-9]*'),
  final_equity TEXT NOT NULL CHECK (final_equity NOT GLOB '*[^0-9.-]*' AND final_equity GLOB '*[0-9]*'),
  total_trades INTEGER NOT NULL CHECK (total_trades >= 0),
  winning_trades INTEGER NOT NULL CHECK (winning_trades >= 0),
  losing_trades INTEGER NOT NULL CHECK (losing_trades >= 0),
  win_rate TEXT NOT NULL CHECK (CAST(win_rate AS REAL) >= 0 AND CAST(win_rate AS REAL) <= 100) CHECK (win_rate NOT GLOB '*[^0-9.-]*' AND win_rate GLOB '*[0-9]*'),
  sharpe_ratio TEXT CHECK (sharpe_ratio NOT GLOB '*[^0-9.-]*' AND sharpe_ratio GLOB '*[0-9]*'),
  sortino_ratio TEXT CHECK (sortino_ratio NOT GLOB '*[^0-9.-]*' AND sortino_ratio GLOB '*[0-9]*'),
  max_drawdown TEXT NOT NULL CHECK (CAST(max_drawdown AS REAL) >= 0 AND CAST(max_drawdown AS REAL) <= 1) CHECK (max_drawdown NOT GLOB '*[^0-9.-]*' AND max_drawdown GLOB '*[0-9]*'),
  max_drawdown_duration_hours TEXT NOT NULL CHECK (CAST(max_drawdown_duration_hours AS REAL) >= 0) CHECK (max_drawdown_duration_hours NOT GLOB '*[^0-9.-]*' AND max_drawdown_duration_hours GLOB '*[0-9]*'),
  profit_factor TEXT CHECK (CAST(profit_factor AS REAL) >= 0) CHECK (profit_factor NOT GLOB '*[^0-9.-]*' AND profit_factor GLOB '*[0-9]*'),
  avg_win TEXT NOT NULL CHECK (avg_win NOT GLOB '*[^0-9.-]*' AND avg_win GLOB '*[0-9]*'),
  avg_loss TEXT NOT NULL CHECK (avg_loss NOT GLOB '*[^0-9.-]*' AND avg_loss GLOB '*[0-9]*'),
  largest_win TEXT NOT NULL CHECK (largest_win NOT GLOB '*[^0-9.-]*' AND largest_win GLOB '*[0-9]*'),
  largest_loss TEXT NOT NULL CHECK (largest_loss NOT GLOB '*[^0-9.-]*' AND largest_loss GLOB '*[0-9]*'),
  results TEXT NOT NULL DEFAULT '[]' CHECK (results IS NULL OR json_valid(results)),
  equity_curve TEXT NOT NULL DEFAULT '[]' CHECK (equity_curve IS NULL OR json_valid(equity_curve)),
  metrics TEXT NOT NULL DEFAULT '{}' CHECK (metrics IS NULL OR json_valid(metrics)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  deleted_at TEXT,
  CHECK (end_date >= start_date),
  CHECK (winning_trades + losing_trades <= total_trades)
);
CREATE INDEX idx_backtests_strategy_created ON backtests(strategy_id, created_at);
CREATE INDEX idx_backtests_bot_created ON backtests(bot_id, created_at);
CREATE INDEX idx_backtests_deleted ON backtests(deleted_at) WHERE deleted_at IS NOT NULL;

-- Per-bar equity of a backtest (the JSON column keeps the daily curve).
CREATE TABLE equity_curve (
  backtest_id TEXT NOT NULL REFERENCES backtests(id) ON DELETE CASCADE,
  time TEXT NOT NULL,
  equity TEXT NOT NULL CHECK (equity NOT GLOB '*[^0-9.-]*' AND equity GLOB '*[0-9]*'),
  PRIMARY KEY (backtest_id, time)
);

-- 001 BotRun.
CREATE TABLE bot_runs (
  id TEXT PRIMARY KEY,
  bot_id TEXT NOT NULL REFERENCES bots(id),
  configuration_id TEXT NOT NULL REFERENCES bot_configurations(id),
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  mode VARCHAR(10) NOT NULL CHECK (mode IN ('backtest', 'paper', 'live')),
  status VARCHAR(10) NOT NULL DEFAULT 'starting'
    CHECK (status IN ('starting', 'running', 'stopping', 'stopped', 'failed')),
  started_at TEXT NOT NULL,
  stopped_at TEXT,
  last_heartbeat TEXT,
  operator_id VARCHAR(255),
  error_message TEXT,
  CHECK (stopped_at IS NULL OR started_at < stopped_at),
  CHECK (status <> 'failed' OR error_message IS NOT NULL)
);
CREATE INDEX idx_bot_runs_status_heartbeat ON bot_runs(status, last_heartbeat);
CREATE INDEX idx_bot_runs_bot ON bot_runs(bot_id);

-- 004 bot_state: key/value runtime state for resume after restart.
CREATE TABLE bot_state (
  key VARCHAR(100) PRIMARY KEY,
  bot_id TEXT REFERENCES bots(id),
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
);

-- 001 ListingSignal.
CREATE TABLE listing_signals (
  id TEXT PRIMARY KEY,
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL CHECK (length(symbol) BETWEEN 2 AND 20 AND symbol NOT GLOB '*[^A-Z0-9]*'),
  detection_source VARCHAR(20) NOT NULL CHECK (detection_source IN ('calendar', 'ticker_diff')),
  detected_at TEXT NOT NULL,
  listing_time TEXT,
  confidence VARCHAR(10) CHECK (confidence IN ('high', 'medium', 'low')),
  freshness_deadline TEXT NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0 CHECK (processed IN (0, 1)),
  CHECK (freshness_deadline > detected_at),
  CHECK (listing_time IS NULL OR detection_source = 'calendar')
);
CREATE INDEX idx_listing_signals_unprocessed ON listing_signals(processed, freshness_deadline);

-- 003 ModelPrediction.
CREATE TABLE model_predictions (
  id TEXT PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TEXT NOT NULL,
  predicted_price TEXT CHECK (CAST(predicted_price AS REAL) > 0) CHECK (predicted_price NOT GLOB '*[^0-9.-]*' AND predicted_price GLOB '*[0-9]*'),
  probability_up TEXT CHECK (CAST(probability_up AS REAL) >= 0 AND CAST(probability_up AS REAL) <= 1) CHECK (probability_up NOT GLOB '*[^0-9.-]*' AND probability_up GLOB '*[0-9]*'),
  confidence_score TEXT CHECK (CAST(confidence_score AS REAL) >= 0 AND CAST(confidence_score AS REAL) <= 1) CHECK (confidence_score NOT GLOB '*[^0-9.-]*' AND confidence_score GLOB '*[0-9]*'),
  model_version VARCHAR(100) NOT NULL,
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_model_predictions_symbol_time ON model_predictions(exchange_id, symbol, timestamp);

-- 003 TradeDecision + 004 agent_decisions.
CREATE TABLE trade_decisions (
  id TEXT PRIMARY KEY,
  bot_id TEXT REFERENCES bots(id),
  exchange_id INTEGER,
  symbol VARCHAR(30),
  coin VARCHAR(10) CHECK (coin IN ('BTC', 'ETH', 'SOL', 'BNB', 'DOGE', 'XRP')),
  timestamp TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  status VARCHAR(20) NOT NULL DEFAULT 'success'
    CHECK (status IN ('success', 'failed', 'parsing_error')),
  action VARCHAR(20) NOT NULL
    CHECK (action IN ('BUY', 'SELL', 'HOLD', 'OPEN_LONG', 'OPEN_SHORT', 'CLOSE_POSITION')),
  size TEXT NOT NULL DEFAULT '0' CHECK (CAST(size AS REAL) >= 0) CHECK (size NOT GLOB '*[^0-9.-]*' AND size GLOB '*[0-9]*'),
  size_usd TEXT NOT NULL DEFAULT '0' CHECK (CAST(size_usd AS REAL) >= 0) CHECK (size_usd NOT GLOB '*[^0-9.-]*' AND size_usd GLOB '*[0-9]*'),
  leverage INTEGER NOT NULL DEFAULT 1 CHECK (leverage BETWEEN 1 AND 50),
  stop_loss_price TEXT NOT NULL DEFAULT '0' CHECK (CAST(stop_loss_price AS REAL) >= 0) CHECK (stop_loss_price NOT GLOB '*[^0-9.-]*' AND stop_loss_price GLOB '*[0-9]*'),
  take_profit_price TEXT NOT NULL DEFAULT '0' CHECK (CAST(take_profit_price AS REAL) >= 0) CHECK (take_profit_price NOT GLOB '*[^0-9.-]*' AND take_profit_price GLOB '*[0-9]*'),
  predicted_roi TEXT CHECK (predicted_roi NOT GLOB '*[^0-9.-]*' AND predicted_roi GLOB '*[0-9]*'),
  model_prediction_id TEXT REFERENCES model_predictions(id),
  approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
  risk_reason TEXT,
  confidence TEXT CHECK (CAST(confidence AS REAL) >= 0 AND CAST(confidence AS REAL) <= 1) CHECK (confidence NOT GLOB '*[^0-9.-]*' AND confidence GLOB '*[0-9]*'),
  reasoning TEXT,
  prompt_content TEXT,
  llm_response TEXT,
  execution_time_ms INTEGER CHECK (execution_time_ms >= 0),
  error_message TEXT,
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  CHECK (symbol IS NOT NULL OR coin IS NOT NULL),
  CHECK (action <> 'HOLD' OR CAST(size AS REAL) = 0),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_trade_decisions_bot ON trade_decisions(bot_id);
CREATE INDEX idx_trade_decisions_timestamp ON trade_decisions(timestamp);
CREATE INDEX idx_trade_decisions_status ON trade_decisions(status);
CREATE INDEX idx_trade_decisions_action ON trade_decisions(action);
CREATE INDEX idx_trade_decisions_coin ON trade_decisions(coin);
CREATE INDEX idx_trade_decisions_symbol_time ON trade_decisions(exchange_id, symbol, timestamp);

-- positions: 002 Positions + 004 agent_trades. Partitioned quarterly by opened_at.
CREATE TABLE positions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  bot_id TEXT REFERENCES bots(id),
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  decision_id TEXT REFERENCES trade_decisions(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  side VARCHAR(5) NOT NULL CHECK (side IN ('LONG', 'SHORT')),
  entry_price TEXT NOT NULL CHECK (CAST(entry_price AS REAL) > 0) CHECK (entry_price NOT GLOB '*[^0-9.-]*' AND entry_price GLOB '*[0-9]*'),
  exit_price TEXT CHECK (CAST(exit_price AS REAL) > 0) CHECK (exit_price NOT GLOB '*[^0-9.-]*' AND exit_price GLOB '*[0-9]*'),
  mark_price TEXT CHECK (CAST(mark_price AS REAL) > 0) CHECK (mark_price NOT GLOB '*[^0-9.-]*' AND mark_price GLOB '*[0-9]*'),
  liquidation_price TEXT CHECK (CAST(liquidation_price AS REAL) >= 0) CHECK (liquidation_price NOT GLOB '*[^0-9.-]*' AND liquidation_price GLOB '*[0-9]*'),
  quantity TEXT NOT NULL CHECK (CAST(quantity AS REAL) > 0) CHECK (quantity NOT GLOB '*[^0-9.-]*' AND quantity GLOB '*[0-9]*'),
  pnl TEXT CHECK (pnl NOT GLOB '*[^0-9.-]*' AND pnl GLOB '*[0-9]*'),
  pnl_percent TEXT CHECK (pnl_percent NOT GLOB '*[^0-9.-]*' AND pnl_percent GLOB '*[0-9]*'),
  unrealized_pnl TEXT CHECK (unrealized_pnl NOT GLOB '*[^0-9.-]*' AND unrealized_pnl GLOB '*[0-9]*'),
  realized_pnl TEXT CHECK (realized_pnl NOT GLOB '*[^0-9.-]*' AND realized_pnl GLOB '*[0-9]*'),
  fees TEXT NOT NULL DEFAULT '0' CHECK (CAST(fees AS REAL) >= 0) CHECK (fees NOT GLOB '*[^0-9.-]*' AND fees GLOB '*[0-9]*'),
  stop_loss TEXT CHECK (CAST(stop_loss AS REAL) > 0) CHECK (stop_loss NOT GLOB '*[^0-9.-]*' AND stop_loss GLOB '*[0-9]*'),
  take_profit TEXT CHECK (CAST(take_profit AS REAL) > 0) CHECK (take_profit NOT GLOB '*[^0-9.-]*' AND take_profit GLOB '*[0-9]*'),
  leverage INTEGER NOT NULL DEFAULT 1 CHECK (leverage BETWEEN 1 AND 125),
  margin_mode VARCHAR(10) CHECK (margin_mode IN ('ISOLATED', 'CROSS')),
  margin_used TEXT CHECK (CAST(margin_used AS REAL) >= 0) CHECK (margin_used NOT GLOB '*[^0-9.-]*' AND margin_used GLOB '*[0-9]*'),
  status VARCHAR(12) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED', 'LIQUIDATED')),
  exchange_position_id VARCHAR(100),
  notes TEXT,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  deleted_at TEXT,
  CHECK ((status = 'OPEN') = (closed_at IS NULL)),
  CHECK (closed_at IS NULL OR closed_at >= opened_at),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) ;
CREATE INDEX idx_positions_user_symbol_exchange_status
  ON positions(user_id, symbol, exchange_id, status);
CREATE INDEX idx_positions_bot_opened ON positions(bot_id, opened_at);
CREATE INDEX idx_positions_deleted ON positions(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_positions_user_open ON positions(user_id, status, opened_at DESC)
  WHERE deleted_at IS NULL AND status = 'OPEN';

-- orders: 000 Order + 001 TradeOrder + 002 Orders. Partitioned monthly by created_at.
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  bot_id TEXT REFERENCES bots(id),
  bot_run_id TEXT REFERENCES bot_runs(id) ON DELETE CASCADE,
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  position_id TEXT,
  signal_id TEXT REFERENCES listing_signals(id),
  decision_id TEXT REFERENCES trade_decisions(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  client_order_id VARCHAR(64) NOT NULL CHECK (client_order_id <> ''),
  exchange_order_id VARCHAR(100),
  side VARCHAR(4) NOT NULL CHECK (side IN ('BUY', 'SELL')),
  position_side VARCHAR(5) CHECK (position_side IN ('LONG', 'SHORT')),
  order_type VARCHAR(20) NOT NULL
    CHECK (order_type IN ('MARKET', 'LIMIT', 'STOP', 'STOP_MARKET', 'STOP_LIMIT', 'TAKE_PROFIT',
                          'TAKE_PROFIT_LIMIT', 'TRAILING_STOP')),
  time_in_force VARCHAR(3) NOT NULL DEFAULT 'GTC' CHECK (time_in_force IN ('GTC', 'IOC', 'FOK', 'GTX')),
  quantity TEXT NOT NULL DEFAULT '0' CHECK (CAST(quantity AS REAL) >= 0) CHECK (quantity NOT GLOB '*[^0-9.-]*' AND quantity GLOB '*[0-9]*'),
  quote_quantity TEXT CHECK (CAST(quote_quantity AS REAL) > 0) CHECK (quote_quantity NOT GLOB '*[^0-9.-]*' AND quote_quantity GLOB '*[0-9]*'),
  price TEXT CHECK (CAST(price AS REAL) > 0) CHECK (price NOT GLOB '*[^0-9.-]*' AND price GLOB '*[0-9]*'),
  stop_price TEXT CHECK (CAST(stop_price AS REAL) > 0) CHECK (stop_price NOT GLOB '*[^0-9.-]*' AND stop_price GLOB '*[0-9]*'),
  callback_rate TEXT CHECK (CAST(callback_rate AS REAL) > 0 AND CAST(callback_rate AS REAL) <= 100) CHECK (callback_rate NOT GLOB '*[^0-9.-]*' AND callback_rate GLOB '*[0-9]*'),
  leverage INTEGER CHECK (leverage BETWEEN 1 AND 125),
  margin_mode VARCHAR(10) CHECK (margin_mode IN ('ISOLATED', 'CROSS')),
  position_mode VARCHAR(10) CHECK (position_mode IN ('ONE_WAY', 'HEDGE')),
  stop_loss TEXT CHECK (CAST(stop_loss AS REAL) > 0) CHECK (stop_loss NOT GLOB '*[^0-9.-]*' AND stop_loss GLOB '*[0-9]*'),
  take_profit TEXT CHECK (CAST(take_profit AS REAL) > 0) CHECK (take_profit NOT GLOB '*[^0-9.-]*' AND take_profit GLOB '*[0-9]*'),
  reduce_only INTEGER NOT NULL DEFAULT 0 CHECK (reduce_only IN (0, 1)),
  recv_window INTEGER CHECK (recv_window > 0 AND recv_window <= 1000),
  status VARCHAR(20) NOT NULL DEFAULT 'PENDING'
    CHECK (status IN ('PENDING', 'SUBMITTED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED',
                      'REJECTED', 'EXPIRED', 'FAILED')),
  filled_quantity TEXT NOT NULL DEFAULT '0' CHECK (CAST(filled_quantity AS REAL) >= 0) CHECK (filled_quantity NOT GLOB '*[^0-9.-]*' AND filled_quantity GLOB '*[0-9]*'),
  avg_fill_price TEXT CHECK (CAST(avg_fill_price AS REAL) > 0) CHECK (avg_fill_price NOT GLOB '*[^0-9.-]*' AND avg_fill_price GLOB '*[0-9]*'),
  fees TEXT NOT NULL DEFAULT '0' CHECK (CAST(fees AS REAL) >= 0) CHECK (fees NOT GLOB '*[^0-9.-]*' AND fees GLOB '*[0-9]*'),
  reject_reason TEXT,
  error_code VARCHAR(50),
  latency_ms INTEGER CHECK (latency_ms >= 0),
  metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  completed_at TEXT,
  filled_at TEXT,
  cancelled_at TEXT,
  deleted_at TEXT,
  CHECK (CAST(quantity AS REAL) > 0 OR COALESCE(CAST(quote_quantity AS REAL), 0) > 0),
  CHECK (CAST(quantity AS REAL) = 0 OR CAST(filled_quantity AS REAL) <= CAST(quantity AS REAL)),
  CHECK (order_type NOT IN ('LIMIT', 'STOP_LIMIT', 'TAKE_PROFIT_LIMIT') OR price IS NOT NULL),
  CHECK (order_type <> 'TRAILING_STOP' OR callback_rate IS NOT NULL),
  CHECK (completed_at IS NULL OR submitted_at IS NULL OR submitted_at <= completed_at),
  CHECK (status <> 'FILLED' OR filled_at IS NOT NULL),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) ;
CREATE UNIQUE INDEX uq_orders_exchange_order_id ON orders(exchange_id, exchange_order_id);
CREATE INDEX idx_orders_user_symbol_exchange ON orders(user_id, symbol, exchange_id, created_at DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_orders_status_time ON orders(status, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX idx_orders_status_submitted ON orders(status, submitted_at);
CREATE INDEX idx_orders_deleted ON orders(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_orders_pending ON orders(user_id, created_at DESC)
  WHERE deleted_at IS NULL AND status = 'PENDING';
CREATE INDEX idx_orders_backtest ON orders(backtest_id);
-- Idempotency: a client order id is used once per run (or once per user outside runs).
CREATE UNIQUE INDEX uq_orders_run_client_id ON orders(bot_run_id, client_order_id)
  WHERE bot_run_id IS NOT NULL;

-- Every state transition of an order (000/001 FSMs), in order.
CREATE TABLE order_events (
  order_id TEXT NOT NULL,
  order_created_at TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  from_status VARCHAR(20) NOT NULL,
  to_status VARCHAR(20) NOT NULL
    CHECK (to_status IN ('PENDING', 'SUBMITTED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED',
                         'REJECTED', 'EXPIRED', 'FAILED')),
  -- TRANSITION changes the status; the others (from = to) record a modification, a stop's
  -- trigger, or a refused cancel or modify request.
  kind VARCHAR(20) NOT NULL DEFAULT 'TRANSITION'
    CHECK (kind IN ('TRANSITION', 'MODIFIED', 'TRIGGERED', 'CANCEL_REJECTED', 'MODIFY_REJECTED')),
  at TEXT NOT NULL,
  reason TEXT,
  PRIMARY KEY (order_id, seq),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE
);

-- trades (fills): 000 Trade + 002 Trades + 003 TradeExecution. Immutable. Monthly partitions.
CREATE TABLE trades (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  order_created_at TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  position_id TEXT,
  bot_id TEXT REFERENCES bots(id),
  backtest_id TEXT REFERENCES backtests(id),
  decision_id TEXT REFERENCES trade_decisions(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  side VARCHAR(4) NOT NULL CHECK (side IN ('BUY', 'SELL')),
  price TEXT NOT NULL CHECK (CAST(price AS REAL) > 0) CHECK (price NOT GLOB '*[^0-9.-]*' AND price GLOB '*[0-9]*'),
  quantity TEXT NOT NULL CHECK (CAST(quantity AS REAL) > 0) CHECK (quantity NOT GLOB '*[^0-9.-]*' AND quantity GLOB '*[0-9]*'),
  fee TEXT NOT NULL DEFAULT '0' CHECK (CAST(fee AS REAL) >= 0) CHECK (fee NOT GLOB '*[^0-9.-]*' AND fee GLOB '*[0-9]*'),
  fee_currency VARCHAR(20) NOT NULL,
  liquidity VARCHAR(5) NOT NULL DEFAULT 'TAKER' CHECK (liquidity IN ('MAKER', 'TAKER')),
  pnl TEXT CHECK (pnl NOT GLOB '*[^0-9.-]*' AND pnl GLOB '*[0-9]*'),
  status VARCHAR(10) NOT NULL DEFAULT 'SUCCESS'
    CHECK (status IN ('SUCCESS', 'FAILED', 'FILLED', 'REJECTED', 'CANCELED')),
  broker VARCHAR(50),
  latency_ms INTEGER CHECK (latency_ms >= 0),
  exchange_trade_id VARCHAR(100),
  metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  executed_at TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  FOREIGN KEY (order_id) REFERENCES orders(id),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) ;
CREATE UNIQUE INDEX uq_trades_exchange_trade_id ON trades(exchange_id, exchange_trade_id);
CREATE INDEX idx_trades_position_executed ON trades(position_id, executed_at);
CREATE INDEX idx_trades_order ON trades(order_id);
CREATE INDEX idx_trades_backtest ON trades(backtest_id);

-- 001 TradeLog: immutable ledger entry, one per order, with the raw exchange response.
CREATE TABLE trade_logs (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  order_created_at TEXT NOT NULL,
  exchange_response TEXT NOT NULL CHECK (exchange_response IS NULL OR json_valid(exchange_response)),
  fill_quantity TEXT CHECK (CAST(fill_quantity AS REAL) >= 0) CHECK (fill_quantity NOT GLOB '*[^0-9.-]*' AND fill_quantity GLOB '*[0-9]*'),
  fill_price TEXT CHECK (CAST(fill_price AS REAL) > 0) CHECK (fill_price NOT GLOB '*[^0-9.-]*' AND fill_price GLOB '*[0-9]*'),
  fees TEXT CHECK (fees IS NULL OR json_valid(fees)),
  position_snapshot TEXT CHECK (position_snapshot IS NULL OR json_valid(position_snapshot)),
  logged_at TEXT NOT NULL,
  UNIQUE (order_id),
  FOREIGN KEY (order_id) REFERENCES orders(id)
);
CREATE INDEX idx_trade_logs_logged ON trade_logs(logged_at);

-- market_prices: 000 Price + 002 Market_Prices + 003 MarketData. The hot bulk table: its
-- decimals come only from talon's writer, so the per-value text-format CHECK of the other
-- tables is left out here (it cost a third of the insert rate); range CHECKs stay.
CREATE TABLE market_prices (
  id INTEGER PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TEXT NOT NULL,
  close_time TEXT NOT NULL,
  interval VARCHAR(4) NOT NULL
    CHECK (interval IN ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h',
                        '12h', '1d', '3d', '1w', '1M')),
  open TEXT NOT NULL CHECK (CAST(open AS REAL) > 0),
  high TEXT NOT NULL CHECK (CAST(high AS REAL) > 0),
  low TEXT NOT NULL CHECK (CAST(low AS REAL) > 0),
  close TEXT NOT NULL CHECK (CAST(close AS REAL) > 0),
  volume TEXT NOT NULL CHECK (CAST(volume AS REAL) >= 0),
  quote_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(quote_volume AS REAL) >= 0),
  trades_count BIGINT NOT NULL DEFAULT 0 CHECK (trades_count >= 0),
  taker_buy_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(taker_buy_volume AS REAL) >= 0),
  taker_buy_quote_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(taker_buy_quote_volume AS REAL) >= 0),
  source VARCHAR(100),
  CHECK (CAST(high AS REAL) >= CAST(low AS REAL) AND CAST(high AS REAL) >= CAST(open AS REAL) AND CAST(high AS REAL) >= CAST(close AS REAL) AND CAST(low AS REAL) <= CAST(open AS REAL) AND CAST(low AS REAL) <= CAST(close AS REAL)),
  CHECK (close_time > timestamp),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) ;
CREATE UNIQUE INDEX idx_market_prices_symbol_interval_time
  ON market_prices(symbol, exchange_id, interval, timestamp DESC);

-- 002 OrderBook_Snapshots. Daily partitions.
CREATE TABLE orderbook_snapshots (
  id INTEGER PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TEXT NOT NULL,
  bids TEXT NOT NULL CHECK (json_type(bids) = 'array') CHECK (bids IS NULL OR json_valid(bids)),
  asks TEXT NOT NULL CHECK (json_type(asks) = 'array') CHECK (asks IS NULL OR json_valid(asks)),
  depth INTEGER NOT NULL CHECK (depth IN (5, 10, 20, 50)),
  total_bid_volume TEXT NOT NULL CHECK (CAST(total_bid_volume AS REAL) >= 0),
  total_ask_volume TEXT NOT NULL CHECK (CAST(total_ask_volume AS REAL) >= 0),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) ;
CREATE INDEX idx_orderbook_snapshots_symbol_time ON orderbook_snapshots(symbol, exchange_id, timestamp);

-- 003 TechnicalIndicator.
CREATE TABLE technical_indicators (
  id TEXT PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TEXT NOT NULL,
  indicator_name VARCHAR(50) NOT NULL CHECK (indicator_name <> ''),
  indicator_value TEXT NOT NULL CHECK (indicator_value NOT GLOB '*[^0-9.-]*' AND indicator_value GLOB '*[0-9]*'),
  period INTEGER CHECK (period > 0),
  computed_by VARCHAR(50) NOT NULL DEFAULT 'engine',
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_technical_indicators_symbol_time
  ON technical_indicators(exchange_id, symbol, indicator_name, timestamp);

CREATE TABLE bot_performance (
  id INTEGER PRIMARY KEY,
  bot_id TEXT NOT NULL REFERENCES bots(id),
  date TEXT NOT NULL,
  daily_pnl TEXT NOT NULL CHECK (daily_pnl NOT GLOB '*[^0-9.-]*' AND daily_pnl GLOB '*[0-9]*'),
  cumulative_pnl TEXT NOT NULL CHECK (cumulative_pnl NOT GLOB '*[^0-9.-]*' AND cumulative_pnl GLOB '*[0-9]*'),
  trades_count INTEGER NOT NULL DEFAULT 0 CHECK (trades_count >= 0),
  winning_trades INTEGER NOT NULL DEFAULT 0 CHECK (winning_trades >= 0),
  losing_trades INTEGER NOT NULL DEFAULT 0 CHECK (losing_trades >= 0),
  win_rate TEXT CHECK (CAST(win_rate AS REAL) >= 0 AND CAST(win_rate AS REAL) <= 100) CHECK (win_rate NOT GLOB '*[^0-9.-]*' AND win_rate GLOB '*[0-9]*'),
  sharpe_ratio TEXT CHECK (sharpe_ratio NOT GLOB '*[^0-9.-]*' AND sharpe_ratio GLOB '*[0-9]*'),
  max_drawdown TEXT CHECK (CAST(max_drawdown AS REAL) >= 0) CHECK (max_drawdown NOT GLOB '*[^0-9.-]*' AND max_drawdown GLOB '*[0-9]*'),
  total_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(total_volume AS REAL) >= 0) CHECK (total_volume NOT GLOB '*[^0-9.-]*' AND total_volume GLOB '*[0-9]*'),
  total_fees TEXT NOT NULL DEFAULT '0' CHECK (CAST(total_fees AS REAL) >= 0) CHECK (total_fees NOT GLOB '*[^0-9.-]*' AND total_fees GLOB '*[0-9]*'),
  detailed_metrics TEXT CHECK (detailed_metrics IS NULL OR json_valid(detailed_metrics)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  UNIQUE (bot_id, date),
  CHECK (winning_trades + losing_trades <= trades_count)
);

-- 004 agent_performance: periodic snapshots.
CREATE TABLE agent_performance (
  id TEXT PRIMARY KEY,
  bot_id TEXT NOT NULL REFERENCES bots(id),
  snapshot_time TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  total_value TEXT NOT NULL CHECK (total_value NOT GLOB '*[^0-9.-]*' AND total_value GLOB '*[0-9]*'),
  cash_balance TEXT NOT NULL CHECK (cash_balance NOT GLOB '*[^0-9.-]*' AND cash_balance GLOB '*[0-9]*'),
  position_value TEXT NOT NULL CHECK (position_value NOT GLOB '*[^0-9.-]*' AND position_value GLOB '*[0-9]*'),
  realized_pnl TEXT NOT NULL CHECK (realized_pnl NOT GLOB '*[^0-9.-]*' AND realized_pnl GLOB '*[0-9]*'),
  unrealized_pnl TEXT NOT NULL CHECK (unrealized_pnl NOT GLOB '*[^0-9.-]*' AND unrealized_pnl GLOB '*[0-9]*'),
  total_pnl TEXT NOT NULL CHECK (total_pnl NOT GLOB '*[^0-9.-]*' AND total_pnl GLOB '*[0-9]*'),
  roi_percent TEXT CHECK (roi_percent NOT GLOB '*[^0-9.-]*' AND roi_percent GLOB '*[0-9]*'),
  num_trades INTEGER NOT NULL DEFAULT 0 CHECK (num_trades >= 0),
  num_winning_trades INTEGER NOT NULL DEFAULT 0 CHECK (num_winning_trades >= 0),
  num_losing_trades INTEGER NOT NULL DEFAULT 0 CHECK (num_losing_trades >= 0),
  win_rate TEXT CHECK (CAST(win_rate AS REAL) >= 0 AND CAST(win_rate AS REAL) <= 100) CHECK (win_rate NOT GLOB '*[^0-9.-]*' AND win_rate GLOB '*[0-9]*'),
  avg_win TEXT CHECK (avg_win NOT GLOB '*[^0-9.-]*' AND avg_win GLOB '*[0-9]*'),
  avg_loss TEXT CHECK (avg_loss NOT GLOB '*[^0-9.-]*' AND avg_loss GLOB '*[0-9]*'),
  profit_factor TEXT CHECK (CAST(profit_factor AS REAL) >= 0) CHECK (profit_factor NOT GLOB '*[^0-9.-]*' AND profit_factor GLOB '*[0-9]*'),
  sharpe_ratio TEXT CHECK (sharpe_ratio NOT GLOB '*[^0-9.-]*' AND sharpe_ratio GLOB '*[0-9]*'),
  max_drawdown TEXT CHECK (CAST(max_drawdown AS REAL) >= 0) CHECK (max_drawdown NOT GLOB '*[^0-9.-]*' AND max_drawdown GLOB '*[0-9]*'),
  max_drawdown_percent TEXT CHECK (CAST(max_drawdown_percent AS REAL) >= 0 AND CAST(max_drawdown_percent AS REAL) <= 100) CHECK (max_drawdown_percent NOT GLOB '*[^0-9.-]*' AND max_drawdown_percent GLOB '*[0-9]*'),
  CHECK (num_winning_trades + num_losing_trades <= num_trades)
);
CREATE INDEX idx_agent_performance_bot ON agent_performance(bot_id);
CREATE INDEX idx_agent_performance_snapshot ON agent_performance(snapshot_time);

-- 003 StrategyPerformance: metrics over a window.
CREATE TABLE strategy_performance (
  id TEXT PRIMARY KEY,
  strategy_id TEXT NOT NULL REFERENCES strategies(id),
  exchange_id INTEGER,
  symbol VARCHAR(30),
  backtest_id TEXT REFERENCES backtests(id) ON DELETE CASCADE,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  total_trades INTEGER NOT NULL DEFAULT 0 CHECK (total_trades >= 0),
  win_rate TEXT CHECK (CAST(win_rate AS REAL) >= 0 AND CAST(win_rate AS REAL) <= 100) CHECK (win_rate NOT GLOB '*[^0-9.-]*' AND win_rate GLOB '*[0-9]*'),
  avg_roi TEXT CHECK (avg_roi NOT GLOB '*[^0-9.-]*' AND avg_roi GLOB '*[0-9]*'),
  max_drawdown TEXT CHECK (CAST(max_drawdown AS REAL) >= 0) CHECK (max_drawdown NOT GLOB '*[^0-9.-]*' AND max_drawdown GLOB '*[0-9]*'),
  sharpe_ratio TEXT CHECK (sharpe_ratio NOT GLOB '*[^0-9.-]*' AND sharpe_ratio GLOB '*[0-9]*'),
  CHECK (window_end > window_start),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_strategy_performance_strategy ON strategy_performance(strategy_id, window_start);

CREATE TABLE risk_limits (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  bot_id TEXT REFERENCES bots(id),
  max_position_size TEXT CHECK (CAST(max_position_size AS REAL) > 0) CHECK (max_position_size NOT GLOB '*[^0-9.-]*' AND max_position_size GLOB '*[0-9]*'),
  max_leverage INTEGER CHECK (max_leverage BETWEEN 1 AND 125),
  max_daily_loss TEXT CHECK (CAST(max_daily_loss AS REAL) > 0) CHECK (max_daily_loss NOT GLOB '*[^0-9.-]*' AND max_daily_loss GLOB '*[0-9]*'),
  max_drawdown TEXT CHECK (CAST(max_drawdown AS REAL) > 0) CHECK (max_drawdown NOT GLOB '*[^0-9.-]*' AND max_drawdown GLOB '*[0-9]*'),
  max_open_positions INTEGER CHECK (max_open_positions >= 0),
  max_order_size TEXT CHECK (CAST(max_order_size AS REAL) > 0) CHECK (max_order_size NOT GLOB '*[^0-9.-]*' AND max_order_size GLOB '*[0-9]*'),
  max_trades_per_hour INTEGER CHECK (max_trades_per_hour > 0 AND max_trades_per_hour <= 100),
  max_daily_spend TEXT CHECK (CAST(max_daily_spend AS REAL) > 0) CHECK (max_daily_spend NOT GLOB '*[^0-9.-]*' AND max_daily_spend GLOB '*[0-9]*'),
  risk_rules TEXT CHECK (risk_rules IS NULL OR json_valid(risk_rules)),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  deleted_at TEXT
);
CREATE INDEX idx_risk_limits_user_bot ON risk_limits(user_id, bot_id);
CREATE INDEX idx_risk_limits_deleted ON risk_limits(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  exchange_id INTEGER REFERENCES exchanges(id),
  symbol VARCHAR(30),
  type VARCHAR(20) NOT NULL CHECK (type IN ('PRICE', 'PNL', 'RISK', 'SYSTEM', 'FUNDING_RATE')),
  condition TEXT NOT NULL CHECK (condition IS NULL OR json_valid(condition)),
  threshold TEXT CHECK (threshold NOT GLOB '*[^0-9.-]*' AND threshold GLOB '*[0-9]*'),
  status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE'
    CHECK (status IN ('ACTIVE', 'TRIGGERED', 'DISABLED', 'EXPIRED')),
  notification_channel VARCHAR(20) NOT NULL
    CHECK (notification_channel IN ('EMAIL', 'TELEGRAM', 'WEBHOOK', 'SMS')),
  notification_config TEXT CHECK (notification_config IS NULL OR json_valid(notification_config)),
  metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  triggered_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  expires_at TEXT,
  deleted_at TEXT,
  CHECK (symbol IS NULL OR exchange_id IS NOT NULL),
  CHECK (status <> 'TRIGGERED' OR triggered_at IS NOT NULL),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_alerts_user_symbol_status ON alerts(user_id, symbol, status);
CREATE INDEX idx_alerts_status_created ON alerts(status, created_at);
-- Seed 002 adds "AND expires_at > NOW()"; an index predicate must be immutable, so the
-- expiry test stays in the query.
CREATE INDEX idx_alerts_active ON alerts(user_id, symbol, type) WHERE status = 'ACTIVE';

CREATE TABLE event_queue (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  event_type VARCHAR(40) NOT NULL
    CHECK (event_type IN ('ORDER_FILLED', 'ORDER_CANCELLED', 'POSITION_OPENED', 'POSITION_CLOSED',
                          'ALERT_TRIGGERED', 'BOT_STATUS_CHANGED')),
  payload TEXT NOT NULL CHECK (payload IS NULL OR json_valid(payload)),
  status VARCHAR(20) NOT NULL DEFAULT 'PENDING'
    CHECK (status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
  retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
  max_retries INTEGER NOT NULL DEFAULT 5 CHECK (max_retries >= 0),
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  processed_at TEXT,
  expires_at TEXT,
  CHECK (status <> 'COMPLETED' OR processed_at IS NOT NULL)
);
CREATE INDEX idx_event_queue_status_created ON event_queue(status, created_at);

-- 003 AuditLog: every command and system event. Append-only.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  timestamp TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  event_type VARCHAR(50) NOT NULL CHECK (event_type <> ''),
  actor VARCHAR(255) NOT NULL CHECK (actor <> ''),
  user_id TEXT REFERENCES users(id),
  payload TEXT NOT NULL DEFAULT '{}' CHECK (payload IS NULL OR json_valid(payload)),
  success INTEGER NOT NULL CHECK (success IN (0, 1))
);
CREATE INDEX idx_audit_log_timestamp ON audit_log(timestamp);
CREATE INDEX idx_audit_log_event_type ON audit_log(event_type, timestamp);



-- Immutability, enforced by the database itself.
CREATE TRIGGER trades_no_update BEFORE UPDATE ON trades
BEGIN SELECT RAISE(ABORT, 'talon: UPDATE on trades is refused: rows are immutable'); END;
CREATE TRIGGER trades_no_delete BEFORE DELETE ON trades
BEGIN SELECT RAISE(ABORT, 'talon: DELETE on trades is refused: rows are immutable'); END;
CREATE TRIGGER trade_logs_no_update BEFORE UPDATE ON trade_logs
BEGIN SELECT RAISE(ABORT, 'talon: UPDATE on trade_logs is refused: rows are immutable'); END;
CREATE TRIGGER trade_logs_no_delete BEFORE DELETE ON trade_logs
BEGIN SELECT RAISE(ABORT, 'talon: DELETE on trade_logs is refused: rows are immutable'); END;
CREATE TRIGGER bot_configurations_no_update BEFORE UPDATE ON bot_configurations
BEGIN SELECT RAISE(ABORT, 'talon: UPDATE on bot_configurations is refused: rows are immutable'); END;
CREATE TRIGGER bot_configurations_no_delete BEFORE DELETE ON bot_configurations
BEGIN SELECT RAISE(ABORT, 'talon: DELETE on bot_configurations is refused: rows are immutable'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'talon: UPDATE on audit_log is refused: rows are immutable'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'talon: DELETE on audit_log is refused: rows are immutable'); END;

-- 001 BotRun state machine.
CREATE TRIGGER bot_runs_transition BEFORE UPDATE OF status ON bot_runs
WHEN NEW.status IS NOT OLD.status AND NOT (
  (OLD.status = 'starting' AND NEW.status IN ('running', 'failed')) OR
  (OLD.status = 'running' AND NEW.status IN ('stopping', 'failed')) OR
  (OLD.status = 'stopping' AND NEW.status = 'stopped'))
BEGIN SELECT RAISE(ABORT, 'talon: bot_runs status transition refused'); END;

-- Soft delete: views of live rows.
CREATE VIEW active_users AS SELECT * FROM users WHERE deleted_at IS NULL;
CREATE VIEW active_bots AS SELECT * FROM bots WHERE deleted_at IS NULL;
CREATE VIEW active_strategies AS SELECT * FROM strategies WHERE deleted_at IS NULL;
CREATE VIEW active_orders AS SELECT * FROM orders WHERE deleted_at IS NULL;
CREATE VIEW active_positions AS SELECT * FROM positions WHERE deleted_at IS NULL;
CREATE VIEW active_backtests AS SELECT * FROM backtests WHERE deleted_at IS NULL;
CREATE VIEW active_api_connections AS SELECT * FROM api_connections WHERE deleted_at IS NULL;
CREATE VIEW active_database_configs AS SELECT * FROM database_configs WHERE deleted_at IS NULL;
CREATE VIEW active_risk_limits AS SELECT * FROM risk_limits WHERE deleted_at IS NULL;
)sql";

// 2: which output of which parameter set a technical_indicators value is (MACD has three
// outputs; two SMA periods are two series), and an index for a backtest's values (its
// ON DELETE CASCADE and `WHERE backtest_id = ?` reads).
constexpr const char* kIndicatorOutputs = R"sql(
ALTER TABLE technical_indicators ADD COLUMN output_name VARCHAR(50)
  CHECK (output_name IS NULL OR output_name <> '');
ALTER TABLE technical_indicators ADD COLUMN parameters TEXT
  CHECK (parameters IS NULL OR json_valid(parameters));
CREATE INDEX idx_technical_indicators_backtest
  ON technical_indicators(backtest_id, indicator_name, output_name, timestamp)
  WHERE backtest_id IS NOT NULL;
)sql";

// 3: the same candle rules on market_prices with 6 text-to-number conversions per
// row instead of 23 (low > 0 and low <= open, close <= high imply the other prices are
// positive). Bulk imports spent a fifth of their time in those conversions. SQLite cannot
// alter a CHECK, so the table is rebuilt; its rows are copied unchanged.
constexpr const char* kMarketPricesChecks = R"sql(
CREATE TABLE market_prices_v2 (
  id INTEGER PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TEXT NOT NULL,
  close_time TEXT NOT NULL,
  interval VARCHAR(4) NOT NULL
    CHECK (interval IN ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h',
                        '12h', '1d', '3d', '1w', '1M')),
  open TEXT NOT NULL,
  high TEXT NOT NULL,
  low TEXT NOT NULL CHECK (CAST(low AS REAL) > 0),
  close TEXT NOT NULL,
  volume TEXT NOT NULL CHECK (CAST(volume AS REAL) >= 0),
  quote_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(quote_volume AS REAL) >= 0),
  trades_count BIGINT NOT NULL DEFAULT 0 CHECK (trades_count >= 0),
  taker_buy_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(taker_buy_volume AS REAL) >= 0),
  taker_buy_quote_volume TEXT NOT NULL DEFAULT '0' CHECK (CAST(taker_buy_quote_volume AS REAL) >= 0),
  source VARCHAR(100),
  CONSTRAINT market_prices_candle CHECK (
    CAST(high AS REAL) >= max(CAST(open AS REAL), CAST(close AS REAL), CAST(low AS REAL)) AND
    CAST(low AS REAL) <= min(CAST(open AS REAL), CAST(close AS REAL))),
  CHECK (close_time > timestamp),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
INSERT INTO market_prices_v2 SELECT * FROM market_prices;
DROP TABLE market_prices;
ALTER TABLE market_prices_v2 RENAME TO market_prices;
CREATE UNIQUE INDEX idx_market_prices_symbol_interval_time
  ON market_prices(symbol, exchange_id, interval, timestamp DESC);
)sql";

// 4: bot_state keyed by bot and key (issue 11: each bot keeps its own state; the key alone
// was unique across all bots). Rows without a bot cannot be found by one and are dropped.
// SQLite cannot change a primary key, so the table is rebuilt.
constexpr const char* kBotStateByBot = R"sql(
CREATE TABLE bot_state_v2 (
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  key VARCHAR(100) NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
  PRIMARY KEY (bot_id, key)
);
INSERT INTO bot_state_v2 (bot_id, key, value, updated_at)
  SELECT bot_id, key, value, updated_at FROM bot_state WHERE bot_id IS NOT NULL;
DROP TABLE bot_state;
ALTER TABLE bot_state_v2 RENAME TO bot_state;
)sql";

// 5: the runs of one parameter search (`talon optimize`) share a backtest_session_id; the
// index finds a session's runs and the parameters already tried (resuming a session).
constexpr const char* kBacktestSessions = R"sql(
ALTER TABLE backtests ADD COLUMN backtest_session_id TEXT;
CREATE INDEX idx_backtests_session ON backtests(backtest_session_id)
  WHERE backtest_session_id IS NOT NULL;
)sql";

constexpr Migration kMigrations[] = {
    {1, "unified data model of seeds 000-004", kInitial},
    {2, "technical_indicators: output_name, parameters, backtest index", kIndicatorOutputs},
    {3, "market_prices: candle CHECKs with fewer conversions", kMarketPricesChecks},
    {4, "bot_state keyed by bot and key", kBotStateByBot},
    {5, "backtests.backtest_session_id: the runs of one parameter search", kBacktestSessions},
};

}  // namespace

std::span<const Migration> sqlite_migrations() {
  return kMigrations;
}

}  // namespace talon::store_detail
