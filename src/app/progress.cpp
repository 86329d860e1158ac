#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include <talon/app/progress.hpp>

namespace talon {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      enabled_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  if (enabled_ && !finished_ && last_percent_ >= 0) std::fputc('\n', stderr);
}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const int percent = static_cast<int>(done * 100 / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  constexpr int kWidth = 40;
  const int filled = percent * kWidth / 100;
  // ETA: the time so far scaled by the work left, once there is something to scale.
  std::string eta;
  if (done > 0 && done < total) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double left = elapsed * static_cast<double>(total - done) / static_cast<double>(done);
    eta = left >= 60 ? fmt::format("  ETA {}m{:02}s", static_cast<long>(left) / 60,
                                   static_cast<long>(left) % 60)
                     : fmt::format("  ETA {:.0f}s", left);
  }
  fmt::print(stderr, "\r{:<10} [{}{}] {:3}%  {}/{}{}   ", label_, std::string(filled, '#'),
             std::string(kWidth - filled, '.'), percent, done, total, eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_ || finished_) return;
  if (last_percent_ >= 0) std::fputc('\n', stderr);
  finished_ = true;
}

}  // namespace talon
