#include <fmt/format.h>

#include <array>
#include <cctype>

#include <talon/core/error.hpp>
#include <talon/data/resample.hpp>

namespace talon {
namespace {

constexpr std::int64_t kWeek = 7 * kNanosPerDay;
// 1970-01-05T00:00Z, the first Monday after the epoch (1970-01-01 was a Thursday).
constexpr std::int64_t kFirstMonday = 4 * kNanosPerDay;

constexpr std::array<std::string_view, 8> kSeedIntervals = {"1m", "5m", "15m", "30m",
                                                            "1h", "4h", "1d",  "1w"};

void merge_into(Bar& acc, const Bar& b) {
  if (b.high > acc.high) acc.high = b.high;
  if (b.low < acc.low) acc.low = b.low;
  acc.close = b.close;
  acc.volume += b.volume;
  acc.quote_volume += b.quote_volume;
  acc.taker_buy_base_volume += b.taker_buy_base_volume;
  acc.taker_buy_quote_volume += b.taker_buy_quote_volume;
  acc.trades_count += b.trades_count;
}

void check_resample_args(std::int64_t from_ns, std::int64_t to_ns) {
  if (from_ns <= 0 || to_ns <= 0) throw InvalidArgument("resample: intervals must be positive");
  if (to_ns < from_ns || to_ns % from_ns != 0) {
    throw InvalidArgument(fmt::format("resample: {} is not a multiple of {}", to_ns, from_ns));
  }
}

template <typename Emit>
void resample_impl(std::span<const Bar> bars, std::int64_t from_ns, std::int64_t to_ns, Emit emit) {
  check_resample_args(from_ns, to_ns);
  const std::int64_t ms = kNanosPerMilli;
  Bar acc;
  std::int32_t count = 0;
  Timestamp bucket{INT64_MIN};
  Timestamp prev{INT64_MIN};
  for (const Bar& b : bars) {
    if (bucket_start(b.open_time, from_ns) != b.open_time) {
      throw DataError(fmt::format("resample: bar at {} is not aligned to its interval",
                                  to_iso8601(b.open_time)));
    }
    if (b.open_time <= prev) {
      throw DataError(
          fmt::format("resample: bar at {} is out of order or duplicate", to_iso8601(b.open_time)));
    }
    prev = b.open_time;
    const Timestamp start = bucket_start(b.open_time, to_ns);
    if (count > 0 && start == bucket) {
      merge_into(acc, b);
      ++count;
      continue;
    }
    if (count > 0) emit(acc, count);
    acc = b;
    acc.open_time = start;
    acc.close_time = Timestamp::from_ns(start.ns + to_ns - ms);
    bucket = start;
    count = 1;
  }
  if (count > 0) emit(acc, count);
}

}  // namespace

std::int64_t parse_interval(std::string_view text) {
  std::size_t i = 0;
  std::int64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    n = n * 10 + (text[i] - '0');
    if (n > 1'000'000) break;
    ++i;
  }
  const std::string_view unit = text.substr(i);
  std::int64_t unit_ns = 0;
  if (unit == "s")
    unit_ns = kNanosPerSecond;
  else if (unit == "m" || unit == "min")
    unit_ns = kNanosPerMinute;
  else if (unit == "h")
    unit_ns = kNanosPerHour;
  else if (unit == "d")
    unit_ns = kNanosPerDay;
  else if (unit == "w")
    unit_ns = kWeek;
  if (i == 0 || n <= 0 || n > 1'000'000 || unit_ns == 0) {
    throw InvalidArgument(fmt::format(
        "invalid interval '{}': expected <n><unit> with unit s, m, h, d or w (e.g. 1m, 15m, 4h, "
        "1d, 1w); months are not supported",
        text));
  }
  return n * unit_ns;
}

std::span<const std::string_view> seed_intervals() {
  return kSeedIntervals;
}

Timestamp bucket_start(Timestamp t, std::int64_t interval_ns) {
  if (interval_ns % kWeek == 0) {
    return Timestamp::from_ns(Timestamp::floor_div(t.ns - kFirstMonday, interval_ns) * interval_ns +
                              kFirstMonday);
  }
  return Timestamp::from_ns(Timestamp::floor_div(t.ns, interval_ns) * interval_ns);
}

std::vector<Bar> resample_bars(std::span<const Bar> bars, std::int64_t from_ns,
                               std::int64_t to_ns) {
  std::vector<Bar> out;
  out.reserve(bars.size() / static_cast<std::size_t>(std::max<std::int64_t>(
                                1, to_ns / std::max<std::int64_t>(1, from_ns))) +
              2);
  resample_impl(bars, from_ns, to_ns, [&](const Bar& b, std::int32_t) { out.push_back(b); });
  return out;
}

