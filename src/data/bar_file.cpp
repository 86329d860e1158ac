#include <talon/data/bar_file.hpp>
#include <talon/data/binance_files.hpp>

namespace talon {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

KlineSeries read_bar_file(const std::filesystem::path& path, const BarFileOptions& o) {
  const std::string name = path.string();
  if (o.format == BarFileFormat::Auto && ends_with(name, ".tbars")) return read_klines(path);
  const std::string text = load_verified_text(path, o.checksum);
  const bool json = o.format == BarFileFormat::Json ||
                    (o.format == BarFileFormat::Auto &&
                     (ends_with(name, ".json") || ends_with(name, ".json.gz")));
  if (json) return parse_json_candles(text, name, o.json_pointer);
  if (o.format == BarFileFormat::Csv || (o.format == BarFileFormat::Auto && o.csv)) {
    return parse_ohlcv_csv(text, name, o.csv.value_or(OhlcvCsvOptions{}));
  }
  return parse_klines(text, name);
}

}  // namespace talon
