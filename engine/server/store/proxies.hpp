// Proxy codes: the printed codes a citizen makes for a relative without a phone (sealed fields as stored).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

// A proxy with the sealed details of the person it is for.
struct ProxyRecord {
  std::string id, person_id, subject, code_text;
  std::int64_t issued_at = 0, expires_at = 0;
  std::optional<std::int64_t> revoked_at;
  std::optional<std::string> name_enc, id_number_enc, phone_enc;
  std::string issued_status;  // the status the code was printed with
  std::optional<std::string> claim_code_enc;
};
// The proxy `proxy_id` if `creator_id` made it.
Result<std::optional<ProxyRecord>> proxy_of_creator(Transaction& tx, const std::string& proxy_id,
                                                    const std::string& creator_id);
// Every proxy a creator made, newest first.
Result<std::vector<ProxyRecord>> proxies_of_creator(Transaction& tx, const std::string& creator_id);
Result<std::int64_t> live_proxy_count(Transaction& tx, const std::string& creator_id);
// The subject of a proxy code that is not revoked, and when the code expires.
struct LiveProxySubject {
  std::string subject;
  std::int64_t expires_at = 0;
};
// A person's proxies that are not revoked (expired ones included).
Result<std::vector<LiveProxySubject>> live_proxy_subjects(Transaction& tx, const std::string& person_id);

struct NewProxy {
  std::string id, person_id, creator_id, subject, code_text;
  std::int64_t issued_at = 0, expires_at = 0;
  std::string issued_status;
};
Result<void> insert_proxy(Transaction& tx, const NewProxy& proxy);
Result<void> mark_proxy_revoked(Transaction& tx, const std::string& proxy_id, std::int64_t at,
                                const std::optional<std::string>& replaced_by);

}  // namespace greenlight::store
