#include <chrono>

#include <talon/binance/market_stream.hpp>
#include <talon/core/error.hpp>

namespace talon::binance {

std::string subscribe_request(const std::vector<std::string>& streams, int id) {
  std::string out = R"({"method":"SUBSCRIBE","params":[)";
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (i > 0) out += ',';
    out += '"' + streams[i] + '"';
  }
  out += "],\"id\":" + std::to_string(id) + "}";
  return out;
}

MarketStream::MarketStream(const std::string& url, Market market, std::vector<std::string> streams,
                           net::WebSocketOptions options)
    : parser_(market) {
  if (streams.empty()) throw InvalidArgument("a market stream needs at least one stream");
  for (const std::string& s : streams)
    if (s.empty() || s.find_first_of("\"\\ ") != std::string::npos)
      throw InvalidArgument("not a Binance stream name: '" + s + "'");
  socket_ = std::make_unique<net::WebSocketClient>(
      url, options, [this](std::string_view text) { on_message(text); });
  socket_->subscribe(subscribe_request(streams));
}

MarketStream::~MarketStream() {
  stop();
}

void MarketStream::start() {
  socket_->start();
}
void MarketStream::stop() {
  socket_->stop();
}

void MarketStream::on_message(std::string_view text) {
  const Timestamp now{std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count()};
  Message m;
  const ParseStatus st = parser_.message(text, m, now);
  std::lock_guard lock(mu_);
  if (!st.ok) {
    errors_.record(m.kind.empty() ? "message" : m.kind, st.error);
    return;
  }
  if (auto* e = std::get_if<MarketEvent>(&m.value)) queue_.push_back(std::move(*e));
}

std::size_t MarketStream::drain(std::vector<MarketEvent>& out) {
  std::vector<MarketEvent> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  for (MarketEvent& e : batch) out.push_back(std::move(e));
  return batch.size();
}

std::size_t MarketStream::parse_errors() const {
  std::lock_guard lock(mu_);
  return errors_.total();
}

std::string MarketStream::first_error(std::string_view kind) const {
  std::lock_guard lock(mu_);
  return errors_.first_error(kind);
}

}  // namespace talon::binance
