// Errors are values with stable, dotted codes ("format.base45", "crypto.signature", ...).
// Codes are part of the public contract (docs/errors.md); messages are for people and may change.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace greenlight {

struct Error {
  std::string code;               // stable, machine-readable
  std::string message;            // human-readable, English
  std::uint32_t retry_after = 0;  // seconds, for errors worth retrying later (rate limits, unavailable)
  std::string details;            // optional: a JSON object's text with machine-readable specifics (the
                                  // candidates of person.ambiguous), sent beside code and message
};

// A value or an Error. Small on purpose: no exceptions cross the engine's public API.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit by design

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

inline Error make_error(std::string code, std::string message) {
  return Error{std::move(code), std::move(message), 0, {}};
}

}  // namespace greenlight
