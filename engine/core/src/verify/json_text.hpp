// A small JSON text writer for results on the hot path (one per scan): no JSON tree, no key allocations.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "greenlight/credential.hpp"
#include "greenlight/error.hpp"

namespace greenlight::detail {

class JsonText {
 public:
  JsonText() { out_.reserve(512); }

  JsonText& open() { return raw('{'), first_ = true, *this; }
  JsonText& close() { return raw('}'), first_ = false, *this; }
  // Arrays: raw_array_open(), then element() before each value, then raw_array_close().
  JsonText& raw_array_open() { return raw('['), first_ = true, *this; }
  JsonText& raw_array_close() { return raw(']'), first_ = false, *this; }
  JsonText& element() {
    if (!first_) raw(',');
    first_ = false;
    return *this;
  }
  JsonText& key(std::string_view k) {
    if (!first_) raw(',');
    first_ = false;
    string(k);
    return raw(':'), *this;
  }
  JsonText& string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    raw('"');
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        raw('\\'), raw(ch);
      } else if (c < 0x20) {
        out_ += "\\u00";
        raw(kHex[c >> 4]), raw(kHex[c & 15]);
      } else {
        raw(ch);  // strings are UTF-8 checked where they enter the engine
      }
    }
    return raw('"'), *this;
  }
  JsonText& number(std::uint64_t n) { return out_ += std::to_string(n), *this; }
  JsonText& boolean(bool b) { return out_ += b ? "true" : "false", *this; }
  JsonText& null() { return out_ += "null", *this; }
  JsonText& string_or_null(const std::optional<std::string>& s) { return s ? string(*s) : null(); }

  JsonText& credential(const Credential& c) {
    open();
    key("type").string(to_string(c.type));
    key("status");
    c.status ? string(to_string(*c.status)) : null();
    key("iss").string(c.iss);
    key("sub").string(c.sub);
    key("iat").number(c.iat);
    key("exp").number(c.exp);
    key("seq");
    c.seq ? number(*c.seq) : null();
    key("name").string_or_null(c.name);
    key("phone").string_or_null(c.phone);
    key("contact").string_or_null(c.contact);
    key("itinerary");
    if (c.itinerary) {
      raw_array_open();
      for (const auto& visit : *c.itinerary) {
        element().open();
        key("region").string(visit.region);
        key("day").number(visit.day);
        close();
      }
      raw_array_close();
    } else {
      null();
    }
    key("declaration");
    if (c.declaration) {
      open();
      key("declaredAt").number(c.declaration->declared_at);
      key("symptoms").boolean(c.declaration->symptoms);
      key("fever").boolean(c.declaration->fever);
      key("contact").boolean(c.declaration->contact);
      close();
    } else {
      null();
    }
    key("place");
    if (c.place) {
      open();
      key("name").string(c.place->name);
      key("category").string(c.place->category);
      key("region").string(c.place->region);
      key("address").string_or_null(c.place->address);
      close();
    } else {
      null();
    }
    return close();
  }
  JsonText& error(const Error& e) {
    open();
    key("code").string(e.code);
    key("message").string(e.message);
    return close();
  }

  // A number as JSON: integers without a fraction, others in the shortest form that round-trips.
  JsonText& real(double v);
  JsonText& optional_number(const std::optional<std::uint64_t>& n) { return n ? number(*n) : null(); }

  std::string take() { return std::move(out_); }

 private:
  JsonText& raw(char c) { return out_ += c, *this; }
  std::string out_;
  bool first_ = true;
};

}  // namespace greenlight::detail
