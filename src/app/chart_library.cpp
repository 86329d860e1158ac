#include <fmt/format.h>

#include <fstream>

#include <talon/app/chart_library.hpp>
#include <talon/core/error.hpp>

// TALON_CHARTS_JS (set by CMakeLists.txt when the file exists at configure time) is the path
// of lightweight-charts.standalone.production.js; the assembler copies its bytes into the
// program's read-only data.
#ifdef TALON_CHARTS_JS
asm(".section .rodata\n"
    ".global talon_charts_js_begin\n"
    ".global talon_charts_js_end\n"
    ".balign 16\n"
    "talon_charts_js_begin:\n"
    ".incbin \"" TALON_CHARTS_JS
    "\"\n"
    "talon_charts_js_end:\n"
    ".byte 0\n"
    ".previous\n");
extern "C" const char talon_charts_js_begin[];
extern "C" const char talon_charts_js_end[];
#endif

namespace talon {

std::string_view charts_library_js() {
#ifdef TALON_CHARTS_JS
  return {talon_charts_js_begin,
          static_cast<std::size_t>(talon_charts_js_end - talon_charts_js_begin)};
#else
  throw Error(
      "HTML reports need TradingView lightweight-charts, which this talon was built without: "
      "run scripts/setup.sh (npm ci in report/), then configure and build again");
#endif
}

void write_html_report(const std::string& path, const HtmlReportInput& input) {
  const std::string page = render_html_report(input, charts_library_js());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << page;
  out.flush();
  if (!out) throw Error(fmt::format("--report {}: cannot write the file", path));
}

}  // namespace talon
