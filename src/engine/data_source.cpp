#include <talon/engine/data_source.hpp>

namespace talon {

Timestamp replay_time(const MarketEvent& event) noexcept {
  if (const Bar* bar = std::get_if<Bar>(&event)) return bar->open_time;
  return ts_event(event);
}

}  // namespace talon
