// Real data: one minute of Binance BTCUSDT depth (a REST snapshot and every depthUpdate after
// it, tests/data/README.md) written back as Binance's stream JSON, parsed by talon's parser and
// kept in sync by DepthSync: every message parses to what was recorded, and the book ends
// equal to the one the backtests' L2Book builds from the same data.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <talon/binance/depth_sync.hpp>
#include <talon/binance/parser.hpp>
#include <talon/data/binance_depth_csv.hpp>
#include <talon/data/kline_reader.hpp>

#include "test_data.hpp"

namespace talon::binance {
namespace {

std::string to_json(const DepthUpdate& u) {
  std::string bids, asks;
  for (const DepthChange& c : u.changes) {
    std::string& side = c.bid ? bids : asks;
    if (!side.empty()) side += ',';
    side += fmt::format(R"(["{}","{}"])", c.price.to_string(8), c.quantity.to_string(8));
  }
  return fmt::format(
      R"({{"e":"depthUpdate","E":{},"s":"BTCUSDT","U":{},"u":{},"b":[{}],"a":[{}]}})",
      u.at.unix_ms(), u.first_update_id, u.final_update_id, bids, asks);
}

struct Recorded {
  DepthSnapshot snapshot;
  std::vector<DepthUpdate> updates;
};

const Recorded& recorded() {
  static const Recorded r = [] {
    Recorded out;
    const auto snap =
        test::test_data("binance_spot_BTCUSDT_depth_snapshot_2024-08-08T235414.csv.gz");
    const auto upd =
        test::test_data("binance_spot_BTCUSDT_depth_updates_2024-08-08T235415_60s.csv.gz");
    out.snapshot = parse_depth_snapshot_csv(read_maybe_gzip(snap), snap);
    out.updates = parse_depth_updates_csv(read_maybe_gzip(upd), upd);
    return out;
  }();
  return r;
}

TEST(DepthReplay, EveryRecordedMessageParsesAndTheBookMatchesL2Book) {
  const Recorded& rec = recorded();
  ASSERT_GT(rec.updates.size(), 100U);
  Parser p(Market::Spot);
  DepthSync sync(Market::Spot);
  L2Book reference;
  reference.load(rec.snapshot);
  ASSERT_EQ(sync.on_snapshot(rec.snapshot), DepthSync::Result::Applied);
  std::size_t applied = 0;
  for (const DepthUpdate& u : rec.updates) {
    DepthUpdate parsed;
    std::uint64_t pu = 0;
    ASSERT_TRUE(p.depth_update(to_json(u), parsed, pu).ok);
    ASSERT_EQ(parsed.first_update_id, u.first_update_id);
    ASSERT_EQ(parsed.final_update_id, u.final_update_id);
    ASSERT_EQ(parsed.at, u.at);
    ASSERT_EQ(parsed.changes.size(), u.changes.size());
    for (std::size_t i = 0; i < u.changes.size(); ++i) {
      ASSERT_EQ(parsed.changes[i].bid, u.changes[i].bid);
      ASSERT_EQ(parsed.changes[i].price, u.changes[i].price);
      ASSERT_EQ(parsed.changes[i].quantity, u.changes[i].quantity);
    }
    const auto r = sync.on_update(parsed, pu);
    ASSERT_NE(r, DepthSync::Result::Gap) << "at u=" << u.final_update_id;
    applied += r == DepthSync::Result::Applied;
    reference.apply(u);
  }
  EXPECT_GT(applied, 100U);
  EXPECT_EQ(sync.gaps(), 0U);
  ASSERT_EQ(sync.book().bids().size(), reference.bids().size());
  ASSERT_EQ(sync.book().asks().size(), reference.asks().size());
  for (std::size_t i = 0; i < reference.bids().size(); ++i) {
    EXPECT_EQ(sync.book().bids()[i].price, reference.bids()[i].price);
    EXPECT_EQ(sync.book().bids()[i].quantity, reference.bids()[i].quantity);
  }
  EXPECT_EQ(sync.book().best_ask()->price, reference.best_ask()->price);
  EXPECT_FALSE(sync.book().crossed());
}

TEST(DepthReplay, AMissingMessageIsAGapAtTheNextOne) {
  const Recorded& rec = recorded();
  DepthSync sync(Market::Spot);
  ASSERT_EQ(sync.on_snapshot(rec.snapshot), DepthSync::Result::Applied);
  std::size_t i = 0;
  // Apply until the book is synced past its first event, then skip one message.
  for (; i < rec.updates.size(); ++i)
    if (sync.on_update(rec.updates[i]) == DepthSync::Result::Applied && i > 20) break;
  ASSERT_LT(i + 2, rec.updates.size());
  EXPECT_EQ(sync.on_update(rec.updates[i + 2]), DepthSync::Result::Gap);
  EXPECT_TRUE(sync.needs_snapshot());
  EXPECT_FALSE(sync.book().best_bid().has_value());  // nothing stale is served
}

}  // namespace
}  // namespace talon::binance
