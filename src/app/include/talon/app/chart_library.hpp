#pragma once
// TradingView lightweight-charts' standalone build, embedded in the talon program when it was
// built (scripts/setup.sh installs it with npm into report/node_modules; nothing is fetched
// at build or run time).

#include <string>
#include <string_view>

#include <talon/analytics/html_report.hpp>

namespace talon {

/// The library's JavaScript text. Throws Error ("… run scripts/setup.sh, then rebuild") when
/// talon was built without it.
std::string_view charts_library_js();

/// Renders `input` with the embedded library (render_html_report) and writes it to `path`.
/// Throws Error when the library is missing or the file cannot be written.
void write_html_report(const std::string& path, const HtmlReportInput& input);

}  // namespace talon
