#pragma once
// Typed identifiers, after Nautilus Trader's model.identifiers: an id of one kind cannot be
// passed where another is expected, and every id is compared, hashed and printed the same
// way everywhere.
//
// - InstrumentId: symbol + venue, printed "SYMBOL.VENUE" ("BTCUSDT.BINANCE",
//   "BTCUSDT-PERP.BINANCE"). Stored inline (no heap), so a Bar or a tick carries its
//   instrument without an allocation and copies with memcpy.
// - ClientOrderId: the id talon gives an order (Binance newClientOrderId: at most 36
//   characters of [.A-Z:/a-z0-9_-]); the idempotency key of a submission.
// - VenueOrderId: the id the venue gives an order (Binance orderId, as text).
// - TradeId: the venue's id of one execution (Binance tradeId, as text).
// - StrategyId: the bot or strategy instance that owns orders.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace talon {

/// Venue + symbol of one tradable instrument. Symbol: 1..23 characters, venue: 1..15, both
/// printable ASCII without '.' in the venue and without spaces.
class InstrumentId {
 public:
  static constexpr std::size_t kMaxSymbol = 23;
  static constexpr std::size_t kMaxVenue = 15;

  /// The empty id (no instrument); is_empty() is true.
  constexpr InstrumentId() noexcept = default;
  /// Throws InvalidArgument naming the field when `symbol` or `venue` is empty, too long,
  /// or holds a space, a control character or (venue) a '.'.
  InstrumentId(std::string_view symbol, std::string_view venue);

  /// Parses "SYMBOL.VENUE"; the venue is what follows the last '.'. Throws ParseError
  /// naming the text when there is no '.', or InvalidArgument as the constructor.
  static InstrumentId parse(std::string_view text);

  std::string_view symbol() const noexcept { return {symbol_.data(), symbol_len_}; }
  std::string_view venue() const noexcept { return {venue_.data(), venue_len_}; }
  bool is_empty() const noexcept { return symbol_len_ == 0; }
  /// "SYMBOL.VENUE"; "" for the empty id.
  std::string to_string() const;

  // Unused characters are always zero, so equal ids are equal bytes: five 8-byte compares
  // (the kernel compares ids once per event; a memcmp call there cost an eighth of a bar).
  friend bool operator==(const InstrumentId& a, const InstrumentId& b) noexcept {
    static_assert(sizeof(InstrumentId) == 40);
    // Word by word into registers (copying both ids into arrays first went through the
    // stack: fifty instructions a compare).
    const auto word = [](const InstrumentId& id, std::size_t i) noexcept {
      std::uint64_t w = 0;
      std::memcpy(&w, reinterpret_cast<const unsigned char*>(&id) + 8 * i, sizeof w);
      return w;
    };
    return ((word(a, 0) ^ word(b, 0)) | (word(a, 1) ^ word(b, 1)) | (word(a, 2) ^ word(b, 2)) |
            (word(a, 3) ^ word(b, 3)) | (word(a, 4) ^ word(b, 4))) == 0;
  }
  friend std::strong_ordering operator<=>(const InstrumentId& a, const InstrumentId& b) noexcept {
    if (auto c = a.venue() <=> b.venue(); c != 0) return c;
    return a.symbol() <=> b.symbol();
  }

 private:
  std::array<char, kMaxSymbol> symbol_{};
  std::array<char, kMaxVenue> venue_{};
  std::uint8_t symbol_len_ = 0;
  std::uint8_t venue_len_ = 0;
};

/// A string id of one kind (Tag): explicit construction from text, no implicit mixing.
template <class Tag>
class StringId {
 public:
  StringId() = default;
  explicit StringId(std::string value) : value_(std::move(value)) {}
  explicit StringId(std::string_view value) : value_(value) {}
  explicit StringId(const char* value) : value_(value) {}

  const std::string& value() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

  friend bool operator==(const StringId&, const StringId&) = default;
  friend auto operator<=>(const StringId&, const StringId&) = default;
  /// Compares with text ("talon-1"), for tests and lookups by a typed-in id.
  friend bool operator==(const StringId& id, std::string_view text) noexcept {
    return id.value_ == text;
  }
  friend std::ostream& operator<<(std::ostream& os, const StringId& id) { return os << id.value_; }

 private:
  std::string value_;
};

struct ClientOrderIdTag {};
struct VenueOrderIdTag {};
struct TradeIdTag {};
struct StrategyIdTag {};

using ClientOrderId = StringId<ClientOrderIdTag>;
using VenueOrderId = StringId<VenueOrderIdTag>;
using TradeId = StringId<TradeIdTag>;
using StrategyId = StringId<StrategyIdTag>;

}  // namespace talon

template <>
struct std::hash<talon::InstrumentId> {
  std::size_t operator()(const talon::InstrumentId& id) const noexcept {
    const std::size_t h = std::hash<std::string_view>{}(id.symbol());
    return h ^ (std::hash<std::string_view>{}(id.venue()) + 0x9e3779b97f4a7c15ULL + (h << 6) +
                (h >> 2));
  }
};

template <class Tag>
struct std::hash<talon::StringId<Tag>> {
  std::size_t operator()(const talon::StringId<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value());
  }
};
