#include <fmt/format.h>

#include <algorithm>

#include <talon/analytics/html_report.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

// Text safe inside a <script> element: "</" cannot close it.
std::string script_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += json[i];
    }
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::int64_t seconds(Timestamp t) {
  return t.ns >= 0 ? t.ns / kNanosPerSecond : -((-t.ns + kNanosPerSecond - 1) / kNanosPerSecond);
}

// The page's own script: reads the DATA object and draws everything. Errors are caught and
// written to <body data-errors>, the render state to <body data-rendered>, so that a
// headless browser's DOM dump tells whether the page worked.
constexpr const char* kPageScript = R"js(
(function () {
  const errors = [];
  window.addEventListener('error', e => { errors.push(String(e.message)); document.body.dataset.errors = errors.join(' | '); });
  const D = DATA;
  const M = D.metrics || {};
  const fmtNum = (v, p) => (v === null || v === undefined || v === '') ? 'n/a' : Number(v).toFixed(p);
  const pct = v => (v === null || v === undefined) ? 'n/a' : (Number(v) * 100).toFixed(2) + ' %';
  const toSec = iso => Math.floor(Date.parse(iso) / 1000);
  const q = id => document.getElementById(id);

  // Metrics cards.
  const cards = [
    ['Net profit', fmtNum(Number(M.final_equity) - Number(M.initial_capital), 2)],
    ['Final equity', fmtNum(M.final_equity, 2)],
    ['Trades', M.total_trades], ['Win rate', pct(M.win_rate)],
    ['Sharpe (√365)', fmtNum(M.sharpe_ratio, 3)], ['Sortino', fmtNum(M.sortino_ratio, 3)],
    ['Max drawdown', pct(M.max_drawdown)], ['Profit factor', fmtNum(M.profit_factor, 3)],
    ['CAGR', pct(M.cagr)], ['Calmar', fmtNum(M.calmar_ratio, 3)],
    ['Exposure', pct(M.exposure_time)], ['Expectancy', fmtNum(M.expectancy, 2)],
    ['Avg duration (h)', fmtNum(M.avg_trade_duration_hours, 2)],
    ['Streaks (win / loss)', (M.longest_win_streak ?? 'n/a') + ' / ' + (M.longest_loss_streak ?? 'n/a')],
    ['Fees', fmtNum(M.total_fees, 2)], ['Funding', fmtNum(M.total_funding, 2)],
  ];
  q('cards').innerHTML = cards.map(([k, v]) => `<div class="card"><span>${k}</span><b>${v}</b></div>`).join('');

  const LC = LightweightCharts;
  const base = (el, h) => LC.createChart(el, {
    height: h, autoSize: true, layout: { background: { color: '#ffffff' }, textColor: '#222' },
    timeScale: { timeVisible: true, secondsVisible: false }, rightPriceScale: { borderVisible: false },
    grid: { vertLines: { color: '#eee' }, horzLines: { color: '#eee' } } });
  let charts = 0;

  // Candles with entries and exits.
  if (D.candles.length > 0) {
    const price = base(q('price'), 420);
    const s = price.addCandlestickSeries();
    s.setData(D.candles.map(c => ({ time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] })));
    const times = D.candles.map(c => c[0]);
    const snap = t => { let lo = 0, hi = times.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (times[mid] <= t) lo = mid; else hi = mid - 1; }
      return times[lo]; };
    const marks = [];
    for (const t of D.trades) {
      const qty = Number(t.quantity) || 1;
      marks.push({ time: snap(toSec(t.entry_time)), position: 'belowBar', color: '#1565c0', shape: 'arrowUp',
                   text: 'in ' + (Number(t.entry_notional) / qty).toFixed(2) });
      marks.push({ time: snap(toSec(t.exit_time)), position: 'aboveBar', color: Number(t.pnl) >= 0 ? '#2e7d32' : '#c62828',
                   shape: 'arrowDown', text: 'out ' + Number(t.pnl).toFixed(2) });
    }
    marks.sort((a, b) => a.time - b.time);
    if (marks.length > 60) for (const m of marks) delete m.text;  // arrows only when crowded
    if (marks.length <= 4000) s.setMarkers(marks);
    price.timeScale().fitContent();
    charts++;
  } else {
    q('price').textContent = 'No bars available for this run.';
  }

  // Equity and drawdown (underwater) from the equity samples.
  if (D.equity.length > 0) {
    const eq = base(q('equity'), 260);
    eq.addLineSeries({ color: '#1565c0', lineWidth: 2 }).setData(D.equity.map(p => ({ time: p[0], value: p[1] })));
    eq.timeScale().fitContent();
    let peak = -Infinity;
    const dd = D.equity.map(p => { peak = Math.max(peak, p[1]); return { time: p[0], value: peak > 0 ? (p[1] / peak - 1) * 100 : 0 }; });
    const ddc = base(q('drawdown'), 200);
    ddc.addAreaSeries({ lineColor: '#c62828', topColor: 'rgba(198,40,40,0.05)', bottomColor: 'rgba(198,40,40,0.4)',
                        invertFilledArea: true, priceFormat: { type: 'custom', formatter: v => v.toFixed(2) + ' %' } }).setData(dd);
    ddc.timeScale().fitContent();
    charts += 2;
  }

  // Monthly returns heat map: one row per year, one cell per month.
  const months = M.monthly_returns || [];
  if (months.length > 0) {
    const years = [...new Set(months.map(m => m.month.slice(0, 4)))];
    const byKey = Object.fromEntries(months.map(m => [m.month, m.return]));
    const cell = v => { if (v === undefined || v === null) return '<td></td>';
      const a = Math.min(1, Math.abs(v) / 0.1); const c = v >= 0 ? `rgba(46,125,50,${0.15 + 0.85 * a})` : `rgba(198,40,40,${0.15 + 0.85 * a})`;
      return `<td style="background:${c}">${(v * 100).toFixed(2)}</td>`; };
    let h = '<tr><th>year</th>' + ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'].map(m => `<th>${m}</th>`).join('') + '</tr>';
    for (const y of years) {
      h += `<tr><th>${y}</th>`;
      for (let m = 1; m <= 12; m++) h += cell(byKey[`${y}-${String(m).padStart(2, '0')}`]);
      h += '</tr>';
    }
    q('monthly').innerHTML = h;
  }

  // Sortable trade table.
  const cols = [['#', (t, i) => i + 1], ['entry', t => t.entry_time], ['exit', t => t.exit_time],
                ['quantity', t => Number(t.quantity)], ['entry price', t => Number(t.entry_notional) / (Number(t.quantity) || 1)],
                ['exit price', t => Number(t.exit_notional) / (Number(t.quantity) || 1)], ['fees', t => Number(t.fees)],
                ['pnl', t => Number(t.pnl)], ['hours', t => (toSec(t.exit_time) - toSec(t.entry_time)) / 3600]];
  let rows = D.trades.map((t, i) => cols.map(([, f]) => f(t, i)));
  let sortCol = 0, asc = true;
  const drawTrades = () => {
    const show = v => typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : v;
    q('trades').innerHTML = '<thead><tr>' + cols.map(([n], i) => `<th data-col="${i}">${n}${i === sortCol ? (asc ? ' ▲' : ' ▼') : ''}</th>`).join('') +
      '</tr></thead><tbody>' + rows.slice(0, 5000).map(r => '<tr>' + r.map((v, i) => `<td class="${i === 7 ? (v >= 0 ? 'pos' : 'neg') : ''}">${show(v)}</td>`).join('') + '</tr>').join('') + '</tbody>';
  };
  q('trades').addEventListener('click', e => {
    const c = e.target.dataset.col; if (c === undefined) return;
    const i = Number(c); asc = i === sortCol ? !asc : true; sortCol = i;
    rows.sort((a, b) => (a[i] < b[i] ? -1 : a[i] > b[i] ? 1 : 0) * (asc ? 1 : -1)); drawTrades(); });
  drawTrades();
  q('trade-count').textContent = D.trades.length > 5000 ? `(first 5,000 of ${D.trades.length})` : `(${D.trades.length})`;

  // Parameter search heat map of the objective over two parameters.
  const H = D.heatmap;
  if (H && H.xs) {
    const vals = H.values.flat().filter(v => v !== null);
    const lo = Math.min(...vals), hi = Math.max(...vals);
    const color = v => { if (v === null) return '#f4f4f4'; const f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      return `hsl(${Math.round(f * 120)}, 70%, ${85 - f * 35}%)`; };
    let h = `<tr><th>${H.y} \\ ${H.x}</th>` + H.xs.map(x => `<th>${x}</th>`).join('') + '</tr>';
    H.ys.forEach((y, r) => { h += `<tr><th>${y}</th>` + H.values[r].map((v, c) => `<td style="background:${color(v)}" title="${H.x}=${H.xs[c]} ${H.y}=${y}">${v === null ? '' : v.toFixed(3)}</td>`).join('') + '</tr>'; });
    q('heatmap').innerHTML = h;
    q('heatmap-section').style.display = '';
  }

  document.body.dataset.charts = String(charts);
  document.body.dataset.canvases = String(document.querySelectorAll('canvas').length);
  document.body.dataset.requests = String(performance.getEntriesByType('resource').length);
  document.body.dataset.rendered = errors.length === 0 ? 'ok' : 'error';
})();
)js";

