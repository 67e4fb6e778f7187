// CLI subcommands: thin conversions between arguments/files and the engine.
#include "commands.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "arguments.hpp"
#include "greenlight/greenlight.hpp"
#include "greenlight/key_file.hpp"
#include "greenlight/status_packing.hpp"
#include "greenlight/qr/qr_image.hpp"

namespace greenlight::cli {
namespace {

// A key file is keygen's JSON (greenlight/key_file.hpp).
KeyPair load_key(const std::string& path) {
  auto key = decode_key_file(read_text_file(path));
  if (!key && key.error().code == "key_file.secret") throw UsageError(path + ": " + key.error().message);
  if (!key) throw UsageError(path + " is " + key.error().message);
  return *key;
}

int print_error(const Error& e) {
  std::cerr << "{\"error\":" << to_json_text(e) << "}\n";
  return 1;
}

std::string positional_text(const Arguments& a, const char* what) {
  if (a.positionals().size() != 1) throw UsageError(std::string("expected one ") + what + " (or - for standard input)");
  const auto& p = a.positionals().front();
  return p == "-" ? read_text_file("-") : p;
}

// --itinerary 440902:20427,110105:20425 (region:epoch day, any order; an empty value is an empty itinerary).
std::vector<RegionVisit> parse_itinerary(const std::string& text) {
  std::vector<RegionVisit> visits;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto item = text.substr(start, end - start);
    auto colon = item.find(':');
    std::string region = item.substr(0, colon);
    if (colon == std::string::npos || !is_region_code(region) || colon + 1 >= item.size() ||
        item.find_first_not_of("0123456789", colon + 1) != std::string::npos || item.size() - colon - 1 > 9)
      throw UsageError("--itinerary takes REGION:EPOCH_DAY,... (6-digit region, UTC epoch day), not \"" + item + "\"");
    visits.push_back(RegionVisit{region, static_cast<std::uint32_t>(std::stoul(item.substr(colon + 1)))});
    start = end + 1;
  }
  auto normalized = normalize_itinerary(visits);
  if (normalized.size() == kMaxItinerary && visits.size() > kMaxItinerary) {
    std::size_t distinct = 0;
    for (std::size_t i = 0; i < visits.size(); ++i) {
      bool repeated = false;
      for (std::size_t j = 0; j < i; ++j) repeated = repeated || visits[j].region == visits[i].region;
      distinct += repeated ? 0 : 1;
    }
    if (distinct > kMaxItinerary) throw UsageError("--itinerary holds at most 20 regions");
  }
  return normalized;
}

// --declaration EPOCH[:symptoms][:fever][:contact]: when it was declared and what was declared true.
DeclarationSummary parse_declaration(const std::string& text) {
  DeclarationSummary out;
  std::size_t colon = text.find(':');
  std::string when = text.substr(0, colon);
  if (when.empty() || when.size() > 19 || when.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("--declaration takes EPOCH[:symptoms][:fever][:contact]");
  out.declared_at = std::stoull(when);
  while (colon != std::string::npos) {
    std::size_t next = text.find(':', colon + 1);
    auto flag = text.substr(colon + 1, next == std::string::npos ? std::string::npos : next - colon - 1);
    if (flag == "symptoms") out.symptoms = true;
    else if (flag == "fever") out.fever = true;
    else if (flag == "contact") out.contact = true;
    else throw UsageError("--declaration flags are symptoms, fever and contact, not \"" + flag + "\"");
    colon = next;
  }
  return out;
}

}  // namespace

int keygen(const std::vector<std::string>& args) {
  Arguments a(args, {"out", "seed"});
  KeyPair key;
  if (auto seed_text = a.get("seed")) {
    auto seed = seed_from_text(*seed_text);
    if (!seed) throw UsageError("--seed must be base64url of 32 bytes");
    key = key_pair_from_seed(*seed);
  } else {
    key = generate_key_pair();
  }
  auto json = key_file_json(key);
  if (auto out = a.get("out")) {
    // Create with 0600 from the start: the secret must never be readable by others, even briefly.
    mode_t old = umask(077);
    std::ofstream file(*out, std::ios::trunc);
    umask(old);
    if (!file) throw UsageError("cannot write " + *out);
    file << encode_key_file(key);
    chmod(out->c_str(), 0600);
    json.erase("secret");
    json["file"] = *out;
  }
  std::cout << json.dump(2) << "\n";
  return 0;
}

int issue(const std::vector<std::string>& args) {
  Arguments a(args, {"key", "iss", "type", "sub", "status", "name", "phone", "seq", "contact", "place-name", "category",
                     "region", "address", "iat", "exp", "ttl", "url", "itinerary", "declaration"});
  Issuer issuer(load_key(a.require("key")), a.require("iss"));
  Credential c;
  auto type = credential_type_from(a.require("type"));
  if (!type) throw UsageError("--type must be person, proxy or place");
  c.type = *type;
  c.sub = a.require("sub");
  c.iat = a.get_uint("iat").value_or(system_clock_now());
  if (a.get("exp") && a.get("ttl")) throw UsageError("give --exp or --ttl, not both");
  // Defaults: a dynamic personal code lives 300 s; printed proxy and place codes a year.
  std::uint64_t default_ttl = c.type == CredentialType::person ? 300 : 365ull * 24 * 3600;
  c.exp = a.get_uint("exp").value_or(c.iat + a.get_uint("ttl").value_or(default_ttl));
  if (c.type == CredentialType::place) {
    c.place = PlaceInfo{a.require("place-name"), a.require("category"), a.require("region"), a.get("address")};
  } else {
    auto status = health_status_from(a.require("status"));
    if (!status) throw UsageError("--status must be green, yellow, orange or red");
    c.status = status;
    c.name = a.require("name");
    c.phone = a.get("phone");
    c.seq = a.get_uint("seq").value_or(0);
    c.contact = a.get("contact");
  }
  if (auto itinerary = a.get("itinerary")) c.itinerary = parse_itinerary(*itinerary);
  if (auto declaration = a.get("declaration")) c.declaration = parse_declaration(*declaration);
  auto text = issuer.issue(c);
  if (!text) return print_error(text.error());
  if (auto url = a.get("url")) {
    auto with_url = gl1_url(*url, *text);
    if (!with_url) return print_error(with_url.error());
    std::cout << *with_url << "\n";
  } else {
    std::cout << *text << "\n";
  }
  return 0;
}

int sign_doc(const std::vector<std::string>& args) {
  Arguments a(args, {"key", "typ", "encoding"});
  auto key = load_key(a.require("key"));
  auto typ = a.require("typ");
  auto encoding = a.get("encoding");
  if (encoding && typ != kStatusListTyp) throw UsageError("--encoding is for --typ gl-status-list");
  if (encoding && *encoding != "packed" && *encoding != "json") throw UsageError("--encoding must be packed or json");
  if (a.positionals().size() != 1) throw UsageError("expected one payload file (or - for standard input)");
  // A status list of millions of entries is larger than other documents.
  JsonLimits limits;
  if (typ == kStatusListTyp) limits.max_bytes = 256u << 20;
  auto payload = parse_json(read_text_file(a.positionals().front()), limits, "document.payload");
  if (!payload) return print_error(payload.error());
  if (!payload->is_object()) return print_error(make_error("document.payload", "the payload must be a JSON object"));
  // The documented payload's entries array is packed; any other payload is signed as given (sign-doc is a
  // signing tool: tests sign odd payloads on purpose, and readers refuse what is not a status list).
  auto entries = payload->find("entries");
  bool json_entries = entries != payload->end() && entries->is_array();
  if (typ == kStatusListTyp && json_entries && encoding.value_or("packed") == "packed") {
    auto packed = pack_status_payload(*payload);
    if (!packed) return print_error(packed.error());
    *payload = std::move(*packed);
  }
  std::cout << Issuer(key, "").sign_document(typ, *payload) << "\n";
  return 0;
}

int status_list_inspect(const std::vector<std::string>& args) {
  Arguments a(args, {});
  if (a.positionals().size() != 1) throw UsageError("expected one status-list file (or - for standard input)");
  auto text = read_text_file(a.positionals().front());
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  auto shown = inspect_status_list(text);
  if (!shown) return print_error(shown.error());
  std::cout << shown->dump(2) << "\n";
  return 0;
}

int verify(const std::vector<std::string>& args) {
  Arguments a(args, {"root", "trust-list", "now", "skew", "rules", "status-list", "place-id", "place-category",
                     "place-region", "temperature", "locale", "region-risk"});
  VerifierOptions options;
  for (const auto& root : a.all("root")) {
    auto key = public_key_from_text(root);
    if (!key) throw UsageError("--root must be base64url of a 32-byte Ed25519 public key");
    options.roots.push_back(*key);
  }
  if (options.roots.empty()) throw UsageError("--root is required");
  auto trust_list = read_text_file(a.require("trust-list"));
  Verifier::Documents documents;
  if (auto rules = a.get("rules")) documents.rules = read_text_file(*rules);
  for (const auto& path : a.all("status-list")) documents.status_lists.push_back(read_text_file(path));
  if (auto regions = a.get("region-risk")) documents.region_risk = read_text_file(*regions);

  DecisionContext context;
  context.now = a.get_uint("now");
  if (context.now) options.clock = [t = *context.now] { return t; };
  if (auto skew = a.get_uint("skew")) options.skew_seconds = static_cast<std::int64_t>(*skew);
  auto place_id = a.get("place-id"), place_category = a.get("place-category"), place_region = a.get("place-region");
  if (place_id || place_category || place_region)
    context.place = PlaceContext{place_id.value_or(""), place_category.value_or(""), place_region.value_or("")};
  if (auto t = a.get("temperature")) {
    char* end = nullptr;
    double celsius = std::strtod(t->c_str(), &end);
    if (t->empty() || *end != '\0') throw UsageError("--temperature must be a number (°C)");
    context.temperature = celsius;
  }
  context.locale = a.get("locale").value_or("zh-CN");
  if (context.locale != "zh-CN" && context.locale != "en") throw UsageError("--locale must be zh-CN or en");
  auto text = positional_text(a, "code text");

  // A document that cannot be loaded means nothing can be admitted: the result says why (exit 0).
  DecisionResult result;
  auto verifier = Verifier::create(std::move(options), trust_list);
  if (!verifier) {
    result = refusal(verifier.error());
  } else if (auto loaded = verifier->update(documents); !loaded) {
    result = verifier->refuse(loaded.error(), context.now);
  } else {
    result = verifier->decide(text, context);
  }
  result.locale = context.locale;
  std::cout << to_json_text(result) << "\n";
  return 0;
}

// rules test RULES.json CASES.json: checks an unsigned rule set against example data before an authority
// signs it. Cases: [{"name", "data": <what a rule sees>, "expect": {"decision", "reasons": [rule ids]}}].
int rules_test(const std::vector<std::string>& args) {
  Arguments a(args, {});
  if (a.positionals().size() != 2) throw UsageError("rules test needs RULES.json and CASES.json");
  auto payload = parse_json(read_text_file(a.positionals()[0]), JsonLimits{16u << 20, 512}, "rules.invalid");
  if (!payload) return print_error(payload.error());
  auto set = parse_rule_set(*payload);
  if (!set) return print_error(set.error());
  auto cases = parse_json(read_text_file(a.positionals()[1]), JsonLimits{}, "rules.cases");
  if (!cases) return print_error(cases.error());
  auto report = test_rule_set(*set, *cases);
  if (!report) return print_error(report.error());
  for (const auto& r : report->results) {
    auto line = to_json(r);
    // The name first, as before (ordered for people reading the lines).
    nlohmann::ordered_json ordered = {{"name", line["name"]}, {"pass", line["pass"]}};
    for (const char* key : {"error", "decision", "reasons", "expected"})
      if (line.contains(key)) ordered[key] = line[key];
    std::cout << ordered.dump() << "\n";
  }
  const int passed = report->passed, failed = report->failed;
  std::cout << "rules test: " << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

// qr TEXT: a QR image of any text (codes from `issue`), as PGM (default) or SVG.
int qr(const std::vector<std::string>& args) {
  Arguments a(args, {"format", "scale", "margin", "out"});
  auto text = positional_text(a, "text to encode");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  QrOptions options;
  if (auto scale = a.get_uint("scale")) options.module_pixels = static_cast<int>(std::min<std::uint64_t>(*scale, 64));
  if (auto margin = a.get_uint("margin"))
    options.quiet_modules = static_cast<int>(std::min<std::uint64_t>(*margin, 64));
  auto format = a.get("format").value_or("pgm");
  std::string bytes;
  if (format == "pgm") {
    auto image = render_qr(text, options);
    if (!image) return print_error(image.error());
    bytes = to_pgm(*image);
  } else if (format == "svg") {
    auto svg = render_qr_svg(text, options);
    if (!svg) return print_error(svg.error());
    bytes = *svg;
  } else {
    throw UsageError("--format must be pgm or svg");
  }
  if (auto out = a.get("out")) {
    std::ofstream file(*out, std::ios::binary | std::ios::trunc);
    if (!file) throw UsageError("cannot write " + *out);
    file << bytes;
  } else {
    std::cout << bytes;
  }
  return 0;
}

}  // namespace greenlight::cli
