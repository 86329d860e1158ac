#include <talon/model/execution_report.hpp>

namespace talon {

const ReportHeader& header_of(const ExecutionReport& report) noexcept {
  return std::visit([](const auto& r) -> const ReportHeader& { return r; }, report);
}

const char* kind_name(const ExecutionReport& report) noexcept {
  static constexpr const char* kNames[] = {
      "ACCEPTED",  "REJECTED", "FILLED",           "CANCELLED",  "EXPIRED",
      "TRIGGERED", "MODIFIED", "REQUEST_REJECTED", "LIQUIDATED", "STATUS"};
  static_assert(std::size(kNames) == std::variant_size_v<ExecutionReport>);
  return kNames[report.index()];
}

}  // namespace talon
