// No password reaches an output: every command that takes --db runs with a planted password
// in every URL and libpq form (user:PW@, a password holding '@' and '/', ?password=,
// key=value), and with secrets in the environment; stdout and stderr are searched for any
// piece of them. The server (127.0.0.1 port 1) refuses the connection, so each command
// fails and prints its error: the path where a secret most often leaks.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "run_talon.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

// Pieces of the planted secrets; none may appear in any output.
const std::vector<std::string> kPieces = {"Zq9",         "cretTail", "Kx7Query",
                                          "Vb3Conninfo", "Env5Pass", "Tok8"};

const std::vector<std::string> kTargets = {
    "postgresql://talon:Zq9Secret@127.0.0.1:1/talon",
    "postgresql://talon:Zq9Se@c/r?etcretTail@127.0.0.1:1/talon",
    "postgres://talon@127.0.0.1:1/talon?password=Kx7QuerySecret&sslmode=disable",
    "postgresql://127.0.0.1:1/talon?sslmode=disable&password=Kx7Query",
    "host=127.0.0.1 port=1 dbname=talon user=talon password=Vb3ConninfoSecret",
    "host=127.0.0.1 port=1 user=talon password='Vb3Conninfo with space'",
};

TEST(SecretsGrep, NoCommandPrintsAPlantedPassword) {
  test::TempDir dir;
  ::setenv("PGPASSWORD", "Env5Pass", 1);
  ::setenv("TALON_FERNET_KEY", "Tok8Tok8Tok8Tok8Tok8Tok8Tok8Tok8Tok8Tok8Tok=", 1);
  const std::string data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  std::vector<std::vector<std::string>> runs;
  for (const auto& db : kTargets) {
    runs.push_back({"db", "migrate", "--db", db});
    runs.push_back({"db", "status", "--db", db});
    runs.push_back({"db", "partitions", "--db", db});
    runs.push_back({"db", "retention", "--dry-run", "--db", db});
    runs.push_back({"db", "retention", "--db", db});
    runs.push_back(
        {"data", "import", data, "--symbol", "BTCUSDT", "--cache", dir.file("cache"), "--db", db});
    runs.push_back({"backtest", "--data", data, "--symbol", "BTCUSDT", "--db", db});
    runs.push_back({"backtest", "--from-db", "1m", "--symbol", "BTCUSDT", "--db", db});
    runs.push_back({"backtest", "--data", data, "--symbol", "BTCUSDT", "--json", "--db", db});
  }
  // Commands without --db still see the environment.
  runs.push_back({"data", "check", data});
  runs.push_back({"data", "list", "--cache", dir.file("cache")});
  runs.push_back({"indicators", "--data", data, "--name", "RSI", "--param", "period=14"});
  runs.push_back({"db", "keygen"});
  for (const char* cmd : {"backtest", "data", "db", "indicators"}) runs.push_back({cmd, "--help"});
  runs.push_back({"--help"});
  int failed_runs = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::string out;
    const int rc = test::run_talon(runs[i], dir.path() / fmt::format("run{}", i), &out);
    failed_runs += rc != 0;
    for (const auto& piece : kPieces) {
      EXPECT_EQ(out.find(piece), std::string::npos)
          << fmt::format("talon {}\n", fmt::join(runs[i], " ")) << out;
    }
  }
  // Every --db run failed (the server refused it) and so printed an error naming the target.
  EXPECT_GE(failed_runs, static_cast<int>(kTargets.size() * 9));
  // Nothing the runs wrote (the cache directory, scratch files) holds a secret either.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (!entry.is_regular_file()) continue;
    const std::string text = test::read_all(entry.path());
    for (const auto& piece : kPieces) {
      EXPECT_EQ(text.find(piece), std::string::npos) << entry.path();
    }
  }
  ::unsetenv("PGPASSWORD");
  ::unsetenv("TALON_FERNET_KEY");
}

}  // namespace
}  // namespace talon
