#include <fmt/format.h>

#include <chrono>

#include <talon/app/db_command.hpp>
#include <talon/core/error.hpp>
#include <talon/store/fernet.hpp>
#include <talon/store/lifecycle.hpp>
#include <talon/store/migrations.hpp>
#include <talon/store/partitions.hpp>

namespace talon {
namespace {

Timestamp wall_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

const char* dialect_name(Dialect d) {
  return d == Dialect::Sqlite ? "SQLite" : "PostgreSQL";
}

int migrate_command(const DbOptions& o) {
  auto c = open_connection(o.db);
  const int before = schema_version(*c);
  const int applied = migrate(*c);
  const int after = schema_version(*c);
  fmt::print("{} {}: schema version {} -> {} ({} migration{} applied)\n",
             dialect_name(c->dialect()), c->name(), before, after, applied,
             applied == 1 ? "" : "s");
  if (c->dialect() == Dialect::Postgresql) {
    const int created = create_partitions_ahead(*c, wall_now(), o.months_ahead);
    fmt::print("partitions: {} created through {} months ahead\n", created, o.months_ahead);
  }
  return 0;
}

int status_command(const DbOptions& o) {
  auto c = open_connection(o.db, /*create=*/false);
  const int version = schema_version(*c);
  const auto list = builtin_migrations(c->dialect());
  const int newest = list.empty() ? 0 : list.back().version;
  fmt::print("database: {} {}\n", dialect_name(c->dialect()), c->name());
  fmt::print("schema version: {} (this talon: {}){}\n", version, newest,
             version < newest ? " — run 'talon db migrate'" : "");
  for (const AppliedMigration& m : applied_migrations(*c)) {
    fmt::print("  {:>3}  {}  {}\n", m.version, to_iso8601(m.applied_at), m.name);
  }
  if (version == 0) return 0;
  fmt::print("rows:\n");
  for (const char* t : {"users", "strategies", "bots", "bot_runs", "backtests", "orders",
                        "order_events", "trades", "positions", "equity_curve", "market_prices"}) {
    fmt::print("  {:<14} {}\n", t,
               row_int(c->query(fmt::format("SELECT count(*) FROM {}", t)).rows.at(0), 0));
  }
  if (c->dialect() == Dialect::Postgresql) {
    fmt::print("partitions:\n");
    for (const PartitionInfo& p : list_partitions(*c)) {
      fmt::print("  {:<32} {:>10} rows  {}\n", p.partition, p.rows, p.bounds);
    }
  }
  return 0;
}

int partitions_command(const DbOptions& o) {
  auto c = open_connection(o.db, /*create=*/false);
  if (c->dialect() != Dialect::Postgresql) {
    fmt::print("{}: SQLite has no partitions; nothing to do\n", c->name());
    return 0;
  }
  const int created = create_partitions_ahead(*c, wall_now(), o.months_ahead);
  fmt::print("{} partitions created through {} months ahead\n", created, o.months_ahead);
  for (const PartitionInfo& p : list_partitions(*c)) {
    fmt::print("  {:<32} {:>10} rows  {}\n", p.partition, p.rows, p.bounds);
  }
  return 0;
}

int retention_command(const DbOptions& o) {
  auto c = open_connection(o.db, /*create=*/false);
  const Timestamp now = o.now.empty() ? wall_now() : parse_iso8601(o.now);
  const auto outcome = run_retention(*c, now, o.dry_run, o.include_imported);
  std::int64_t total = 0, kept = 0;
  fmt::print("retention at {}{}:\n", to_iso8601(now),
             o.dry_run ? " (dry run: nothing deleted)" : "");
  for (const RetentionOutcome& r : outcome) {
    fmt::print("  {:<20} {:>10}  {} (before {})", r.rule->table, r.rows, r.rule->what,
               to_iso8601(r.cutoff));
    if (r.kept_imported > 0) fmt::print("; {} imported rows kept", r.kept_imported);
    fmt::print("\n");
    total += r.rows;
    kept += r.kept_imported;
  }
  fmt::print("{} row{} {}\n", total, total == 1 ? "" : "s",
             o.dry_run ? "would be deleted" : "deleted");
  if (kept > 0) {
    fmt::print(
        "{} imported kline row{} kept: the policy applies to data collected live; "
        "--include-imported applies it to imported data too\n",
        kept, kept == 1 ? "" : "s");
  }
  return 0;
}

}  // namespace

CLI::App* add_db_command(CLI::App& app, DbOptions& o) {
  CLI::App* db = app.add_subcommand("db", "Database schema, partitions, retention and keys");
  db->require_subcommand(1);
  auto add_db = [&o](CLI::App* cmd) {
    cmd->add_option("--db", o.db,
                    "SQLite file or postgresql://user@host:port/db (libpq reads the password "
                    "from PGPASSWORD or ~/.pgpass: keep it off the command line)")
        ->capture_default_str();
  };
  CLI::App* migrate_cmd =
      db->add_subcommand("migrate",
                         "Apply pending migrations (each in one transaction) and, on PostgreSQL, "
                         "create the partitions ahead of time");
  add_db(migrate_cmd);
  migrate_cmd->add_option("--months-ahead", o.months_ahead, "Partitions to create ahead of now")
      ->capture_default_str();
  add_db(
      db->add_subcommand("status", "Schema version, applied migrations, row counts, partitions"));
  CLI::App* parts =
      db->add_subcommand("partitions", "PostgreSQL: create partitions ahead of time and list them");
  add_db(parts);
  parts->add_option("--months-ahead", o.months_ahead, "Months ahead of now")->capture_default_str();
  CLI::App* ret = db->add_subcommand(
      "retention",
      "Delete what the retention policy lets go (one transaction); imported klines are kept");
  add_db(ret);
  ret->add_flag("--dry-run", o.dry_run, "Only count what would be deleted, and say why");
  ret->add_flag("--include-imported", o.include_imported,
                "Also delete imported klines (talon data import) the policy matches; by default "
                "only klines collected live (source 'live:...') are deleted");
  ret->add_option("--now", o.now, "Run as of this ISO-8601 UTC time instead of now");
  db->add_subcommand("keygen",
                     "Print a new Fernet key for TALON_FERNET_KEY (keep it away from the data)");
  return db;
}

int run_db_command(const CLI::App& db, const DbOptions& o) {
  if (db.got_subcommand("migrate")) return migrate_command(o);
  if (db.got_subcommand("status")) return status_command(o);
  if (db.got_subcommand("partitions")) return partitions_command(o);
  if (db.got_subcommand("retention")) return retention_command(o);
  if (db.got_subcommand("keygen")) {
    fmt::print("{}\n", Fernet::generate_key());
    return 0;
  }
  throw InvalidArgument(
      "db: a subcommand is required (migrate, status, partitions, retention, keygen)");
}

}  // namespace talon
