// An SMS gateway reached by an HTTP webhook: POST {"phone","text"} as JSON; any 2xx is "sent".
#pragma once

#include <string>

#include "greenlight/server/service.hpp"

namespace greenlight::server {

class SmsWebhook : public service::SmsSender {
 public:
  // Throws std::invalid_argument when url is not http(s)://host[:port]/path.
  explicit SmsWebhook(const std::string& url);
  Result<void> send(const std::string& phone, const std::string& text) override;

 private:
  std::string origin_, path_;
};

}  // namespace greenlight::server
