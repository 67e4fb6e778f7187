// Masking for display and checks of identity numbers and phones.
#include <algorithm>
#include <vector>

#include "greenlight/server/privacy.hpp"

namespace greenlight {
namespace {

// Splits UTF-8 into code points (invalid bytes stand alone, so nothing is lost or merged).
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    len = std::min(len, s.size() - i);
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string mask_name(std::string_view name) {
  auto cps = code_points(name);
  if (cps.empty()) return "";
  std::string out(cps.front());
  if (cps.size() == 1) return out + "*";
  if (cps.size() == 2) return out + "*";
  for (std::size_t i = 1; i + 1 < cps.size(); ++i) out += '*';
  out += cps.back();
  return out;
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() == 11) return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
  if (phone.size() < 4) return std::string(phone.size(), '*');
  std::size_t keep = phone.size() / 4;
  return std::string(phone.substr(0, keep)) + std::string(phone.size() - 2 * keep, '*') +
         std::string(phone.substr(phone.size() - keep));
}

std::string mask_id_number(std::string_view id) {
  if (id.size() < 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') + std::string(id.substr(id.size() - 4));
}

std::optional<char> id_number_check_character(std::string_view first17) {
  if (first17.size() < 17 || !all_digits(first17.substr(0, 17))) return std::nullopt;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

bool is_valid_id_number(std::string_view id) {
  if (id.size() != 18) return false;
  auto check = id_number_check_character(id);
  char last = id[17] == 'x' ? 'X' : id[17];
  if (!check || *check != last) return false;
  int year = std::stoi(std::string(id.substr(6, 4))), month = std::stoi(std::string(id.substr(10, 2))),
      day = std::stoi(std::string(id.substr(12, 2)));
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
}

bool is_valid_phone(std::string_view phone) { return phone.size() == 11 && phone[0] == '1' && all_digits(phone); }

}  // namespace greenlight
