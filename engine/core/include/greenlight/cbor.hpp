// A small, strict CBOR (RFC 8949) reader and writer: exactly what COSE and GL1 claims need.
//
// The reader is bounded (input size, nesting depth, item count) and strict, so that one meaning has one
// encoding: definite lengths only, shortest-form heads, no duplicate map keys, valid UTF-8 in text, no
// trailing bytes. Anything else is `format.cbor`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/bytes.hpp"
#include "greenlight/error.hpp"

namespace greenlight::cbor {

enum class Type { unsigned_int, negative_int, bytes, text, array, map, tag, simple, floating };

// One decoded data item. Arrays hold their items; maps hold key, value, key, value, ...; a tag holds
// its one content item.
struct Value {
  Type type = Type::simple;
  std::uint64_t number = 0;  // unsigned: value; negative: n where value = -1 - n; tag: tag; simple: value
  double floating = 0;
  std::string string;  // bytes or text
  std::vector<Value> items;

  bool is_int() const { return type == Type::unsigned_int || type == Type::negative_int; }
  // The integer value when it fits in int64.
  std::optional<std::int64_t> as_int64() const;
  ByteView as_byte_view() const { return as_bytes(string); }

  std::size_t map_size() const { return items.size() / 2; }
  // Map look-ups by integer or text key; nullptr when absent or not a map.
  const Value* find(std::int64_t key) const;
  const Value* find(std::string_view key) const;

  static Value make_uint(std::uint64_t v);
  static Value make_int(std::int64_t v);
  static Value make_bytes(ByteView b);
  static Value make_text(std::string_view s);
  static Value make_array(std::vector<Value> items);
  static Value make_map(std::vector<Value> key_value_items);
  static Value make_tag(std::uint64_t tag, Value content);
  static Value make_bool(bool b);
  static Value make_null();
};

struct Limits {
  std::size_t max_bytes = 8192;
  std::size_t max_depth = 16;
  std::size_t max_items = 4096;
};

// Decodes exactly one item covering the whole input.
Result<Value> decode(ByteView data, const Limits& limits = {});

// Encodes with shortest-form heads; map entries are written in the order given.
Bytes encode(const Value& value);

// Streaming writer for hot paths that should not build a Value tree.
class Writer {
 public:
  void head(int major, std::uint64_t argument);
  void uint(std::uint64_t v) { head(0, v); }
  void int64(std::int64_t v);
  void bytes(ByteView b);
  void text(std::string_view s);
  void array(std::size_t n) { head(4, n); }
  void map(std::size_t n) { head(5, n); }
  void tag(std::uint64_t t) { head(6, t); }
  void boolean(bool b) { head(7, b ? 21 : 20); }
  void raw(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void value(const Value& v);

  Bytes& data() { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace greenlight::cbor
