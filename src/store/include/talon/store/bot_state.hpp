#pragma once
// A bot's key/value runtime state (seed 004 bot_state), keyed by bot and key: what a
// strategy stored with StrategyContext::set_state, saved so that the bot finds it again
// after a restart (Kernel::restore_state).

#include <map>
#include <string>

#include <talon/core/uuid.hpp>
#include <talon/store/store.hpp>

namespace talon {

/// Makes bot `bot_id`'s bot_state rows equal `state`, in one transaction: every key of
/// `state` written with updated_at = now (wall clock, UTC), every other key of that bot
/// deleted. Other bots' rows are untouched. Throws SqlError (nothing changed) when a row is
/// refused: an unknown bot, an empty key or one longer than 100 characters.
void save_bot_state(Store& store, const Uuid& bot_id,
                    const std::map<std::string, std::string>& state);

/// Bot `bot_id`'s bot_state rows, key → value (empty when it has none).
std::map<std::string, std::string> load_bot_state(Store& store, const Uuid& bot_id);

}  // namespace talon
