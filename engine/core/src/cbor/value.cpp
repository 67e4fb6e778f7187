// CBOR value helpers: construction and map look-up.
#include "greenlight/cbor.hpp"

namespace greenlight::cbor {

std::optional<std::int64_t> Value::as_int64() const {
  if (type == Type::unsigned_int) {
    if (number > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(number);
  }
  if (type == Type::negative_int) {
    if (number > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return -1 - static_cast<std::int64_t>(number);
  }
  return std::nullopt;
}

const Value* Value::find(std::int64_t key) const {
  if (type != Type::map) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_int() && items[i].as_int64() == key) return &items[i + 1];
  }
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  if (type != Type::map) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].type == Type::text && items[i].string == key) return &items[i + 1];
  }
  return nullptr;
}

Value Value::make_uint(std::uint64_t v) {
  Value out;
  out.type = Type::unsigned_int;
  out.number = v;
  return out;
}
Value Value::make_int(std::int64_t v) {
  if (v >= 0) return make_uint(static_cast<std::uint64_t>(v));
  Value out;
  out.type = Type::negative_int;
  out.number = static_cast<std::uint64_t>(-1 - v);
  return out;
}
Value Value::make_bytes(ByteView b) {
  Value out;
  out.type = Type::bytes;
  out.string.assign(reinterpret_cast<const char*>(b.data()), b.size());
  return out;
}
Value Value::make_text(std::string_view s) {
  Value out;
  out.type = Type::text;
  out.string = std::string(s);
  return out;
}
Value Value::make_array(std::vector<Value> items) {
  Value out;
  out.type = Type::array;
  out.items = std::move(items);
  return out;
}
Value Value::make_map(std::vector<Value> key_value_items) {
  Value out;
  out.type = Type::map;
  out.items = std::move(key_value_items);
  return out;
}
Value Value::make_tag(std::uint64_t tag, Value content) {
  Value out;
  out.type = Type::tag;
  out.number = tag;
  out.items.push_back(std::move(content));
  return out;
}
Value Value::make_bool(bool b) {
  Value out;
  out.type = Type::simple;
  out.number = b ? 21 : 20;
  return out;
}
Value Value::make_null() {
  Value out;
  out.type = Type::simple;
  out.number = 22;
  return out;
}

}  // namespace greenlight::cbor
