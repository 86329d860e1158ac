#pragma once
// Bulk inserts on a thread of their own, in the order they were queued, so a run's rows
// reach the database while the kernel goes on: the loop that trades must not wait for a
// disk (DESIGN.md, "The kernel": the journal is off the hot path). On two cores a 1 M-bar
// backtest's 70 k rows cost the run nothing but the queueing. Private to the store.
//
// The connection is used by the writer's thread from the first submit() until drain()
// returns, and by nobody else meanwhile; the caller's transaction spans both threads (SQLite
// and libpq connections may move between threads, they must not be shared at once).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include <talon/core/timestamp.hpp>
#include <talon/store/sql.hpp>

namespace talon::store_detail {

class ChunkWriter {
 public:
  /// Rows for one table: `values` holds whole rows of `columns` (both must outlive the
  /// job: the writers' tables and columns are static). On PostgreSQL the partitions of
  /// [lo, hi] are created first when lo <= hi.
  struct Job {
    std::string_view table;
    std::span<const std::string_view> columns;
    std::vector<SqlValue> values;
    Timestamp lo, hi;
  };

  /// Starts the thread; `c` must outlive the writer.
  explicit ChunkWriter(SqlConnection& c);
  /// Waits for the job being written and drops the ones queued (nothing more reaches the
  /// connection): after destruction the caller may roll back.
  ~ChunkWriter();
  ChunkWriter(const ChunkWriter&) = delete;
  ChunkWriter& operator=(const ChunkWriter&) = delete;

  /// Queues `job`; waits while kMaxQueued jobs are waiting (memory stays bounded when the
  /// database is slower than the run). Rethrows the error of an earlier job (SqlError, ...):
  /// once a job failed, later ones are dropped, since the transaction is lost anyway.
  void submit(Job job);
  /// Returns when every queued job is written; rethrows the first error. The connection is
  /// the caller's again until the next submit().
  void drain();
  /// An empty vector with room for `capacity` values: a written job's, when one that large
  /// is spare (a chunk then refills without mapping fresh pages), else a new one.
  std::vector<SqlValue> spare(std::size_t capacity);

  static constexpr std::size_t kMaxQueued = 4;

 private:
  void run();
  void rethrow_locked();

  SqlConnection& c_;
  std::mutex m_;
  std::condition_variable wake_;  ///< the thread: a job or the end
  std::condition_variable done_;  ///< callers: room in the queue, or all written
  std::deque<Job> queue_;
  std::vector<std::vector<SqlValue>> spares_;
  bool busy_ = false;  ///< the thread is writing a job taken off the queue
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;  ///< last: started once the rest is built
};

}  // namespace talon::store_detail
