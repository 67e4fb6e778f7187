// What staff read when a code is refused for an engine error, in both languages.
#include <map>

#include "greenlight/decision.hpp"

namespace greenlight {

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::admit:
      return "admit";
    case Decision::deny:
      return "deny";
    case Decision::refer:
      return "refer";
  }
  return "deny";
}

Messages messages_for(const Error& error) {
  static const std::map<std::string, Messages, std::less<>> catalog = {
      {"format.too_large", {"不是有效的码（内容过长）", "Not a valid code (too long)"}},
      {"format.prefix", {"不是本系统的码，请出示健康码或场所码", "Not a Greenlight code: show a health or place code"}},
      {"format.base45", {"码已损坏，无法读取", "The code is damaged and cannot be read"}},
      {"format.cbor", {"码已损坏，无法读取", "The code is damaged and cannot be read"}},
      {"format.cose", {"码的格式不正确", "The code is not in the right format"}},
      {"format.claims", {"码的内容不完整或不正确", "The code's content is incomplete or wrong"}},
      {"crypto.algorithm", {"码的签名方式不被接受", "The code's signature algorithm is not accepted"}},
      {"crypto.key_unknown", {"签发机构不受信任或信任名单未更新", "Unknown issuer, or the trust list is out of date"}},
      {"crypto.signature", {"签名无效：码可能被伪造或篡改", "Invalid signature: the code may be forged or altered"}},
      {"trust.issuer_mismatch", {"签发机构与密钥不符", "The issuer does not match its key"}},
      {"trust.key_use", {"该密钥无权签发此类码", "This key may not issue this kind of code"}},
      {"trust.key_expired", {"码在签发密钥有效期之外签发", "Issued outside its key's validity"}},
      {"time.expired", {"码已过期，请刷新后重新出示", "The code has expired: refresh it and show it again"}},
      {"time.not_yet_valid", {"码尚未生效，请检查设备时间", "The code is not valid yet: check the device clock"}},
      {"status.revoked", {"此码已作废，请使用新码", "This code was revoked: use the new one"}},
      {"trust.list_invalid", {"信任名单无效，无法核验", "No valid trust list: cannot verify"}},
      {"trust.list_expired", {"信任名单已过期，请联网更新", "The trust list has expired: go online to update"}},
      {"regions.list_invalid", {"风险地区名单无效，无法核对行程", "No valid risk-area list: travel cannot be checked"}},
      {"regions.list_expired",
       {"风险地区名单已过期，请联网更新", "The risk-area list has expired: go online to update"}},
      {"regions.list_stale",
       {"风险地区名单比已加载的旧，未采用", "The risk-area list is older than the loaded one: not used"}},
      {"config.now", {"核验设置有误（时间）", "Checkpoint setting error (time)"}},
      {"config.temperature", {"体温数值有误，请以摄氏度重新输入", "Temperature out of range: enter it in °C"}},
      {"config.locale", {"核验设置有误（语言）", "Checkpoint setting error (language)"}},
      {"config.place", {"核验设置有误（场所）", "Checkpoint setting error (place)"}},
  };
  if (auto it = catalog.find(error.code); it != catalog.end()) return it->second;
  return {"无法核验此码（" + error.code + "）", "This code cannot be verified (" + error.code + ")"};
}

}  // namespace greenlight