std::vector<std::int32_t> resample_counts(std::span<const Bar> bars, std::int64_t from_ns,
                                          std::int64_t to_ns) {
  std::vector<std::int32_t> out;
  resample_impl(bars, from_ns, to_ns, [&](const Bar&, std::int32_t n) { out.push_back(n); });
  return out;
}

TradeBarBuilder::TradeBarBuilder(TradeBarSpec spec) : spec_(spec) {
  switch (spec_.kind) {
    case TradeBarKind::Time:
      if (spec_.interval_ns <= 0) throw InvalidArgument("time bars need a positive interval");
      break;
    case TradeBarKind::Tick:
      if (spec_.ticks <= 0) throw InvalidArgument("tick bars need a positive number of trades");
      break;
    case TradeBarKind::Volume:
    case TradeBarKind::Dollar:
      if (!spec_.threshold.is_positive()) {
        throw InvalidArgument("volume and dollar bars need a positive threshold");
      }
      break;
  }
}

void TradeBarBuilder::start(const TradeTick& t, Timestamp open_time) {
  bar_ = Bar{};
  bar_.open_time = open_time;
  bar_.open = bar_.high = bar_.low = bar_.close = t.price;
  open_ = true;
  ticks_ = 0;
}

void TradeBarBuilder::add(const TradeTick& t, const Decimal& quote) {
  if (t.price > bar_.high) bar_.high = t.price;
  if (t.price < bar_.low) bar_.low = t.price;
  bar_.close = t.price;
  bar_.volume += t.quantity;
  bar_.quote_volume += quote;
  if (!t.buyer_is_maker) {
    bar_.taker_buy_base_volume += t.quantity;
    bar_.taker_buy_quote_volume += quote;
  }
  bar_.trades_count += 1 + (t.last_trade_id - t.first_trade_id);
  ++ticks_;
}

void TradeBarBuilder::close_time_bar(std::vector<Bar>& out) {
  bar_.close_time = Timestamp::from_ns(bar_.open_time.ns + spec_.interval_ns - kNanosPerMilli);
  out.push_back(bar_);
}

void TradeBarBuilder::push(const TradeTick& t, std::vector<Bar>& out) {
  if (t.at < last_time_) {
    throw DataError(fmt::format("trade {} at {} is earlier than the trade before it ({})", t.id,
                                to_iso8601(t.at), to_iso8601(last_time_)));
  }
  last_time_ = t.at;
  const Decimal quote = mul(t.price, t.quantity, Rounding::HalfEven);
  if (spec_.kind == TradeBarKind::Time) {
    const Timestamp b = bucket_start(t.at, spec_.interval_ns);
    if (open_ && b != bar_.open_time) {
      close_time_bar(out);
      // Minutes without trades: flat bars at the last close, as Binance klines.
      const Decimal last = bar_.close;
      for (std::int64_t ns = bar_.open_time.ns + spec_.interval_ns; ns < b.ns;
           ns += spec_.interval_ns) {
        Bar flat;
        flat.open_time = Timestamp::from_ns(ns);
        flat.close_time = Timestamp::from_ns(ns + spec_.interval_ns - kNanosPerMilli);
        flat.open = flat.high = flat.low = flat.close = last;
        out.push_back(flat);
      }
      open_ = false;
    }
    if (!open_) start(t, b);
    add(t, quote);
    return;
  }
  if (!open_) start(t, t.at);
  add(t, quote);
  bar_.close_time = t.at;
  bool done = false;
  switch (spec_.kind) {
    case TradeBarKind::Tick: done = ticks_ >= spec_.ticks; break;
    case TradeBarKind::Volume: done = bar_.volume >= spec_.threshold; break;
    case TradeBarKind::Dollar: done = bar_.quote_volume >= spec_.threshold; break;
    case TradeBarKind::Time: break;
  }
  if (done) {
    out.push_back(bar_);
    open_ = false;
  }
}

void TradeBarBuilder::flush(std::vector<Bar>& out) {
  if (!open_) return;
  if (spec_.kind == TradeBarKind::Time) {
    close_time_bar(out);
  } else {
    out.push_back(bar_);
  }
  open_ = false;
}

std::vector<Bar> build_trade_bars(std::span<const TradeTick> trades, const TradeBarSpec& spec) {
  TradeBarBuilder builder(spec);
  std::vector<Bar> out;
  for (const TradeTick& t : trades) builder.push(t, out);
  builder.flush(out);
  return out;
}

}  // namespace talon
