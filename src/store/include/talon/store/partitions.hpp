#pragma once
// PostgreSQL partition maintenance (seed 002): orders and trades monthly, positions
// quarterly, market_prices weekly, orderbook_snapshots daily, all in UTC calendar units.
// Partitions are created ahead of time by `talon db migrate` / `talon db partitions`, and on
// demand by the store before it writes rows of a time range not yet covered. No-ops on
// SQLite, which has no partitions.

#include <string>
#include <vector>

#include <talon/store/sql.hpp>

namespace talon {

/// The partitioned tables, in the order they are maintained.
const std::vector<std::string>& partitioned_tables();

/// Creates every missing partition of `table` covering [from, to] (SQL function
/// talon_create_partitions of migration 1). Returns how many were created; 0 on SQLite.
/// Throws SqlError for an unknown table.
int create_partitions(SqlConnection& c, const std::string& table, Timestamp from, Timestamp to);

/// Creates the partitions of every partitioned table from the start of the current unit
/// through `months_ahead` months after `now`. Returns how many were created.
int create_partitions_ahead(SqlConnection& c, Timestamp now, int months_ahead);

struct PartitionInfo {
  std::string parent;     ///< e.g. "orders"
  std::string partition;  ///< e.g. "orders_20250601"
  std::string bounds;     ///< PostgreSQL's text, "FOR VALUES FROM (...) TO (...)"
  std::int64_t rows = 0;  ///< count(*) of the partition
};

/// Partitions of every partitioned table with exact row counts, by parent then bound.
std::vector<PartitionInfo> list_partitions(SqlConnection& c);

}  // namespace talon
