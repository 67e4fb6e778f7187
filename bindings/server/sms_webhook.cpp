#include "sms_webhook.hpp"

#include <httplib.h>

#include <regex>
#include <stdexcept>

namespace greenlight::server {

SmsWebhook::SmsWebhook(const std::string& url) {
  static const std::regex form(R"((https?://[^/]+)(/.*)?)");
  std::smatch m;
  if (!std::regex_match(url, m, form)) throw std::invalid_argument("--sms-webhook must be an http(s) URL");
  origin_ = m[1].str();
  path_ = m[2].matched ? m[2].str() : "/";
}

Result<void> SmsWebhook::send(const std::string& phone, const std::string& text) {
  httplib::Client client(origin_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  auto res = client.Post(path_.c_str(), nlohmann::json{{"phone", phone}, {"text", text}}.dump(), "application/json");
  if (!res || res->status < 200 || res->status >= 300)
    return make_error("sms.unavailable", "the SMS gateway did not accept the message; try again later");
  return {};
}

}  // namespace greenlight::server
