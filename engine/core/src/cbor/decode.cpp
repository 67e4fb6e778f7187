// Strict, bounded CBOR reader. Recursion depth is capped by Limits::max_depth, so hostile nesting
// cannot exhaust the stack; sizes are checked against the remaining input before any allocation.
#include <cmath>
#include <cstring>
#include <set>
#include <utility>

#include "greenlight/cbor.hpp"
#include "utf8.hpp"

namespace greenlight::cbor {
namespace {

Error cbor_error(std::string message) { return make_error("format.cbor", std::move(message)); }

double half_to_double(std::uint16_t h) {
  int exponent = (h >> 10) & 0x1F;
  int mantissa = h & 0x3FF;
  double value;
  if (exponent == 0) value = std::ldexp(mantissa, -24);
  else if (exponent != 31) value = std::ldexp(mantissa + 1024, exponent - 25);
  else value = mantissa == 0 ? INFINITY : NAN;
  return (h & 0x8000) ? -value : value;
}

class Reader {
 public:
  Reader(ByteView data, const Limits& limits) : data_(data), limits_(limits) {}

  Result<Value> read_top() {
    Value v;
    if (auto err = read(v, 0)) return std::move(*err);
    if (pos_ != data_.size()) return cbor_error("trailing bytes after the CBOR item");
    return v;
  }

 private:
  std::optional<Error> read(Value& out, std::size_t depth) {
    if (depth >= limits_.max_depth) return cbor_error("CBOR nesting deeper than " + std::to_string(limits_.max_depth));
    if (++items_ > limits_.max_items)
      return cbor_error("more than " + std::to_string(limits_.max_items) + " CBOR items");
    if (pos_ >= data_.size()) return cbor_error("truncated CBOR (item expected)");
    std::uint8_t initial = data_[pos_++];
    int major = initial >> 5;
    int info = initial & 0x1F;
    std::uint64_t arg = 0;

    if (major == 7) return read_simple(out, info);
    if (info == 31) return cbor_error("indefinite-length CBOR is not accepted");
    if (info >= 28) return cbor_error("reserved CBOR additional information");
    if (auto err = read_argument(info, arg)) return err;

    switch (major) {
      case 0:
        out.type = Type::unsigned_int;
        out.number = arg;
        return std::nullopt;
      case 1:
        out.type = Type::negative_int;
        out.number = arg;
        return std::nullopt;
      case 2:
      case 3: {
        if (arg > data_.size() - pos_) return cbor_error("truncated CBOR string");
        out.type = major == 2 ? Type::bytes : Type::text;
        out.string.assign(reinterpret_cast<const char*>(data_.data() + pos_), static_cast<std::size_t>(arg));
        pos_ += static_cast<std::size_t>(arg);
        if (major == 3 && !detail::valid_utf8(out.string)) return cbor_error("CBOR text is not valid UTF-8");
        return std::nullopt;
      }
      case 4: {
        // Every item takes at least one byte: a count larger than what is left is a lie.
        if (arg > data_.size() - pos_) return cbor_error("truncated CBOR array");
        out.type = Type::array;
        out.items.resize(static_cast<std::size_t>(arg));
        for (auto& item : out.items)
          if (auto err = read(item, depth + 1)) return err;
        return std::nullopt;
      }
      case 5: {
        if (arg > (data_.size() - pos_) / 2) return cbor_error("truncated CBOR map");
        out.type = Type::map;
        out.items.resize(static_cast<std::size_t>(arg) * 2);
        std::set<std::pair<bool, std::uint64_t>> int_keys;
        std::set<std::string> text_keys;
        for (std::size_t i = 0; i < out.items.size(); i += 2) {
          auto& key = out.items[i];
          if (auto err = read(key, depth + 1)) return err;
          bool fresh;
          if (key.is_int()) fresh = int_keys.emplace(key.type == Type::negative_int, key.number).second;
          else if (key.type == Type::text) fresh = text_keys.insert(key.string).second;
          else return cbor_error("CBOR map key must be an integer or text");
          if (!fresh) return cbor_error("duplicate CBOR map key");
          if (auto err = read(out.items[i + 1], depth + 1)) return err;
        }
        return std::nullopt;
      }
      case 6: {
        out.type = Type::tag;
        out.number = arg;
        out.items.resize(1);
        return read(out.items[0], depth + 1);
      }
    }
    return cbor_error("unreachable CBOR major type");
  }

  std::optional<Error> read_argument(int info, std::uint64_t& arg) {
    if (info < 24) {
      arg = static_cast<std::uint64_t>(info);
      return std::nullopt;
    }
    std::size_t width = std::size_t{1} << (info - 24);
    if (width > data_.size() - pos_) return cbor_error("truncated CBOR head");
    arg = 0;
    for (std::size_t i = 0; i < width; ++i) arg = (arg << 8) | data_[pos_++];
    // Shortest form only: the same number must not have two encodings.
    static constexpr std::uint64_t kMinimum[] = {24, 0x100, 0x10000, 0x100000000ull};
    if (arg < kMinimum[info - 24]) return cbor_error("non-shortest CBOR integer or length");
    return std::nullopt;
  }

  std::optional<Error> read_simple(Value& out, int info) {
    if (info >= 20 && info <= 23) {
      out.type = Type::simple;
      out.number = static_cast<std::uint64_t>(info);
      return std::nullopt;
    }
    if (info >= 25 && info <= 27) {
      std::size_t width = std::size_t{1} << (info - 24);
      if (width > data_.size() - pos_) return cbor_error("truncated CBOR float");
      std::uint64_t bits = 0;
      for (std::size_t i = 0; i < width; ++i) bits = (bits << 8) | data_[pos_++];
      out.type = Type::floating;
      if (info == 25) {
        out.floating = half_to_double(static_cast<std::uint16_t>(bits));
      } else if (info == 26) {
        float f;
        auto b32 = static_cast<std::uint32_t>(bits);
        std::memcpy(&f, &b32, sizeof f);
        out.floating = f;
      } else {
        std::memcpy(&out.floating, &bits, sizeof out.floating);
      }
      return std::nullopt;
    }
    if (info == 31) return cbor_error("unexpected CBOR break");
    return cbor_error("unsupported CBOR simple value");
  }

  ByteView data_;
  const Limits& limits_;
  std::size_t pos_ = 0;
  std::size_t items_ = 0;
};

}  // namespace

Result<Value> decode(ByteView data, const Limits& limits) {
  if (data.size() > limits.max_bytes)
    return cbor_error("CBOR input of " + std::to_string(data.size()) + " bytes exceeds " +
                      std::to_string(limits.max_bytes));
  return Reader(data, limits).read_top();
}

}  // namespace greenlight::cbor
