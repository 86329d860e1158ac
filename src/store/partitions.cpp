#include <fmt/format.h>

#include <talon/store/partitions.hpp>

namespace talon {

const std::vector<std::string>& partitioned_tables() {
  static const std::vector<std::string> kTables = {"orders", "trades", "positions", "market_prices",
                                                   "orderbook_snapshots"};
  return kTables;
}

int create_partitions(SqlConnection& c, const std::string& table, Timestamp from, Timestamp to) {
  if (c.dialect() != Dialect::Postgresql) return 0;
  const SqlValue p[] = {table, from, to};
  const SqlResult r =
      c.query("SELECT talon_create_partitions($1, $2::timestamptz, $3::timestamptz)", p);
  return static_cast<int>(row_int(r.rows.at(0), 0));
}

int create_partitions_ahead(SqlConnection& c, Timestamp now, int months_ahead) {
  if (c.dialect() != Dialect::Postgresql) return 0;
  // 31 days a month is enough to reach the month `months_ahead` ahead.
  const Timestamp to = Timestamp::from_ns(now.ns + months_ahead * 31 * kNanosPerDay);
  int created = 0;
  for (const std::string& t : partitioned_tables()) created += create_partitions(c, t, now, to);
  return created;
}

std::vector<PartitionInfo> list_partitions(SqlConnection& c) {
  std::vector<PartitionInfo> out;
  if (c.dialect() != Dialect::Postgresql) return out;
  const SqlResult r = c.query(
      "SELECT p.relname, ch.relname, pg_get_expr(ch.relpartbound, ch.oid) "
      "FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
      "JOIN pg_class ch ON ch.oid = i.inhrelid "
      "WHERE p.relkind = 'p' AND p.relnamespace = 'public'::regnamespace "
      "ORDER BY p.relname, ch.relname");
  for (const SqlRow& row : r.rows) {
    PartitionInfo info{row_text(row, 0), row_text(row, 1), row_text(row, 2), 0};
    info.rows =
        row_int(c.query(fmt::format("SELECT count(*) FROM \"{}\"", info.partition)).rows.at(0), 0);
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace talon
