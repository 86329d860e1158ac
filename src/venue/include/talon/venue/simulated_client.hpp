#pragma once
// The execution client of a simulated venue: an ExecutionClient that the replayed market
// data drives. The kernel hands it each market event with begin() and then calls step()
// until it returns false, delivering the reports queued by each step before the next one.
// A venue that must let the order manager react inside one event (an attached stop-loss
// created by a fill at a bar's open can still trigger later in that bar) pauses after each
// report-producing action, so no report is ever delivered while the venue is inside a call
// and yet the reaction lands at the same point of the price path, as on an exchange that
// saw it then.

#include <talon/execution/execution_client.hpp>
#include <talon/execution/report_queue.hpp>
#include <talon/model/market_event.hpp>

namespace talon {

class SimulatedExecutionClient : public ExecutionClient {
 public:
  /// Starts processing `event` (kinds the venue does not trade on are ignored). The event
  /// must stay alive until step() returns false.
  virtual void begin(const MarketEvent& event) = 0;
  /// Processes until at least one report was queued or the event is done. Returns true when
  /// it paused with more of the event to process.
  virtual bool step() = 0;
};

/// The kernel's inner loop in small, for tests and single-venue tools: begin(event), then
/// after every step hands each queued report to `deliver(const ExecutionReport&)`.
template <class Deliver>
void process_event(SimulatedExecutionClient& client, const MarketEvent& event, ReportQueue& queue,
                   Deliver&& deliver) {
  client.begin(event);
  bool more = true;
  while (more) {
    more = client.step();
    queue.drain(deliver);
  }
}

}  // namespace talon
