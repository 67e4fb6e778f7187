// GL1 claims: a CWT map (1 iss, 2 sub, 4 exp, 6 iat) plus the Greenlight claim under -65537.
#include "greenlight/cbor.hpp"
#include "greenlight/credential.hpp"
#include "../cbor/utf8.hpp"

namespace greenlight {
namespace {

constexpr std::int64_t kIss = 1, kSub = 2, kExp = 4, kIat = 6, kGreenlight = -65537;

Error claims_error(std::string message) { return make_error("format.claims", std::move(message)); }

// Reads optional/required typed fields from a CBOR map, remembering the first problem.
struct FieldReader {
  const cbor::Value& map;
  std::optional<Error> problem;

  template <typename Key>
  std::optional<std::string> text(Key key, std::string_view label, bool required) {
    const auto* v = map.find(key);
    if (!v) {
      if (required) fail("missing " + std::string(label));
      return std::nullopt;
    }
    if (v->type != cbor::Type::text) {
      fail(std::string(label) + " must be text");
      return std::nullopt;
    }
    return v->string;
  }

  template <typename Key>
  std::optional<std::uint64_t> uint(Key key, std::string_view label, bool required) {
    const auto* v = map.find(key);
    if (!v) {
      if (required) fail("missing " + std::string(label));
      return std::nullopt;
    }
    if (v->type != cbor::Type::unsigned_int) {
      fail(std::string(label) + " must be an unsigned integer");
      return std::nullopt;
    }
    return v->number;
  }

  template <typename Key>
  std::optional<bool> boolean(Key key, std::string_view label) {
    const auto* v = map.find(key);
    if (!v || v->type != cbor::Type::simple || (v->number != 20 && v->number != 21)) {
      fail(std::string(label) + " must be true or false");
      return std::nullopt;
    }
    return v->number == 21;
  }

