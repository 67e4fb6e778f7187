// Masking, GB 11643 ID numbers, and the PII vault.
#include <catch2/catch.hpp>

#include "greenlight/server/privacy.hpp"

using namespace greenlight;

TEST_CASE("privacy: masking", "[privacy]") {
  CHECK(mask_name("张三") == "张*");
  CHECK(mask_name("张三丰") == "张*丰");
  CHECK(mask_name("欧阳娜娜") == "欧**娜");
  CHECK(mask_name("李") == "李*");
  CHECK(mask_name("Alice") == "A***e");
  CHECK(mask_name("") == "");
  CHECK(mask_phone("13812341234") == "138****1234");
  CHECK(mask_phone("021-5555") == "02****55");
  CHECK(mask_id_number("11010519491231002X") == "1101**********002X");
}

TEST_CASE("privacy: GB 11643 check character and birth date", "[privacy]") {
  CHECK(is_valid_id_number("11010519491231002X"));  // the standard's example
  CHECK(is_valid_id_number("11010519491231002x"));
  CHECK(is_valid_id_number("440524188001010014"));
  CHECK_FALSE(is_valid_id_number("110105194912310021"));  // wrong check character
  CHECK_FALSE(is_valid_id_number("11010519491331002X"));  // month 13
  CHECK_FALSE(is_valid_id_number("1101051949123100"));    // too short
  CHECK_FALSE(is_valid_id_number("11010519491231002Y"));
  CHECK(is_valid_phone("13812341234"));
  CHECK_FALSE(is_valid_phone("23812341234"));
  CHECK_FALSE(is_valid_phone("1381234123"));
}

TEST_CASE("privacy: vault seals, opens, refuses tampering, hashes by kind", "[privacy]") {
  auto key = PiiVault::generate_key();
  PiiVault vault(key);
  auto sealed = vault.seal("张三丰");
  CHECK(sealed.find("张") == std::string::npos);
  CHECK(vault.seal("张三丰") != sealed);  // random nonce: equal values do not look equal at rest
  REQUIRE(vault.open(sealed).ok());
  CHECK(*vault.open(sealed) == "张三丰");
  auto tampered = sealed;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  CHECK(vault.open(tampered).error().code == "pii.corrupt");
  CHECK(vault.open("").error().code == "pii.corrupt");
  PiiVault other(PiiVault::generate_key());
  CHECK(other.open(sealed).error().code == "pii.corrupt");
  CHECK(vault.lookup_hash("phone", "13812341234") == vault.lookup_hash("phone", "13812341234"));
  CHECK(vault.lookup_hash("phone", "13812341234") != vault.lookup_hash("id", "13812341234"));
  CHECK(vault.lookup_hash("phone", "13812341234") != other.lookup_hash("phone", "13812341234"));
}

TEST_CASE("privacy: day pseudonyms are stable within a day, unlinkable across days and keys", "[privacy]") {
  PiiVault vault(PiiVault::generate_key());
  PiiVault other(PiiVault::generate_key());
  const std::string subject = "Zq3x9Yk2bW1cP0aLmN4rTg";
  auto today = vault.day_pseudonym(subject, 20454);
  CHECK(today == vault.day_pseudonym(subject, 20454));  // every process with the key derives the same one
  CHECK(today.size() == 22);                            // base64url of 16 bytes, like a random subject
  CHECK(today.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(today != subject);
  CHECK(today != vault.day_pseudonym(subject, 20455));
  CHECK(today != vault.day_pseudonym(subject + "x", 20454));
  CHECK(today != other.day_pseudonym(subject, 20454));
  // Not the look-up hash of the same input under another name: a key of its own.
  CHECK(vault.lookup_hash("subject", subject).substr(0, 22) != today);
}
