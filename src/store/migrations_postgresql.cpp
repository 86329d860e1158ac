// PostgreSQL 15 migrations. Each entry runs in one transaction (see migrations.cpp); never
// edit a released migration, add a new one. Types and precisions follow seed 002
// (NUMERIC(20,8) prices/quantities/PnL, NUMERIC(10,4) ratios, NUMERIC(5,2) rates); where
// talon computes more fractional digits than a seed's precision keeps (max_drawdown,
// profit_factor: 8 places) the scale is widened so that the value round-trips exactly.
//
// Tables partitioned by time (seed 002): orders and trades monthly, positions quarterly,
// market_prices weekly, orderbook_snapshots daily. PostgreSQL requires the partition key in
// every primary and unique key of a partitioned table, so those keys carry it; rows that
// point at an order carry the order's created_at so that the foreign key can be enforced.

#include "migration_list.hpp"

namespace talon::store_detail {

namespace {

constexpr const char* kInitial = R"sql(
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Maps an enum-like text check; kept inline per table so a violation names the constraint.

CREATE TABLE users (
  id UUID PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
  password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
  full_name VARCHAR(255),
  timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  preferences JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_login TIMESTAMPTZ,
  deleted_at TIMESTAMPTZ
);
CREATE INDEX idx_users_created ON users(created_at);
CREATE INDEX idx_users_deleted ON users(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_users_active ON users(id) WHERE deleted_at IS NULL;

CREATE TABLE exchanges (
  id SERIAL PRIMARY KEY,
  code VARCHAR(20) NOT NULL UNIQUE
    CHECK (code IN ('BINANCE', 'BYBIT', 'OKX', 'MEXC', 'HYPERLIQUID', 'ALPACA')),
  name VARCHAR(255) NOT NULL,
  api_base_url VARCHAR(255),
  supported_features JSONB NOT NULL DEFAULT '[]',
  rate_limits JSONB NOT NULL DEFAULT '{}',
  supported_pairs JSONB NOT NULL DEFAULT '[]',
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  connection_status VARCHAR(20) NOT NULL DEFAULT 'disconnected'
    CHECK (connection_status IN ('connected', 'disconnected')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
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
  min_quantity NUMERIC(20,8) CHECK (min_quantity > 0),
  max_quantity NUMERIC(20,8) CHECK (max_quantity > 0),
  step_size NUMERIC(20,8) CHECK (step_size > 0),
  tick_size NUMERIC(20,8) CHECK (tick_size > 0),
  price_precision INTEGER CHECK (price_precision >= 0),
  quantity_precision INTEGER CHECK (quantity_precision >= 0),
  min_notional NUMERIC(20,8) CHECK (min_notional >= 0),
  status VARCHAR(20) NOT NULL DEFAULT 'TRADING' CHECK (status IN ('TRADING', 'HALT', 'DELISTED')),
  contract_info JSONB,
  metadata JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (exchange_id, symbol),
  CHECK (max_quantity IS NULL OR min_quantity IS NULL OR max_quantity >= min_quantity)
);
CREATE INDEX idx_symbols_exchange_status ON symbols(exchange_id, status);

CREATE TABLE api_connections (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  label VARCHAR(255),
  environment VARCHAR(20) NOT NULL
    CHECK (environment IN ('TESTNET', 'PRODUCTION', 'LOCAL', 'DEV', 'PROD')),
  api_key_encrypted TEXT NOT NULL CHECK (api_key_encrypted LIKE 'gAAAAA%'),
  api_secret_encrypted TEXT NOT NULL CHECK (api_secret_encrypted LIKE 'gAAAAA%'),
  passphrase_encrypted TEXT CHECK (passphrase_encrypted LIKE 'gAAAAA%'),
  status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE'
    CHECK (status IN ('ACTIVE', 'INACTIVE', 'ERROR', 'EXPIRED')),
  permissions JSONB NOT NULL DEFAULT '["READ"]',
  last_tested_at TIMESTAMPTZ,
  last_test_result JSONB,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ
);
CREATE INDEX idx_api_connections_user_exchange ON api_connections(user_id, exchange_id);
CREATE INDEX idx_api_connections_deleted ON api_connections(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE database_configs (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  name VARCHAR(255) NOT NULL,
  db_type VARCHAR(20) NOT NULL CHECK (db_type IN ('POSTGRESQL', 'MYSQL', 'MONGODB')),
  host VARCHAR(255) NOT NULL,
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  database VARCHAR(255) NOT NULL,
  "user" VARCHAR(255) NOT NULL,
  password_encrypted TEXT CHECK (password_encrypted LIKE 'gAAAAA%'),
  ssl_config JSONB,
  status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE', 'ERROR')),
  last_tested_at TIMESTAMPTZ,
  last_test_result JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ
);
CREATE INDEX idx_database_configs_user ON database_configs(user_id);
CREATE INDEX idx_database_configs_deleted ON database_configs(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE strategies (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  name VARCHAR(255) NOT NULL,
  type VARCHAR(20) NOT NULL CHECK (type IN ('technical', 'ml', 'hybrid', 'arbitrage', 'llm')),
  parameters JSONB NOT NULL DEFAULT '{}',
  description TEXT,
  version VARCHAR(50) NOT NULL DEFAULT '1.0.0'
    CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$'),
  backtest_summary JSONB,
  is_public BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX uq_strategies_user_name_version ON strategies(user_id, name, version)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_strategies_user ON strategies(user_id);
CREATE INDEX idx_strategies_type ON strategies(type);
CREATE INDEX idx_strategies_public ON strategies(is_public);
CREATE INDEX idx_strategies_deleted ON strategies(deleted_at) WHERE deleted_at IS NOT NULL;

-- bots: 000 Expert + 002 Bots + 004 trading_agents (agent fields) in one entity.
CREATE TABLE bots (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  strategy_id UUID REFERENCES strategies(id),
  exchange_id INTEGER REFERENCES exchanges(id),
  symbol VARCHAR(30),
  name VARCHAR(100) NOT NULL CHECK (name <> ''),
  description TEXT,
  status VARCHAR(20) NOT NULL DEFAULT 'stopped'
    CHECK (status IN ('active', 'running', 'paused', 'stopped', 'error')),
  config JSONB NOT NULL DEFAULT '{}',
  performance_stats JSONB,
  llm_model VARCHAR(50),
  exchange_account VARCHAR(50),
  initial_balance NUMERIC(20,8) CHECK (initial_balance > 0),
  max_position_size NUMERIC(5,2) NOT NULL DEFAULT 20.0
    CHECK (max_position_size > 0 AND max_position_size <= 100),
  max_leverage INTEGER NOT NULL DEFAULT 10 CHECK (max_leverage BETWEEN 1 AND 50),
  stop_loss_pct NUMERIC(5,2) NOT NULL DEFAULT 2.0 CHECK (stop_loss_pct >= 0 AND stop_loss_pct <= 100),
  take_profit_pct NUMERIC(5,2) NOT NULL DEFAULT 5.0
    CHECK (take_profit_pct >= 0 AND take_profit_pct <= 100),
  strategy_description TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_run_at TIMESTAMPTZ,
  deleted_at TIMESTAMPTZ,
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
  id UUID PRIMARY KEY,
  bot_id UUID NOT NULL REFERENCES bots(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  name VARCHAR(255) NOT NULL,
  symbols JSONB NOT NULL CHECK (jsonb_typeof(symbols) = 'array' AND jsonb_array_length(symbols) > 0),
  parameters JSONB NOT NULL DEFAULT '{}',
  quote_amount NUMERIC(20,8) CHECK (quote_amount > 0),
  max_trades_per_hour INTEGER CHECK (max_trades_per_hour > 0 AND max_trades_per_hour <= 100),
  max_daily_spend NUMERIC(20,8) CHECK (max_daily_spend > 0),
  recv_window INTEGER CHECK (recv_window > 0 AND recv_window <= 1000),
  safety_enabled BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by VARCHAR(255),
  UNIQUE (bot_id, version)
);

CREATE TABLE backtests (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  strategy_id UUID NOT NULL REFERENCES strategies(id),
  bot_id UUID REFERENCES bots(id),
  exchange_id INTEGER REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  timeframe VARCHAR(10) NOT NULL
    CHECK (timeframe IN ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h',
                         '12h', '1d', '3d', '1w', '1M')),
  start_date DATE NOT NULL,
  end_date DATE NOT NULL,
  parameters JSONB NOT NULL DEFAULT '{}',
  data_source TEXT,
  fee_bps NUMERIC(10,4) NOT NULL DEFAULT 0 CHECK (fee_bps >= 0 AND fee_bps <= 10000),
  initial_capital NUMERIC(20,8) NOT NULL CHECK (initial_capital > 0),
  final_equity NUMERIC(20,8) NOT NULL,
  total_trades INTEGER NOT NULL CHECK (total_trades >= 0),
  winning_trades INTEGER NOT NULL CHECK (winning_trades >= 0),
  losing_trades INTEGER NOT NULL CHECK (losing_trades >= 0),
  win_rate NUMERIC(5,2) NOT NULL CHECK (win_rate >= 0 AND win_rate <= 100),
  sharpe_ratio NUMERIC(10,4),
  sortino_ratio NUMERIC(10,4),
  max_drawdown NUMERIC(10,8) NOT NULL CHECK (max_drawdown >= 0 AND max_drawdown <= 1),
  max_drawdown_duration_hours NUMERIC(20,8) NOT NULL CHECK (max_drawdown_duration_hours >= 0),
  profit_factor NUMERIC(20,8) CHECK (profit_factor >= 0),
  avg_win NUMERIC(20,8) NOT NULL,
  avg_loss NUMERIC(20,8) NOT NULL,
  largest_win NUMERIC(20,8) NOT NULL,
  largest_loss NUMERIC(20,8) NOT NULL,
  results JSONB NOT NULL DEFAULT '[]',
  equity_curve JSONB NOT NULL DEFAULT '[]',
  metrics JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ,
  CHECK (end_date >= start_date),
  CHECK (winning_trades + losing_trades <= total_trades)
);
CREATE INDEX idx_backtests_strategy_created ON backtests(strategy_id, created_at);
CREATE INDEX idx_backtests_bot_created ON backtests(bot_id, created_at);
CREATE INDEX idx_backtests_deleted ON backtests(deleted_at) WHERE deleted_at IS NOT NULL;

-- Per-bar equity of a backtest (the JSON column keeps the daily curve).
CREATE TABLE equity_curve (
  backtest_id UUID NOT NULL REFERENCES backtests(id) ON DELETE CASCADE,
  time TIMESTAMPTZ NOT NULL,
  equity NUMERIC(20,8) NOT NULL,
  PRIMARY KEY (backtest_id, time)
);

-- 001 BotRun.
CREATE TABLE bot_runs (
  id UUID PRIMARY KEY,
  bot_id UUID NOT NULL REFERENCES bots(id),
  configuration_id UUID NOT NULL REFERENCES bot_configurations(id),
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  mode VARCHAR(10) NOT NULL CHECK (mode IN ('backtest', 'paper', 'live')),
  status VARCHAR(10) NOT NULL DEFAULT 'starting'
    CHECK (status IN ('starting', 'running', 'stopping', 'stopped', 'failed')),
  started_at TIMESTAMPTZ NOT NULL,
  stopped_at TIMESTAMPTZ,
  last_heartbeat TIMESTAMPTZ,
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
  bot_id UUID REFERENCES bots(id),
  value TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- 001 ListingSignal.
CREATE TABLE listing_signals (
  id UUID PRIMARY KEY,
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL CHECK (symbol ~ '^[A-Z0-9]{2,20}$'),
  detection_source VARCHAR(20) NOT NULL CHECK (detection_source IN ('calendar', 'ticker_diff')),
  detected_at TIMESTAMPTZ NOT NULL,
  listing_time TIMESTAMPTZ,
  confidence VARCHAR(10) CHECK (confidence IN ('high', 'medium', 'low')),
  freshness_deadline TIMESTAMPTZ NOT NULL,
  processed BOOLEAN NOT NULL DEFAULT FALSE,
  CHECK (freshness_deadline > detected_at),
  CHECK (listing_time IS NULL OR detection_source = 'calendar')
);
CREATE INDEX idx_listing_signals_unprocessed ON listing_signals(processed, freshness_deadline);

-- 003 ModelPrediction.
CREATE TABLE model_predictions (
  id UUID PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TIMESTAMPTZ NOT NULL,
  predicted_price NUMERIC(20,8) CHECK (predicted_price > 0),
  probability_up NUMERIC(5,4) CHECK (probability_up >= 0 AND probability_up <= 1),
  confidence_score NUMERIC(5,4) CHECK (confidence_score >= 0 AND confidence_score <= 1),
  model_version VARCHAR(100) NOT NULL,
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_model_predictions_symbol_time ON model_predictions(exchange_id, symbol, timestamp);

-- 003 TradeDecision + 004 agent_decisions.
CREATE TABLE trade_decisions (
  id UUID PRIMARY KEY,
  bot_id UUID REFERENCES bots(id),
  exchange_id INTEGER,
  symbol VARCHAR(30),
  coin VARCHAR(10) CHECK (coin IN ('BTC', 'ETH', 'SOL', 'BNB', 'DOGE', 'XRP')),
  timestamp TIMESTAMPTZ NOT NULL DEFAULT now(),
  status VARCHAR(20) NOT NULL DEFAULT 'success'
    CHECK (status IN ('success', 'failed', 'parsing_error')),
  action VARCHAR(20) NOT NULL
    CHECK (action IN ('BUY', 'SELL', 'HOLD', 'OPEN_LONG', 'OPEN_SHORT', 'CLOSE_POSITION')),
  size NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (size >= 0),
  size_usd NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (size_usd >= 0),
  leverage INTEGER NOT NULL DEFAULT 1 CHECK (leverage BETWEEN 1 AND 50),
  stop_loss_price NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (stop_loss_price >= 0),
  take_profit_price NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (take_profit_price >= 0),
  predicted_roi NUMERIC(10,4),
  model_prediction_id UUID REFERENCES model_predictions(id),
  approved BOOLEAN NOT NULL DEFAULT FALSE,
  risk_reason TEXT,
  confidence NUMERIC(3,2) CHECK (confidence >= 0 AND confidence <= 1),
  reasoning TEXT,
  prompt_content TEXT,
  llm_response TEXT,
  execution_time_ms INTEGER CHECK (execution_time_ms >= 0),
  error_message TEXT,
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  CHECK (symbol IS NOT NULL OR coin IS NOT NULL),
  CHECK (action <> 'HOLD' OR size = 0),
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
  id UUID NOT NULL,
  user_id UUID NOT NULL REFERENCES users(id),
  bot_id UUID REFERENCES bots(id),
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  decision_id UUID REFERENCES trade_decisions(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  side VARCHAR(5) NOT NULL CHECK (side IN ('LONG', 'SHORT')),
  entry_price NUMERIC(20,8) NOT NULL CHECK (entry_price > 0),
  exit_price NUMERIC(20,8) CHECK (exit_price > 0),
  mark_price NUMERIC(20,8) CHECK (mark_price > 0),
  liquidation_price NUMERIC(20,8) CHECK (liquidation_price >= 0),
  quantity NUMERIC(20,8) NOT NULL CHECK (quantity > 0),
  pnl NUMERIC(20,8),
  pnl_percent NUMERIC(10,4),
  unrealized_pnl NUMERIC(20,8),
  realized_pnl NUMERIC(20,8),
  fees NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (fees >= 0),
  stop_loss NUMERIC(20,8) CHECK (stop_loss > 0),
  take_profit NUMERIC(20,8) CHECK (take_profit > 0),
  leverage INTEGER NOT NULL DEFAULT 1 CHECK (leverage BETWEEN 1 AND 125),
  margin_mode VARCHAR(10) CHECK (margin_mode IN ('ISOLATED', 'CROSS')),
  margin_used NUMERIC(20,8) CHECK (margin_used >= 0),
  status VARCHAR(12) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED', 'LIQUIDATED')),
  exchange_position_id VARCHAR(100),
  notes TEXT,
  opened_at TIMESTAMPTZ NOT NULL,
  closed_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ,
  PRIMARY KEY (id, opened_at),
  CHECK ((status = 'OPEN') = (closed_at IS NULL)),
  CHECK (closed_at IS NULL OR closed_at >= opened_at),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) PARTITION BY RANGE (opened_at);
CREATE INDEX idx_positions_user_symbol_exchange_status
  ON positions(user_id, symbol, exchange_id, status);
CREATE INDEX idx_positions_bot_opened ON positions(bot_id, opened_at);
CREATE INDEX idx_positions_deleted ON positions(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_positions_user_open ON positions(user_id, status, opened_at DESC)
  WHERE deleted_at IS NULL AND status = 'OPEN';

-- orders: 000 Order + 001 TradeOrder + 002 Orders. Partitioned monthly by created_at.
CREATE TABLE orders (
  id UUID NOT NULL,
  user_id UUID NOT NULL REFERENCES users(id),
  bot_id UUID REFERENCES bots(id),
  bot_run_id UUID REFERENCES bot_runs(id) ON DELETE CASCADE,
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  position_id UUID,
  signal_id UUID REFERENCES listing_signals(id),
  decision_id UUID REFERENCES trade_decisions(id),
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
  quantity NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  quote_quantity NUMERIC(20,8) CHECK (quote_quantity > 0),
  price NUMERIC(20,8) CHECK (price > 0),
  stop_price NUMERIC(20,8) CHECK (stop_price > 0),
  callback_rate NUMERIC(5,2) CHECK (callback_rate > 0 AND callback_rate <= 100),
  leverage INTEGER CHECK (leverage BETWEEN 1 AND 125),
  margin_mode VARCHAR(10) CHECK (margin_mode IN ('ISOLATED', 'CROSS')),
  position_mode VARCHAR(10) CHECK (position_mode IN ('ONE_WAY', 'HEDGE')),
  stop_loss NUMERIC(20,8) CHECK (stop_loss > 0),
  take_profit NUMERIC(20,8) CHECK (take_profit > 0),
  reduce_only BOOLEAN NOT NULL DEFAULT FALSE,
  recv_window INTEGER CHECK (recv_window > 0 AND recv_window <= 1000),
  status VARCHAR(20) NOT NULL DEFAULT 'PENDING'
    CHECK (status IN ('PENDING', 'SUBMITTED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED',
                      'REJECTED', 'EXPIRED', 'FAILED')),
  filled_quantity NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0),
  avg_fill_price NUMERIC(20,8) CHECK (avg_fill_price > 0),
  fees NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (fees >= 0),
  reject_reason TEXT,
  error_code VARCHAR(50),
  latency_ms INTEGER CHECK (latency_ms >= 0),
  metadata JSONB,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  submitted_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  filled_at TIMESTAMPTZ,
  cancelled_at TIMESTAMPTZ,
  deleted_at TIMESTAMPTZ,
  PRIMARY KEY (id, created_at),
  CHECK (quantity > 0 OR COALESCE(quote_quantity, 0) > 0),
  CHECK (quantity = 0 OR filled_quantity <= quantity),
  CHECK (order_type NOT IN ('LIMIT', 'STOP_LIMIT', 'TAKE_PROFIT_LIMIT') OR price IS NOT NULL),
  CHECK (order_type <> 'TRAILING_STOP' OR callback_rate IS NOT NULL),
  CHECK (completed_at IS NULL OR submitted_at IS NULL OR submitted_at <= completed_at),
  CHECK (status <> 'FILLED' OR filled_at IS NOT NULL),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) PARTITION BY RANGE (created_at);
CREATE UNIQUE INDEX uq_orders_exchange_order_id ON orders(exchange_id, exchange_order_id, created_at);
CREATE INDEX idx_orders_user_symbol_exchange ON orders(user_id, symbol, exchange_id, created_at DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_orders_status_time ON orders(status, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX idx_orders_status_submitted ON orders(status, submitted_at);
CREATE INDEX idx_orders_deleted ON orders(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_orders_pending ON orders(user_id, created_at DESC)
  WHERE deleted_at IS NULL AND status = 'PENDING';
CREATE INDEX idx_orders_backtest ON orders(backtest_id);
-- Idempotency: a client order id is used once per run (or once per user outside runs).
CREATE UNIQUE INDEX uq_orders_run_client_id ON orders(bot_run_id, client_order_id, created_at)
  WHERE bot_run_id IS NOT NULL;

-- Every state transition of an order (000/001 FSMs), in order.
CREATE TABLE order_events (
  order_id UUID NOT NULL,
  order_created_at TIMESTAMPTZ NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  from_status VARCHAR(20) NOT NULL,
  to_status VARCHAR(20) NOT NULL
    CHECK (to_status IN ('PENDING', 'SUBMITTED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED',
                         'REJECTED', 'EXPIRED', 'FAILED')),
  -- TRANSITION changes the status; the others (from = to) record a modification, a stop's
  -- trigger, or a refused cancel or modify request.
  kind VARCHAR(20) NOT NULL DEFAULT 'TRANSITION'
    CHECK (kind IN ('TRANSITION', 'MODIFIED', 'TRIGGERED', 'CANCEL_REJECTED', 'MODIFY_REJECTED')),
  at TIMESTAMPTZ NOT NULL,
  reason TEXT,
  PRIMARY KEY (order_id, seq),
  FOREIGN KEY (order_id, order_created_at) REFERENCES orders(id, created_at) ON DELETE CASCADE
);

-- trades (fills): 000 Trade + 002 Trades + 003 TradeExecution. Immutable. Monthly partitions.
CREATE TABLE trades (
  id UUID NOT NULL,
  order_id UUID NOT NULL,
  order_created_at TIMESTAMPTZ NOT NULL,
  user_id UUID NOT NULL REFERENCES users(id),
  position_id UUID,
  bot_id UUID REFERENCES bots(id),
  backtest_id UUID REFERENCES backtests(id),
  decision_id UUID REFERENCES trade_decisions(id),
  exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
  symbol VARCHAR(30) NOT NULL,
  side VARCHAR(4) NOT NULL CHECK (side IN ('BUY', 'SELL')),
  price NUMERIC(20,8) NOT NULL CHECK (price > 0),
  quantity NUMERIC(20,8) NOT NULL CHECK (quantity > 0),
  fee NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (fee >= 0),
  fee_currency VARCHAR(20) NOT NULL,
  liquidity VARCHAR(5) NOT NULL DEFAULT 'TAKER' CHECK (liquidity IN ('MAKER', 'TAKER')),
  pnl NUMERIC(20,8),
  status VARCHAR(10) NOT NULL DEFAULT 'SUCCESS'
    CHECK (status IN ('SUCCESS', 'FAILED', 'FILLED', 'REJECTED', 'CANCELED')),
  broker VARCHAR(50),
  latency_ms INTEGER CHECK (latency_ms >= 0),
  exchange_trade_id VARCHAR(100),
  metadata JSONB,
  executed_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (id, executed_at),
  FOREIGN KEY (order_id, order_created_at) REFERENCES orders(id, created_at),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) PARTITION BY RANGE (executed_at);
CREATE UNIQUE INDEX uq_trades_exchange_trade_id ON trades(exchange_id, exchange_trade_id, executed_at);
CREATE INDEX idx_trades_position_executed ON trades(position_id, executed_at);
CREATE INDEX idx_trades_order ON trades(order_id);
CREATE INDEX idx_trades_backtest ON trades(backtest_id);

-- 001 TradeLog: immutable ledger entry, one per order, with the raw exchange response.
CREATE TABLE trade_logs (
  id UUID PRIMARY KEY,
  order_id UUID NOT NULL,
  order_created_at TIMESTAMPTZ NOT NULL,
  exchange_response JSONB NOT NULL,
  fill_quantity NUMERIC(20,8) CHECK (fill_quantity >= 0),
  fill_price NUMERIC(20,8) CHECK (fill_price > 0),
  fees JSONB,
  position_snapshot JSONB,
  logged_at TIMESTAMPTZ NOT NULL,
  UNIQUE (order_id),
  FOREIGN KEY (order_id, order_created_at) REFERENCES orders(id, created_at)
);
CREATE INDEX idx_trade_logs_logged ON trade_logs(logged_at);

-- market_prices: 000 Price + 002 Market_Prices + 003 MarketData. Weekly partitions.
CREATE TABLE market_prices (
  id BIGSERIAL,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TIMESTAMPTZ NOT NULL,
  close_time TIMESTAMPTZ NOT NULL,
  interval VARCHAR(4) NOT NULL
    CHECK (interval IN ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h',
                        '12h', '1d', '3d', '1w', '1M')),
  open NUMERIC(20,8) NOT NULL CHECK (open > 0),
  high NUMERIC(20,8) NOT NULL CHECK (high > 0),
  low NUMERIC(20,8) NOT NULL CHECK (low > 0),
  close NUMERIC(20,8) NOT NULL CHECK (close > 0),
  volume NUMERIC(20,8) NOT NULL CHECK (volume >= 0),
  quote_volume NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (quote_volume >= 0),
  trades_count BIGINT NOT NULL DEFAULT 0 CHECK (trades_count >= 0),
  taker_buy_volume NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (taker_buy_volume >= 0),
  taker_buy_quote_volume NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (taker_buy_quote_volume >= 0),
  source VARCHAR(100),
  PRIMARY KEY (id, timestamp),
  CHECK (high >= low AND high >= open AND high >= close AND low <= open AND low <= close),
  CHECK (close_time > timestamp),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) PARTITION BY RANGE (timestamp);
CREATE UNIQUE INDEX idx_market_prices_symbol_interval_time
  ON market_prices(symbol, exchange_id, interval, timestamp DESC);

-- 002 OrderBook_Snapshots. Daily partitions.
CREATE TABLE orderbook_snapshots (
  id BIGSERIAL,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TIMESTAMPTZ NOT NULL,
  bids JSONB NOT NULL CHECK (jsonb_typeof(bids) = 'array'),
  asks JSONB NOT NULL CHECK (jsonb_typeof(asks) = 'array'),
  depth INTEGER NOT NULL CHECK (depth IN (5, 10, 20, 50)),
  total_bid_volume NUMERIC(20,8) NOT NULL CHECK (total_bid_volume >= 0),
  total_ask_volume NUMERIC(20,8) NOT NULL CHECK (total_ask_volume >= 0),
  PRIMARY KEY (id, timestamp),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
) PARTITION BY RANGE (timestamp);
CREATE INDEX idx_orderbook_snapshots_symbol_time ON orderbook_snapshots(symbol, exchange_id, timestamp);

-- 003 TechnicalIndicator.
CREATE TABLE technical_indicators (
  id UUID PRIMARY KEY,
  exchange_id INTEGER NOT NULL,
  symbol VARCHAR(30) NOT NULL,
  timestamp TIMESTAMPTZ NOT NULL,
  indicator_name VARCHAR(50) NOT NULL CHECK (indicator_name <> ''),
  indicator_value NUMERIC(30,12) NOT NULL,
  period INTEGER CHECK (period > 0),
  computed_by VARCHAR(50) NOT NULL DEFAULT 'engine',
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_technical_indicators_symbol_time
  ON technical_indicators(exchange_id, symbol, indicator_name, timestamp);

CREATE TABLE bot_performance (
  id BIGSERIAL PRIMARY KEY,
  bot_id UUID NOT NULL REFERENCES bots(id),
  date DATE NOT NULL,
  daily_pnl NUMERIC(20,8) NOT NULL,
  cumulative_pnl NUMERIC(20,8) NOT NULL,
  trades_count INTEGER NOT NULL DEFAULT 0 CHECK (trades_count >= 0),
  winning_trades INTEGER NOT NULL DEFAULT 0 CHECK (winning_trades >= 0),
  losing_trades INTEGER NOT NULL DEFAULT 0 CHECK (losing_trades >= 0),
  win_rate NUMERIC(5,2) CHECK (win_rate >= 0 AND win_rate <= 100),
  sharpe_ratio NUMERIC(10,4),
  max_drawdown NUMERIC(10,4) CHECK (max_drawdown >= 0),
  total_volume NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (total_volume >= 0),
  total_fees NUMERIC(20,8) NOT NULL DEFAULT 0 CHECK (total_fees >= 0),
  detailed_metrics JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (bot_id, date),
  CHECK (winning_trades + losing_trades <= trades_count)
);

-- 004 agent_performance: periodic snapshots.
CREATE TABLE agent_performance (
  id UUID PRIMARY KEY,
  bot_id UUID NOT NULL REFERENCES bots(id),
  snapshot_time TIMESTAMPTZ NOT NULL DEFAULT now(),
  total_value NUMERIC(20,8) NOT NULL,
  cash_balance NUMERIC(20,8) NOT NULL,
  position_value NUMERIC(20,8) NOT NULL,
  realized_pnl NUMERIC(20,8) NOT NULL,
  unrealized_pnl NUMERIC(20,8) NOT NULL,
  total_pnl NUMERIC(20,8) NOT NULL,
  roi_percent NUMERIC(10,4),
  num_trades INTEGER NOT NULL DEFAULT 0 CHECK (num_trades >= 0),
  num_winning_trades INTEGER NOT NULL DEFAULT 0 CHECK (num_winning_trades >= 0),
  num_losing_trades INTEGER NOT NULL DEFAULT 0 CHECK (num_losing_trades >= 0),
  win_rate NUMERIC(5,2) CHECK (win_rate >= 0 AND win_rate <= 100),
  avg_win NUMERIC(20,8),
  avg_loss NUMERIC(20,8),
  profit_factor NUMERIC(20,8) CHECK (profit_factor >= 0),
  sharpe_ratio NUMERIC(10,4),
  max_drawdown NUMERIC(20,8) CHECK (max_drawdown >= 0),
  max_drawdown_percent NUMERIC(5,2) CHECK (max_drawdown_percent >= 0 AND max_drawdown_percent <= 100),
  CHECK (num_winning_trades + num_losing_trades <= num_trades)
);
CREATE INDEX idx_agent_performance_bot ON agent_performance(bot_id);
CREATE INDEX idx_agent_performance_snapshot ON agent_performance(snapshot_time);

-- 003 StrategyPerformance: metrics over a window.
CREATE TABLE strategy_performance (
  id UUID PRIMARY KEY,
  strategy_id UUID NOT NULL REFERENCES strategies(id),
  exchange_id INTEGER,
  symbol VARCHAR(30),
  backtest_id UUID REFERENCES backtests(id) ON DELETE CASCADE,
  window_start TIMESTAMPTZ NOT NULL,
  window_end TIMESTAMPTZ NOT NULL,
  total_trades INTEGER NOT NULL DEFAULT 0 CHECK (total_trades >= 0),
  win_rate NUMERIC(5,2) CHECK (win_rate >= 0 AND win_rate <= 100),
  avg_roi NUMERIC(10,4),
  max_drawdown NUMERIC(10,8) CHECK (max_drawdown >= 0),
  sharpe_ratio NUMERIC(10,4),
  CHECK (window_end > window_start),
  FOREIGN KEY (exchange_id, symbol) REFERENCES symbols(exchange_id, symbol)
);
CREATE INDEX idx_strategy_performance_strategy ON strategy_performance(strategy_id, window_start);

CREATE TABLE risk_limits (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  bot_id UUID REFERENCES bots(id),
  max_position_size NUMERIC(20,8) CHECK (max_position_size > 0),
  max_leverage INTEGER CHECK (max_leverage BETWEEN 1 AND 125),
  max_daily_loss NUMERIC(20,8) CHECK (max_daily_loss > 0),
  max_drawdown NUMERIC(10,4) CHECK (max_drawdown > 0),
  max_open_positions INTEGER CHECK (max_open_positions >= 0),
  max_order_size NUMERIC(20,8) CHECK (max_order_size > 0),
  max_trades_per_hour INTEGER CHECK (max_trades_per_hour > 0 AND max_trades_per_hour <= 100),
  max_daily_spend NUMERIC(20,8) CHECK (max_daily_spend > 0),
  risk_rules JSONB,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ
);
CREATE INDEX idx_risk_limits_user_bot ON risk_limits(user_id, bot_id);
CREATE INDEX idx_risk_limits_deleted ON risk_limits(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE alerts (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users(id),
  exchange_id INTEGER REFERENCES exchanges(id),
  symbol VARCHAR(30),
  type VARCHAR(20) NOT NULL CHECK (type IN ('PRICE', 'PNL', 'RISK', 'SYSTEM', 'FUNDING_RATE')),
  condition JSONB NOT NULL,
  threshold NUMERIC(20,8),
  status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE'
    CHECK (status IN ('ACTIVE', 'TRIGGERED', 'DISABLED', 'EXPIRED')),
  notification_channel VARCHAR(20) NOT NULL
    CHECK (notification_channel IN ('EMAIL', 'TELEGRAM', 'WEBHOOK', 'SMS')),
  notification_config JSONB,
  metadata JSONB,
  triggered_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ,
  deleted_at TIMESTAMPTZ,
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
  id BIGSERIAL PRIMARY KEY,
  event_id UUID NOT NULL UNIQUE,
  event_type VARCHAR(40) NOT NULL
    CHECK (event_type IN ('ORDER_FILLED', 'ORDER_CANCELLED', 'POSITION_OPENED', 'POSITION_CLOSED',
                          'ALERT_TRIGGERED', 'BOT_STATUS_CHANGED')),
  payload JSONB NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'PENDING'
    CHECK (status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
  retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
  max_retries INTEGER NOT NULL DEFAULT 5 CHECK (max_retries >= 0),
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  processed_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ,
  CHECK (status <> 'COMPLETED' OR processed_at IS NOT NULL)
);
CREATE INDEX idx_event_queue_status_created ON event_queue(status, created_at);

-- 003 AuditLog: every command and system event. Append-only.
CREATE TABLE audit_log (
  id UUID PRIMARY KEY,
  timestamp TIMESTAMPTZ NOT NULL DEFAULT now(),
  event_type VARCHAR(50) NOT NULL CHECK (event_type <> ''),
  actor VARCHAR(255) NOT NULL CHECK (actor <> ''),
  user_id UUID REFERENCES users(id),
  payload JSONB NOT NULL DEFAULT '{}',
  success BOOLEAN NOT NULL
);
CREATE INDEX idx_audit_log_timestamp ON audit_log(timestamp);
CREATE INDEX idx_audit_log_event_type ON audit_log(event_type, timestamp);

-- Immutability, enforced by the database itself.
CREATE FUNCTION talon_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'talon: % on % is refused: rows are immutable', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'raise_exception';
END $$;
CREATE TRIGGER trades_immutable BEFORE UPDATE OR DELETE ON trades
  FOR EACH ROW EXECUTE FUNCTION talon_refuse_change();
CREATE TRIGGER trades_no_truncate BEFORE TRUNCATE ON trades
  FOR EACH STATEMENT EXECUTE FUNCTION talon_refuse_change();
CREATE TRIGGER trade_logs_immutable BEFORE UPDATE OR DELETE ON trade_logs
  FOR EACH ROW EXECUTE FUNCTION talon_refuse_change();
CREATE TRIGGER trade_logs_no_truncate BEFORE TRUNCATE ON trade_logs
  FOR EACH STATEMENT EXECUTE FUNCTION talon_refuse_change();
CREATE TRIGGER bot_configurations_immutable BEFORE UPDATE OR DELETE ON bot_configurations
  FOR EACH ROW EXECUTE FUNCTION talon_refuse_change();
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION talon_refuse_change();

-- 001 BotRun state machine.
CREATE FUNCTION talon_bot_run_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'starting' AND NEW.status IN ('running', 'failed')) OR
       (OLD.status = 'running' AND NEW.status IN ('stopping', 'failed')) OR
       (OLD.status = 'stopping' AND NEW.status = 'stopped')) THEN
    RAISE EXCEPTION 'talon: bot_runs % cannot go from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bot_runs_transition BEFORE UPDATE ON bot_runs
  FOR EACH ROW EXECUTE FUNCTION talon_bot_run_transition();

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

-- Partition maintenance: creates every partition of `parent` that covers [p_from, p_to].
-- Bounds are UTC calendar units: day, week (Monday), month, quarter.
CREATE FUNCTION talon_partition_unit(parent TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE parent
    WHEN 'orders' THEN 'month' WHEN 'trades' THEN 'month' WHEN 'positions' THEN 'quarter'
    WHEN 'market_prices' THEN 'week' WHEN 'orderbook_snapshots' THEN 'day' END
$$;
CREATE FUNCTION talon_create_partitions(parent TEXT, p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  unit TEXT := talon_partition_unit(parent);
  step INTERVAL;
  lo TIMESTAMP;
  hi TIMESTAMP;
  part TEXT;
  created INTEGER := 0;
BEGIN
  IF unit IS NULL THEN
    RAISE EXCEPTION 'talon: % is not a partitioned table', parent;
  END IF;
  step := CASE unit WHEN 'day' THEN INTERVAL '1 day' WHEN 'week' THEN INTERVAL '7 days'
                    WHEN 'month' THEN INTERVAL '1 month' ELSE INTERVAL '3 months' END;
  lo := date_trunc(unit, p_from AT TIME ZONE 'UTC');
  WHILE lo <= p_to AT TIME ZONE 'UTC' LOOP
    hi := lo + step;
    part := parent || '_' || to_char(lo, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part,
                     parent, lo AT TIME ZONE 'UTC', hi AT TIME ZONE 'UTC');
      created := created + 1;
    END IF;
    lo := hi;
  END LOOP;
  RETURN created;
END $$;

-- Row-level security (seed 002): a session that sets app.user_id sees only that user's rows.
-- Table owners (the migrating role) bypass RLS; application sessions use talon_app.
-- Roles are per cluster: when two databases of one server migrate at once, both may try to
-- create it, and the loser's CREATE fails with a unique violation on pg_authid.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'talon_app') THEN
    CREATE ROLE talon_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;
GRANT USAGE ON SCHEMA public TO talon_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO talon_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO talon_app;
CREATE FUNCTION talon_session_user() RETURNS UUID LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('app.user_id', true), '')::uuid
$$;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON orders FOR ALL USING (user_id = talon_session_user());
ALTER TABLE positions ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON positions FOR ALL USING (user_id = talon_session_user());
ALTER TABLE trades ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON trades FOR ALL USING (user_id = talon_session_user());
ALTER TABLE bots ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON bots FOR ALL USING (user_id = talon_session_user());
ALTER TABLE strategies ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON strategies FOR ALL
  USING (user_id = talon_session_user() OR is_public)
  WITH CHECK (user_id = talon_session_user());
ALTER TABLE backtests ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON backtests FOR ALL USING (user_id = talon_session_user());
ALTER TABLE api_connections ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON api_connections FOR ALL USING (user_id = talon_session_user());
ALTER TABLE database_configs ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON database_configs FOR ALL USING (user_id = talon_session_user());
ALTER TABLE risk_limits ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON risk_limits FOR ALL USING (user_id = talon_session_user());
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON alerts FOR ALL USING (user_id = talon_session_user());
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON users FOR ALL USING (id = talon_session_user());
)sql";

// 2: which output of which parameter set a technical_indicators value is (MACD has three
// outputs; two SMA periods are two series), and an index for a backtest's values (its
// ON DELETE CASCADE and `WHERE backtest_id = $1` reads).
constexpr const char* kIndicatorOutputs = R"sql(
ALTER TABLE technical_indicators
  ADD COLUMN output_name VARCHAR(50) CHECK (output_name <> ''),
  ADD COLUMN parameters JSONB;
CREATE INDEX idx_technical_indicators_backtest
  ON technical_indicators(backtest_id, indicator_name, output_name, timestamp)
  WHERE backtest_id IS NOT NULL;
)sql";

// 3: row-level security on every table that holds a user's data, directly (user_id) or
// through its parent (a bot, backtest, order or strategy the user may see: the subquery is
// itself filtered by the parent's policy). Rows of nullable parents that belong to no user
// (indicators and predictions computed for the market, not for a backtest) may be read by
// every user but written by none. Shared reference data stays open: exchanges, symbols,
// market_prices, orderbook_snapshots, listing_signals, event_queue, schema_migrations.
// talon_create_partitions runs as its owner, so that the application role (which owns no
// table) can add the partitions an import or a backtest needs.
constexpr const char* kRowSecurityEverywhere = R"sql(
ALTER FUNCTION talon_create_partitions(TEXT, TIMESTAMPTZ, TIMESTAMPTZ)
  SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE ALL ON FUNCTION talon_create_partitions(TEXT, TIMESTAMPTZ, TIMESTAMPTZ) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION talon_create_partitions(TEXT, TIMESTAMPTZ, TIMESTAMPTZ) TO talon_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO talon_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO talon_app;

ALTER TABLE bot_configurations ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON bot_configurations FOR ALL
  USING (bot_id IN (SELECT id FROM bots));
ALTER TABLE bot_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON bot_runs FOR ALL USING (bot_id IN (SELECT id FROM bots));
ALTER TABLE bot_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON bot_state FOR ALL USING (bot_id IN (SELECT id FROM bots));
ALTER TABLE bot_performance ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON bot_performance FOR ALL USING (bot_id IN (SELECT id FROM bots));
ALTER TABLE agent_performance ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON agent_performance FOR ALL
  USING (bot_id IN (SELECT id FROM bots));
ALTER TABLE strategy_performance ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON strategy_performance FOR ALL
  USING (strategy_id IN (SELECT id FROM strategies));
ALTER TABLE equity_curve ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON equity_curve FOR ALL
  USING (backtest_id IN (SELECT id FROM backtests));
ALTER TABLE order_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON order_events FOR ALL USING (order_id IN (SELECT id FROM orders));
ALTER TABLE trade_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON trade_logs FOR ALL USING (order_id IN (SELECT id FROM orders));
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON audit_log FOR ALL USING (user_id = talon_session_user());
ALTER TABLE trade_decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON trade_decisions FOR ALL
  USING (bot_id IN (SELECT id FROM bots) OR backtest_id IN (SELECT id FROM backtests));
ALTER TABLE technical_indicators ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON technical_indicators FOR ALL
  USING (backtest_id IN (SELECT id FROM backtests));
CREATE POLICY market_wide_read ON technical_indicators FOR SELECT USING (backtest_id IS NULL);
ALTER TABLE model_predictions ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_isolation ON model_predictions FOR ALL
  USING (backtest_id IN (SELECT id FROM backtests));
CREATE POLICY market_wide_read ON model_predictions FOR SELECT USING (backtest_id IS NULL);
)sql";

// 4: who a session is, decided by the server: a login role is mapped to one user row
// (created on first use by talon_role_user(), which the CLI calls when it is not the table
// owner), and for a mapped role talon_session_user() ignores app.user_id, so that a client
// cannot choose another user. A role without a mapping (a trusted server that
// authenticates its users itself, or the owner) still sets app.user_id.
constexpr const char* kRoleUsers = R"sql(
CREATE TABLE role_users (
  role_name TEXT PRIMARY KEY,
  user_id UUID NOT NULL UNIQUE REFERENCES users(id)
);
REVOKE ALL ON role_users FROM talon_app;
CREATE OR REPLACE FUNCTION talon_session_user() RETURNS UUID
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT COALESCE((SELECT user_id FROM role_users WHERE role_name = session_user),
                  NULLIF(current_setting('app.user_id', true), '')::uuid)
$$;
CREATE FUNCTION talon_role_user() RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid UUID;
BEGIN
  SELECT user_id INTO uid FROM role_users WHERE role_name = session_user;
  IF uid IS NULL THEN
    uid := gen_random_uuid();
    INSERT INTO users (id, email, full_name, created_at, updated_at)
      VALUES (uid, session_user || '@role.talon.invalid', 'login role ' || session_user, now(),
              now());
    INSERT INTO role_users (role_name, user_id) VALUES (session_user, uid);
  END IF;
  RETURN uid;
END $$;
REVOKE ALL ON FUNCTION talon_role_user() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION talon_role_user() TO talon_app;
)sql";

// 5: bot_state keyed by bot and key (issue 11: each bot keeps its own state; the key alone
// was unique across all bots). Rows without a bot cannot be found by one and are dropped.
constexpr const char* kBotStateByBot = R"sql(
DELETE FROM bot_state WHERE bot_id IS NULL;
ALTER TABLE bot_state DROP CONSTRAINT bot_state_pkey;
ALTER TABLE bot_state DROP CONSTRAINT IF EXISTS bot_state_bot_id_fkey;
ALTER TABLE bot_state ALTER COLUMN bot_id SET NOT NULL;
ALTER TABLE bot_state ADD CONSTRAINT bot_state_bot_id_fkey
  FOREIGN KEY (bot_id) REFERENCES bots(id) ON DELETE CASCADE;
ALTER TABLE bot_state ADD CONSTRAINT bot_state_key_length CHECK (length(key) BETWEEN 1 AND 100);
ALTER TABLE bot_state ADD PRIMARY KEY (bot_id, key);
)sql";

// 6: the runs of one parameter search (`talon optimize`) share a backtest_session_id; the
// index finds a session's runs and the parameters already tried (resuming a session).
constexpr const char* kBacktestSessions = R"sql(
ALTER TABLE backtests ADD COLUMN backtest_session_id UUID;
CREATE INDEX idx_backtests_session ON backtests(backtest_session_id)
  WHERE backtest_session_id IS NOT NULL;
)sql";

constexpr Migration kMigrations[] = {
    {1, "unified data model of seeds 000-004", kInitial},
    {2, "technical_indicators: output_name, parameters, backtest index", kIndicatorOutputs},
    {3, "row-level security on every table holding a user's data", kRowSecurityEverywhere},
    {4, "login roles mapped to users; app.user_id cannot be chosen by a mapped role", kRoleUsers},
    {5, "bot_state keyed by bot and key", kBotStateByBot},
    {6, "backtests.backtest_session_id: the runs of one parameter search", kBacktestSessions},
};

}  // namespace

std::span<const Migration> postgresql_migrations() {
  return kMigrations;
}

}  // namespace talon::store_detail
