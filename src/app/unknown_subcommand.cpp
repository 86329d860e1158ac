#include <talon/app/unknown_subcommand.hpp>

namespace talon {

std::optional<std::pair<std::string, std::string>> unknown_subcommand(const CLI::App& app, int argc,
                                                                      const char* const* argv) {
  const CLI::App* current = &app;
  std::string path = app.get_name().empty() ? "talon " : app.get_name() + " ";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word.front() == '-') return std::nullopt;
    const auto subs = current->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return std::nullopt;
    const CLI::App* next = nullptr;
    for (const CLI::App* s : subs) {
      if (s->check_name(word)) next = s;
    }
    if (next == nullptr) return std::pair{word, path};
    current = next;
    path += word + " ";
  }
  return std::nullopt;
}

}  // namespace talon
