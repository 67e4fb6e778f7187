// CBOR writer: shortest-form heads (RFC 8949 §4.2.1 preferred serialization).
#include <cstring>

#include "greenlight/cbor.hpp"

namespace greenlight::cbor {

void Writer::head(int major, std::uint64_t argument) {
  auto m = static_cast<std::uint8_t>(major << 5);
  if (argument < 24) {
    out_.push_back(static_cast<std::uint8_t>(m | argument));
    return;
  }
  int width;
  if (argument <= 0xFF) {
    out_.push_back(m | 24);
    width = 1;
  } else if (argument <= 0xFFFF) {
    out_.push_back(m | 25);
    width = 2;
  } else if (argument <= 0xFFFFFFFFull) {
    out_.push_back(m | 26);
    width = 4;
  } else {
    out_.push_back(m | 27);
    width = 8;
  }
  for (int i = width - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(argument >> (8 * i)));
}

void Writer::int64(std::int64_t v) {
  if (v >= 0) head(0, static_cast<std::uint64_t>(v));
  else head(1, static_cast<std::uint64_t>(-1 - v));
}

void Writer::bytes(ByteView b) {
  head(2, b.size());
  raw(b);
}

void Writer::text(std::string_view s) {
  head(3, s.size());
  raw(as_bytes(s));
}

void Writer::value(const Value& v) {
  switch (v.type) {
    case Type::unsigned_int:
      head(0, v.number);
      break;
    case Type::negative_int:
      head(1, v.number);
      break;
    case Type::bytes:
      bytes(v.as_byte_view());
      break;
    case Type::text:
      text(v.string);
      break;
    case Type::array:
      head(4, v.items.size());
      for (const auto& item : v.items) value(item);
      break;
    case Type::map:
      head(5, v.items.size() / 2);
      for (const auto& item : v.items) value(item);
      break;
    case Type::tag:
      head(6, v.number);
      if (!v.items.empty()) value(v.items.front());
      break;
    case Type::simple:
      head(7, v.number);
      break;
    case Type::floating: {
      std::uint64_t bits;
      std::memcpy(&bits, &v.floating, sizeof bits);
      out_.push_back(0xFB);
      for (int i = 7; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
      break;
    }
  }
}

Bytes encode(const Value& value) {
  Writer w;
  w.value(value);
  return w.take();
}

}  // namespace greenlight::cbor