  void fail(std::string message) {
    if (!problem) problem = claims_error(std::move(message));
  }
};

// "tr": [[region, day], ...], newest first, one entry per region, at most 20.
std::optional<std::vector<RegionVisit>> read_itinerary(const cbor::Value& gl, FieldReader& r) {
  const auto* tr = gl.find("tr");
  if (!tr) return std::nullopt;
  if (tr->type != cbor::Type::array) {
    r.fail("tr (itinerary) must be an array");
    return std::nullopt;
  }
  std::vector<RegionVisit> visits;
  visits.reserve(tr->items.size());
  for (const auto& item : tr->items) {
    if (item.type != cbor::Type::array || item.items.size() != 2 || item.items[0].type != cbor::Type::text ||
        item.items[1].type != cbor::Type::unsigned_int || item.items[1].number > UINT32_MAX) {
      r.fail("tr (itinerary) entries must be [region, epoch day]");
      return std::nullopt;
    }
    visits.push_back(RegionVisit{item.items[0].string, static_cast<std::uint32_t>(item.items[1].number)});
  }
  return visits;
}

std::optional<DeclarationSummary> read_declaration(const cbor::Value& gl, FieldReader& r) {
  const auto* dc = gl.find("dc");
  if (!dc) return std::nullopt;
  if (dc->type != cbor::Type::map) {
    r.fail("dc (declaration) must be a map");
    return std::nullopt;
  }
  FieldReader d{*dc, std::nullopt};
  DeclarationSummary out;
  auto t = d.uint("t", "dc.t (declared at)", true);
  auto sy = d.boolean("sy", "dc.sy (symptoms)");
  auto f = d.boolean("f", "dc.f (fever)");
  auto c = d.boolean("c", "dc.c (contact)");
  if (d.problem) {
    r.fail(d.problem->message);
    return std::nullopt;
  }
  out.declared_at = *t;
  out.symptoms = *sy;
  out.fever = *f;
  out.contact = *c;
  return out;
}

Result<void> check_itinerary(const std::vector<RegionVisit>& visits) {
  if (visits.size() > kMaxItinerary)
    return claims_error("tr (itinerary) holds at most " + std::to_string(kMaxItinerary) + " regions");
  for (std::size_t i = 0; i < visits.size(); ++i) {
    if (!detail::valid_utf8(visits[i].region) || !is_region_code(visits[i].region))
      return claims_error("tr (itinerary) regions must be 6-digit administrative division codes");
    if (i > 0 && visits[i].day > visits[i - 1].day) return claims_error("tr (itinerary) must be newest first");
    for (std::size_t j = 0; j < i; ++j)
      if (visits[j].region == visits[i].region)
        return claims_error("tr (itinerary) names region " + visits[i].region + " twice");
  }
  return {};
}

}  // namespace

Result<void> check_credential(const Credential& c) {
  // Every text claim is CBOR text, which must be UTF-8: an issuer must never sign what verifiers refuse.
  for (const std::string* text : {&c.iss, &c.sub, c.name ? &*c.name : nullptr, c.phone ? &*c.phone : nullptr,
                                  c.contact ? &*c.contact : nullptr, c.place ? &c.place->name : nullptr,
                                  c.place ? &c.place->category : nullptr, c.place ? &c.place->region : nullptr})
    if (text && !detail::valid_utf8(*text)) return claims_error("text claims must be valid UTF-8");
  if (c.iss.empty()) return claims_error("iss must not be empty");
  if (c.sub.empty()) return claims_error("sub must not be empty");
  if (c.exp < c.iat) return claims_error("exp is before iat");
  if (c.type == CredentialType::place) {
    if (c.itinerary || c.declaration) return claims_error("a place code carries no itinerary or declaration");
    if (!c.place) return claims_error("a place code needs place details");
    if (c.place->name.empty()) return claims_error("place name must not be empty");
    if (!is_place_category(c.place->category))
      return claims_error("unknown place category \"" + c.place->category + "\"");
    if (!is_region_code(c.place->region)) return claims_error("region must be a 6-digit administrative division code");
    return {};
  }
  if (!c.status) return claims_error("a personal code needs a status");
  if (!c.name || c.name->empty()) return claims_error("a personal code needs a masked name");
  if (!c.seq) return claims_error("a personal code needs a status sequence number");
  if (c.type == CredentialType::person && !c.phone) return claims_error("a person code needs a masked phone");
  if (c.type == CredentialType::proxy && !c.contact) return claims_error("a proxy code needs an emergency contact");
  if (c.itinerary)
    if (auto checked = check_itinerary(*c.itinerary); !checked) return checked;
  return {};
}

Result<Credential> decode_claims(ByteView data) {
  auto decoded = cbor::decode(data);
  if (!decoded) return decoded.error();
  const auto& claims = *decoded;
  if (claims.type != cbor::Type::map) return claims_error("claims must be a CBOR map");

  Credential c;
  FieldReader top{claims, std::nullopt};
  auto iss = top.text(kIss, "iss (1)", true);
  auto sub = top.text(kSub, "sub (2)", true);
  auto exp = top.uint(kExp, "exp (4)", true);
  auto iat = top.uint(kIat, "iat (6)", true);
  if (top.problem) return *top.problem;

  const auto* gl = claims.find(kGreenlight);
  if (!gl) return claims_error("missing the Greenlight claim (-65537)");
  if (gl->type != cbor::Type::map) return claims_error("the Greenlight claim must be a map");
  FieldReader r{*gl, std::nullopt};
  auto version = r.uint("v", "v", true);
  auto type = r.text("t", "t", true);
  if (r.problem) return *r.problem;
  if (*version != 1) return claims_error("unsupported GL1 claim version " + std::to_string(*version));
  auto parsed_type = credential_type_from(*type);
  if (!parsed_type) return claims_error("unknown credential type \"" + *type + "\"");

  c.type = *parsed_type;
  c.iss = std::move(*iss);
  c.sub = std::move(*sub);
  c.exp = *exp;
  c.iat = *iat;

  if (c.type == CredentialType::place) {
    PlaceInfo place;
    auto name = r.text("pn", "pn (place name)", true);
    auto category = r.text("pc", "pc (category)", true);
    auto region = r.text("pr", "pr (region)", true);
    auto address = r.text("pa", "pa (address)", false);
    if (r.problem) return *r.problem;
    place.name = std::move(*name);
    place.category = std::move(*category);
    place.region = std::move(*region);
    place.address = std::move(address);
    c.place = std::move(place);
  } else {
    auto status = r.text("s", "s (status)", true);
    c.name = r.text("n", "n (masked name)", true);
    c.phone = r.text("m", "m (masked phone)", c.type == CredentialType::person);
    c.seq = r.uint("q", "q (status sequence)", true);
    if (c.type == CredentialType::proxy) c.contact = r.text("e", "e (emergency contact)", true);
    c.itinerary = read_itinerary(*gl, r);
    c.declaration = read_declaration(*gl, r);
    if (r.problem) return *r.problem;
    c.status = health_status_from(*status);
    if (!c.status) return claims_error("unknown status \"" + *status + "\"");
  }
  if (auto checked = check_credential(c); !checked) return checked.error();
  return c;
}

Result<Bytes> encode_claims(const Credential& c) {
  if (auto checked = check_credential(c); !checked) return checked.error();
  cbor::Writer w;
  w.map(5);
  w.int64(kIss);
  w.text(c.iss);
  w.int64(kSub);
  w.text(c.sub);
  w.int64(kExp);
  w.uint(c.exp);
  w.int64(kIat);
  w.uint(c.iat);
  w.int64(kGreenlight);
  if (c.type == CredentialType::place) {
    w.map(c.place->address ? 6 : 5);
    w.text("v"), w.uint(1);
    w.text("t"), w.text("place");
    w.text("pn"), w.text(c.place->name);
    w.text("pc"), w.text(c.place->category);
    w.text("pr"), w.text(c.place->region);
    if (c.place->address) w.text("pa"), w.text(*c.place->address);
  } else {
    bool proxy = c.type == CredentialType::proxy;
    w.map(5 + (c.phone ? 1 : 0) + (proxy ? 1 : 0) + (c.itinerary ? 1 : 0) + (c.declaration ? 1 : 0));
    w.text("v"), w.uint(1);
    w.text("t"), w.text(to_string(c.type));
    w.text("s"), w.text(to_string(*c.status));
    w.text("n"), w.text(*c.name);
    if (c.phone) w.text("m"), w.text(*c.phone);
    w.text("q"), w.uint(*c.seq);
    if (proxy) w.text("e"), w.text(*c.contact);
    if (c.itinerary) {
      w.text("tr"), w.array(c.itinerary->size());
      for (const auto& visit : *c.itinerary) w.array(2), w.text(visit.region), w.uint(visit.day);
    }
    if (c.declaration) {
      const auto& d = *c.declaration;
      w.text("dc"), w.map(4);
      w.text("t"), w.uint(d.declared_at);
      w.text("sy"), w.boolean(d.symptoms);
      w.text("f"), w.boolean(d.fever);
      w.text("c"), w.boolean(d.contact);
    }
  }
  return w.take();
}

}  // namespace greenlight
