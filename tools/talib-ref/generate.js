// Writes TA-Lib's own output for talon's indicator tests: one gzip CSV per (function,
// parameters) in tests/data/talib/, columns open_time then TA-Lib's outputs, one row per
// input bar, empty cells during TA-Lib's lookback. Input: the real BTCUSDT 1m bars of
// tests/data/binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz. Numbers are printed in
// JavaScript's shortest round-trip form, so the double TA-Lib returned is reproduced exactly.
//
// Usage (from the repository root): npm --prefix tools/talib-ref install
//                                    node tools/talib-ref/generate.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const talib = require('talib');

const root = path.resolve(__dirname, '..', '..');
const input = path.join(root, 'tests/data/binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz');
const outDir = path.join(root, 'tests/data/talib');

const lines = zlib.gunzipSync(fs.readFileSync(input)).toString('utf8').trim().split('\n');
if (lines[0] !== 'open_time,open,high,low,close,volume') throw new Error('unexpected header ' + lines[0]);
const bars = { open_time: [], open: [], high: [], low: [], close: [], volume: [] };
for (const line of lines.slice(1)) {
  const f = line.split(',');
  bars.open_time.push(f[0]);
  bars.open.push(Number(f[1]));
  bars.high.push(Number(f[2]));
  bars.low.push(Number(f[3]));
  bars.close.push(Number(f[4]));
  bars.volume.push(Number(f[5]));
}
const n = bars.close.length;

