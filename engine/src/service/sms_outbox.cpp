// The development SMS sender: one JSON line per message in a file next to the data.
#include <fstream>
#include <mutex>

#include "greenlight/json_limits.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {
std::mutex outbox_mutex;
}

Result<void> SmsOutbox::send(const std::string& phone, const std::string& text) {
  std::lock_guard lock(outbox_mutex);
  std::ofstream out(path_, std::ios::app);
  if (!out) return make_error("sms.unavailable", "cannot write the SMS outbox");
  out << json{{"at", system_clock_now()}, {"phone", phone}, {"text", text}}.dump() << "\n";
  out.flush();
  if (!out) return make_error("sms.unavailable", "cannot write the SMS outbox");
  return {};
}

std::vector<nlohmann::json> SmsOutbox::messages_to(const std::string& phone, std::size_t limit) const {
  std::lock_guard lock(outbox_mutex);
  std::ifstream in(path_);
  std::vector<json> found;
  for (std::string line; std::getline(in, line);) {
    auto message = parse_json(line, JsonLimits{64 * 1024, 4}, "sms.outbox");
    if (message && json_text(*message, "phone") == phone) found.push_back({{"at", (*message)["at"]}, {"text", (*message)["text"]}});
  }
  if (found.size() > limit) found.erase(found.begin(), found.end() - static_cast<std::ptrdiff_t>(limit));
  return found;
}

}  // namespace greenlight::service
