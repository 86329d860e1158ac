#include <chrono>

#include <talon/store/bot_state.hpp>
#include <talon/store/sql.hpp>

namespace talon {

void save_bot_state(Store& store, const Uuid& bot_id,
                    const std::map<std::string, std::string>& state) {
  SqlConnection& c = store.connection();
  const auto since = std::chrono::system_clock::now().time_since_epoch();
  const Timestamp now =
      Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(since).count());
  SqlTransaction tx(c);
  const SqlValue bot[] = {bot_id};
  c.query("DELETE FROM bot_state WHERE bot_id = $1", bot);
  for (const auto& [key, value] : state) {
    const SqlValue row[] = {bot_id, key, value, now};
    c.query("INSERT INTO bot_state (bot_id, key, value, updated_at) VALUES ($1, $2, $3, $4)", row);
  }
  tx.commit();
}

std::map<std::string, std::string> load_bot_state(Store& store, const Uuid& bot_id) {
  const SqlValue bot[] = {bot_id};
  std::map<std::string, std::string> out;
  for (const SqlRow& row :
       store.connection().query("SELECT key, value FROM bot_state WHERE bot_id = $1", bot).rows) {
    out[row_text(row, 0)] = row_text(row, 1);
  }
  return out;
}

}  // namespace talon