// [file stem, TA-Lib function, TA-Lib optIn parameters, output column names, inReal column
// (default close)]
const cases = [
  ['SMA_30', 'SMA', { optInTimePeriod: 30 }, ['sma']],
  ['SMA_5', 'SMA', { optInTimePeriod: 5 }, ['sma']],
  ['EMA_30', 'EMA', { optInTimePeriod: 30 }, ['ema']],
  ['EMA_9', 'EMA', { optInTimePeriod: 9 }, ['ema']],
  ['WMA_30', 'WMA', { optInTimePeriod: 30 }, ['wma']],
  ['DEMA_30', 'DEMA', { optInTimePeriod: 30 }, ['dema']],
  ['TEMA_30', 'TEMA', { optInTimePeriod: 30 }, ['tema']],
  ['KAMA_30', 'KAMA', { optInTimePeriod: 30 }, ['kama']],
  ['KAMA_10', 'KAMA', { optInTimePeriod: 10 }, ['kama']],
  ['RSI_14', 'RSI', { optInTimePeriod: 14 }, ['rsi']],
  ['RSI_2', 'RSI', { optInTimePeriod: 2 }, ['rsi']],
  ['MACD_12_26_9', 'MACD', { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, ['macd', 'macdsignal', 'macdhist']],
  ['MACD_5_35_5', 'MACD', { optInFastPeriod: 5, optInSlowPeriod: 35, optInSignalPeriod: 5 }, ['macd', 'macdsignal', 'macdhist']],
  ['BBANDS_20_2_2', 'BBANDS', { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 }, ['upperband', 'middleband', 'lowerband']],
  ['BBANDS_5_2.5_1.5', 'BBANDS', { optInTimePeriod: 5, optInNbDevUp: 2.5, optInNbDevDn: 1.5, optInMAType: 0 }, ['upperband', 'middleband', 'lowerband']],
  ['TRANGE', 'TRANGE', {}, ['trange']],
  ['ATR_14', 'ATR', { optInTimePeriod: 14 }, ['atr']],
  ['NATR_14', 'NATR', { optInTimePeriod: 14 }, ['natr']],
  ['STOCH_5_3_3', 'STOCH', { optInFastK_Period: 5, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 }, ['slowk', 'slowd']],
  ['STOCH_14_3_3', 'STOCH', { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 }, ['slowk', 'slowd']],
  ['STOCHF_5_3', 'STOCHF', { optInFastK_Period: 5, optInFastD_Period: 3, optInFastD_MAType: 0 }, ['fastk', 'fastd']],
  ['STOCHRSI_14_5_3', 'STOCHRSI', { optInTimePeriod: 14, optInFastK_Period: 5, optInFastD_Period: 3, optInFastD_MAType: 0 }, ['fastk', 'fastd']],
  ['ADX_14', 'ADX', { optInTimePeriod: 14 }, ['adx']],
  ['PLUS_DI_14', 'PLUS_DI', { optInTimePeriod: 14 }, ['plus_di']],
  ['MINUS_DI_14', 'MINUS_DI', { optInTimePeriod: 14 }, ['minus_di']],
  ['CCI_14', 'CCI', { optInTimePeriod: 14 }, ['cci']],
  ['CCI_20', 'CCI', { optInTimePeriod: 20 }, ['cci']],
  ['OBV', 'OBV', {}, ['obv']],
  ['MFI_14', 'MFI', { optInTimePeriod: 14 }, ['mfi']],
  ['WILLR_14', 'WILLR', { optInTimePeriod: 14 }, ['willr']],
  ['ROC_10', 'ROC', { optInTimePeriod: 10 }, ['roc']],
  ['MOM_10', 'MOM', { optInTimePeriod: 10 }, ['mom']],
  ['STDDEV_5_1', 'STDDEV', { optInTimePeriod: 5, optInNbDev: 1 }, ['stddev']],
  ['STDDEV_20_2', 'STDDEV', { optInTimePeriod: 20, optInNbDev: 2 }, ['stddev']],
  ['SAR_0.02_0.2', 'SAR', { optInAcceleration: 0.02, optInMaximum: 0.2 }, ['sar']],
  ['AROON_14', 'AROON', { optInTimePeriod: 14 }, ['aroondown', 'aroonup']],
  ['AROON_25', 'AROON', { optInTimePeriod: 25 }, ['aroondown', 'aroonup']],
  ['LINEARREG_SLOPE_14', 'LINEARREG_SLOPE', { optInTimePeriod: 14 }, ['linearreg_slope']],
  // Building blocks of the channel indicators TA-Lib lacks (Donchian, Ichimoku).
  ['MAX_high_20', 'MAX', { optInTimePeriod: 20 }, ['max'], 'high'],
  ['MIN_low_20', 'MIN', { optInTimePeriod: 20 }, ['min'], 'low'],
  ['MIDPRICE_20', 'MIDPRICE', { optInTimePeriod: 20 }, ['midprice']],
  ['MIDPRICE_9', 'MIDPRICE', { optInTimePeriod: 9 }, ['midprice']],
  ['MIDPRICE_26', 'MIDPRICE', { optInTimePeriod: 26 }, ['midprice']],
  ['MIDPRICE_52', 'MIDPRICE', { optInTimePeriod: 52 }, ['midprice']],
];

fs.mkdirSync(outDir, { recursive: true });
for (const [stem, name, opt, columns, realInput] of cases) {
  const r = talib.execute(Object.assign({
    name, startIdx: 0, endIdx: n - 1,
    inReal: bars[realInput || 'close'], open: bars.open, high: bars.high, low: bars.low, close: bars.close,
    volume: bars.volume,
  }, opt));
  if (r.error) throw new Error(name + ': ' + r.error);
  const outs = Object.keys(r.result);
  if (outs.length !== columns.length) throw new Error(name + ': outputs ' + outs);
  const rows = ['open_time,' + columns.join(',')];
  for (let i = 0; i < n; ++i) {
    const k = i - r.begIndex;
    const cells = outs.map((o) => (k >= 0 && k < r.nbElement ? String(r.result[o][k]) : ''));
    rows.push(bars.open_time[i] + ',' + cells.join(','));
  }
  const file = path.join(outDir, stem + '.csv.gz');
  fs.writeFileSync(file, zlib.gzipSync(rows.join('\n') + '\n', { level: 9 }));
  console.log(`${file}: ${name} ${JSON.stringify(opt)} begIndex=${r.begIndex} n=${r.nbElement}`);
}
console.log(`TA-Lib ${talib.version} (npm talib), ${n} bars of ${path.basename(input)}`);