constexpr const char* kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 12px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; }
.card span { display: block; font-size: 12px; color: #666; } .card b { font-size: 16px; }
.chart { background: #fff; border: 1px solid #ddd; border-radius: 6px; }
#price { height: 420px; } #equity { height: 260px; } #drawdown { height: 200px; }
table { border-collapse: collapse; background: #fff; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: right; }
#trades th { cursor: pointer; background: #f0f0f0; position: sticky; top: 0; }
.pos { color: #2e7d32; } .neg { color: #c62828; }
.scroll { max-height: 480px; overflow: auto; display: inline-block; }
footer { margin-top: 24px; font-size: 11px; color: #888; }
)css";

}  // namespace

std::vector<HtmlCandle> chart_candles(std::span<const Bar> bars, std::size_t max_candles) {
  std::vector<HtmlCandle> out;
  if (bars.empty() || max_candles == 0) return out;
  const std::size_t k = (bars.size() + max_candles - 1) / max_candles;
  out.reserve(bars.size() / k + 1);
  for (std::size_t i = 0; i < bars.size(); i += k) {
    const std::size_t end = std::min(bars.size(), i + k);
    HtmlCandle c;
    c.time = seconds(bars[i].open_time);
    c.open = bars[i].open.to_double();
    c.high = bars[i].high.to_double();
    c.low = bars[i].low.to_double();
    c.close = bars[end - 1].close.to_double();
    for (std::size_t j = i + 1; j < end; ++j) {
      c.high = std::max(c.high, bars[j].high.to_double());
      c.low = std::min(c.low, bars[j].low.to_double());
    }
    out.push_back(c);
  }
  return out;
}

std::string render_html_report(const HtmlReportInput& in, std::string_view charts_js) {
  if (charts_js.empty()) throw InvalidArgument("HTML report: the charts library text is empty");
  if (charts_js.find("</script") != std::string_view::npos) {
    throw InvalidArgument("HTML report: the charts library contains '</script'");
  }
  std::string data = "{\"metrics\":";
  data += in.metrics_json.empty() ? "{}" : in.metrics_json;
  data += ",\"trades\":";
  data += in.trades_json.empty() ? "[]" : in.trades_json;
  data += ",\"candles\":[";
  for (std::size_t i = 0; i < in.candles.size(); ++i) {
    const HtmlCandle& c = in.candles[i];
    if (i != 0) data += ',';
    data += fmt::format("[{},{},{},{},{}]", c.time, c.open, c.high, c.low, c.close);
  }
  data += "],\"equity\":[";
  // The chart needs strictly increasing times: keep the last sample of each second.
  std::vector<HtmlEquityPoint> eq;
  for (const HtmlEquityPoint& p : in.equity) {
    if (!eq.empty() && p.time <= eq.back().time) {
      eq.back().equity = p.equity;
    } else {
      eq.push_back(p);
    }
  }
  for (std::size_t i = 0; i < eq.size(); ++i) {
    if (i != 0) data += ',';
    data += fmt::format("[{},{}]", eq[i].time, eq[i].equity);
  }
  data += "],\"heatmap\":";
  data += in.heatmap_json.empty() ? "null" : in.heatmap_json;
  data += '}';

  std::string page;
  page.reserve(charts_js.size() + data.size() + 16'384);
  page += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  // No request may leave the page: a Content-Security-Policy that allows only the inline
  // script and style.
  page +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
      "'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n";
  page += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
                      html_escape(in.title), kStyle);
  page += fmt::format("<h1>{}</h1>\n", html_escape(in.title));
  page += R"(<div id="cards" class="cards"></div>
<h2>Price, entries (▲) and exits (▼)</h2><div id="price" class="chart"></div>
<h2>Equity</h2><div id="equity" class="chart"></div>
<h2>Drawdown (underwater, % below the running peak)</h2><div id="drawdown" class="chart"></div>
<div id="heatmap-section" style="display:none"><h2>Objective over two parameters</h2><div class="scroll"><table id="heatmap"></table></div></div>
<h2>Monthly returns (%)</h2><table id="monthly"></table>
<h2>Trades <span id="trade-count"></span> — click a column to sort</h2><div class="scroll"><table id="trades"></table></div>
<footer>talon report · charts by TradingView Lightweight Charts™ (Apache-2.0) · works offline</footer>
)";
  page += "<script>\n";
  page += charts_js;
  page += "\n</script>\n<script>\nconst DATA = ";
  page += script_safe(data);
  page += ";\n";
  page += kPageScript;
  page += "</script>\n</body></html>\n";
  return page;
}

}  // namespace talon
