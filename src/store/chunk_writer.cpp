#include "chunk_writer.hpp"

#include <string>
#include <utility>

#include <talon/store/partitions.hpp>

namespace talon::store_detail {

ChunkWriter::ChunkWriter(SqlConnection& c) : c_(c), thread_([this] { run(); }) {}

ChunkWriter::~ChunkWriter() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
    queue_.clear();
  }
  wake_.notify_one();
  thread_.join();
}

void ChunkWriter::rethrow_locked() {
  if (error_) std::rethrow_exception(error_);
}

void ChunkWriter::submit(Job job) {
  {
    std::unique_lock lock(m_);
    done_.wait(lock, [this] { return queue_.size() < kMaxQueued || error_; });
    rethrow_locked();
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void ChunkWriter::drain() {
  std::unique_lock lock(m_);
  done_.wait(lock, [this] { return (queue_.empty() && !busy_) || error_; });
  rethrow_locked();
}

std::vector<SqlValue> ChunkWriter::spare(std::size_t capacity) {
  {
    std::lock_guard lock(m_);
    for (auto it = spares_.begin(); it != spares_.end(); ++it) {
      if (it->capacity() >= capacity) {
        std::vector<SqlValue> v = std::move(*it);
        spares_.erase(it);
        return v;
      }
    }
  }
  std::vector<SqlValue> v;
  v.reserve(capacity);
  return v;
}

void ChunkWriter::run() {
  std::unique_lock lock(m_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr failed;
    try {
      if (c_.dialect() == Dialect::Postgresql && job.lo.ns <= job.hi.ns) {
        create_partitions(c_, std::string(job.table), job.lo, job.hi);
      }
      c_.bulk_insert(job.table, job.columns, job.values);
    } catch (...) {
      failed = std::current_exception();
    }
    job.values.clear();
    lock.lock();
    busy_ = false;
    if (failed) {
      error_ = failed;
      queue_.clear();
    } else if (spares_.size() < kMaxQueued) {
      spares_.push_back(std::move(job.values));
    }
    done_.notify_all();
  }
}

}  // namespace talon::store_detail
