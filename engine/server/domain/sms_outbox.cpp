// The development SMS sender: one JSON line per message in a file next to the data. For the demo and
// development only: the file holds live sign-in codes, so it is created readable by the server's user
// only (0600), and a real deployment uses --sms-webhook.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  // Created 0600 before the stream opens it; an older 0644 file is tightened.
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return make_error("sms.unavailable", "cannot write the SMS outbox");
  ::fchmod(fd, 0600);
  ::close(fd);
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
    if (message && json_text(*message, "phone") == phone)
      found.push_back({{"at", (*message)["at"]}, {"text", (*message)["text"]}});
  }
  if (found.size() > limit) found.erase(found.begin(), found.end() - static_cast<std::ptrdiff_t>(limit));
  return found;
}

}  // namespace greenlight::service
