// Truthiness: JsonLogic's (json-logic-js `truthy`) and CertLogic's (three-valued).
#include <cmath>

#include "greenlight/rules/logic.hpp"
#include "js.hpp"

namespace greenlight::rules {

bool truthy(const nlohmann::json& value) {
  using value_t = nlohmann::json::value_t;
  switch (value.type()) {
    case value_t::null:
      return false;
    case value_t::boolean:
      return value.get<bool>();
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float: {
      const double d = detail::number_of(value);
      return d != 0 && !std::isnan(d);
    }
    case value_t::string:
      return !value.get_ref<const std::string&>().empty();
    case value_t::array:
      return !value.empty();  // the one difference from JavaScript: [] is falsy
    default:                  // objects (even {}), binary
      return true;
  }
}

Truthiness certlogic_truthiness(const nlohmann::json& value) {
  using value_t = nlohmann::json::value_t;
  switch (value.type()) {
    case value_t::null:
      return Truthiness::falsy;
    case value_t::boolean:
      return value.get<bool>() ? Truthiness::truthy : Truthiness::falsy;
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float:
      if (!detail::is_integer(value)) return Truthiness::neither;
      return detail::number_of(value) == 0 ? Truthiness::falsy : Truthiness::truthy;
    case value_t::string:
      return value.get_ref<const std::string&>().empty() ? Truthiness::falsy : Truthiness::truthy;
    case value_t::array:
    case value_t::object:
      return value.empty() ? Truthiness::falsy : Truthiness::truthy;
    default:
      return Truthiness::neither;
  }
}

}  // namespace greenlight::rules
