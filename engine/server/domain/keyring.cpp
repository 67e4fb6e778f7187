// Keys on disk: keygen's JSON format, created with mode 0600.
#include "greenlight/server/keyring.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "greenlight/encoding.hpp"
#include "greenlight/issuer.hpp"
#include "greenlight/json_limits.hpp"
#include "greenlight/key_file.hpp"
#include "greenlight/trust_list.hpp"

namespace greenlight {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& what) { return make_error("keyring.io", what); }

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Writes a secret file readable by its owner only, from the first byte on.
Result<void> write_secret(const fs::path& path, const std::string& content) {
  mode_t old = umask(077);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  umask(old);
  if (!out || !(out << content)) return io_error("cannot write " + path.string());
  out.close();
  chmod(path.c_str(), 0600);
  return {};
}

Result<KeyPair> load_or_create_key(const fs::path& path) {
  if (auto text = read_file(path)) {
    auto key = decode_key_file(*text);
    if (!key) return make_error("keyring.invalid", path.string() + " is not a key file");
    return *key;
  }
  auto key = generate_key_pair();
  if (auto written = write_key_file(path.string(), key); !written) return written.error();
  return key;
}

}  // namespace

Result<void> write_key_file(const std::string& path, const KeyPair& key) {
  return write_secret(path, encode_key_file(key));
}

Result<std::vector<std::string>> copy_key_files(const std::string& data_dir, const std::string& out_dir) {
  const fs::path from = fs::path(data_dir);
  const fs::path to = fs::path(out_dir);
  std::error_code ec;
  if (!fs::is_directory(from / "keys", ec)) return io_error("no keys in " + (from / "keys").string());
  fs::create_directories(to / "keys", ec);
  if (ec) return io_error("cannot create " + (to / "keys").string() + ": " + ec.message());
  fs::permissions(to / "keys", fs::perms::owner_all, fs::perm_options::replace, ec);

  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(from / "keys", ec)) {
    if (entry.is_regular_file()) names.push_back("keys/" + entry.path().filename().string());
  }
  if (ec) return io_error("cannot list " + (from / "keys").string() + ": " + ec.message());
  if (fs::is_regular_file(from / "trust-list.jws", ec)) names.push_back("trust-list.jws");
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    auto content = read_file(from / name);
    if (!content) return io_error("cannot read " + (from / name).string());
    if (auto written = write_secret(to / name, *content); !written) return written.error();
  }
  return names;
}

Result<Keyring> Keyring::open_or_create(const std::string& data_dir, const std::string& issuer_id) {
  std::error_code ec;
  fs::path keys = fs::path(data_dir) / "keys";
  fs::create_directories(keys, ec);
  if (ec) return io_error("cannot create " + keys.string() + ": " + ec.message());
  fs::permissions(keys, fs::perms::owner_all, fs::perm_options::replace, ec);

  Keyring ring;
  ring.data_dir = data_dir;
  ring.issuer_id = issuer_id;
  bool offline_root = fs::exists(fs::path(data_dir) / "trust-list.jws") && !fs::exists(keys / "root.key.json");
  if (!offline_root) {
    auto root = load_or_create_key(keys / "root.key.json");
    if (!root) return root.error();
    ring.root = *root;
    ring.root_public = root->public_key;
  } else {
    auto root_public = read_file(fs::path(data_dir) / "root.pub");
    auto key = root_public ? public_key_from_text(std::string_view(*root_public).substr(0, 43)) : std::nullopt;
    if (!key) return make_error("keyring.root", "an offline root needs its public key in " + data_dir + "/root.pub");
    ring.root_public = *key;
  }
  for (auto [name, slot] :
       {std::pair{"person", &ring.person}, std::pair{"proxy", &ring.proxy}, std::pair{"place", &ring.place},
        std::pair{"rules", &ring.rules}, std::pair{"status", &ring.status}, std::pair{"regions", &ring.regions}}) {
    auto key = load_or_create_key(keys / (std::string(name) + ".key.json"));
    if (!key) return key.error();
    *slot = *key;
  }
  fs::path pii = keys / "pii.key";
  if (auto text = read_file(pii)) {
    auto bytes = base64url_decode(std::string_view(*text).substr(0, text->find('\n')));
    if (!bytes || bytes->size() != ring.pii_key.size())
      return make_error("keyring.invalid", pii.string() + " is not a PII key");
    std::copy(bytes->begin(), bytes->end(), ring.pii_key.begin());
  } else {
    ring.pii_key = PiiVault::generate_key();
    if (auto written = write_secret(pii, base64url_encode(ring.pii_key) + "\n"); !written) return written.error();
  }
  return ring;
}

IssuerKeySet Keyring::file_keys() const {
  IssuerKeySet set{0, 0, person, proxy, place, rules, status, regions, {}};
  for (auto [key, use] : {std::pair{&person, "person"}, std::pair{&proxy, "proxy"}, std::pair{&place, "place"},
                          std::pair{&rules, "rules"}, std::pair{&status, "status"}, std::pair{&regions, "regions"}})
    set.published.push_back(PublishedKey{key->public_key, use, 0, std::nullopt});
  return set;
}

Result<std::string> Keyring::trust_list(const IssuerKeySet& keys, std::uint64_t iat) const {
  if (auto provided = read_file(fs::path(data_dir) / "trust-list.jws")) return *provided;
  if (!root) return make_error("keyring.root", "no root key and no trust-list.jws");
  constexpr std::uint64_t kSkew = 86400;  // issuing clocks may run up to a day behind
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& key : keys.published)
    entries.push_back({{"kid", base64url_encode(kid_of(key.public_key))},
                       {"x", base64url_encode(key.public_key)},
                       {"iss", issuer_id},
                       {"use", nlohmann::json::array({key.use})},
                       {"nbf", key.not_before > kSkew ? key.not_before - kSkew : 0},
                       {"exp", key.retired_at ? *key.retired_at : iat + 2 * 365 * 86400}});
  nlohmann::json payload = {{"iss", "gl-root:" + issuer_id},
                            {"iat", iat},
                            {"exp", iat + 30 * 86400},
                            {"seq", iat},
                            {"keys", std::move(entries)}};
  return Issuer(*root, "").sign_document(kTrustListTyp, payload);
}

}  // namespace greenlight
