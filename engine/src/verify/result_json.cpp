// VerifyResult -> JSON (one shape for every front end).
#include "greenlight/result_json.hpp"

namespace greenlight {
namespace {

template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json to_json(const Credential& c) {
  nlohmann::ordered_json place = nullptr;
  if (c.place)
    place = {{"name", c.place->name}, {"category", c.place->category}, {"region", c.place->region}, {"address", or_null(c.place->address)}};
  return {{"type", to_string(c.type)},
          {"status", c.status ? nlohmann::ordered_json(to_string(*c.status)) : nlohmann::ordered_json(nullptr)},
          {"iss", c.iss},
          {"sub", c.sub},
          {"iat", c.iat},
          {"exp", c.exp},
          {"seq", or_null(c.seq)},
          {"name", or_null(c.name)},
          {"phone", or_null(c.phone)},
          {"contact", or_null(c.contact)},
          {"place", std::move(place)}};
}

nlohmann::ordered_json to_json(const Error& e) { return {{"code", e.code}, {"message", e.message}}; }

nlohmann::ordered_json to_json(const VerifyResult& r) {
  return {{"valid", r.valid},
          {"error", r.error ? to_json(*r.error) : nlohmann::ordered_json(nullptr)},
          {"credential", r.credential ? to_json(*r.credential) : nlohmann::ordered_json(nullptr)}};
}

}  // namespace greenlight
