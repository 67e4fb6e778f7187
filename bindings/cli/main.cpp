// greenlight: issue and verify GL1 codes and signed documents from the command line.
#include <iostream>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "greenlight/version.hpp"

namespace {

constexpr const char* kUsage = R"(usage:
  greenlight keygen [--out FILE] [--seed B64URL]
  greenlight issue --key FILE --iss ID --type person|proxy|place --sub ID
                   [--status green|yellow|orange|red --name MASKED [--phone MASKED] [--seq Q] [--contact MASKED]]
                   [--place-name NAME --category CAT --region 6DIGITS [--address TEXT]]
                   [--itinerary REGION:DAY,...] [--declaration EPOCH[:symptoms][:fever][:contact]]
                   [--iat EPOCH] [--exp EPOCH | --ttl SECONDS] [--url https://host/path]
  greenlight sign-doc --key FILE --typ gl-trust-list|gl-rules|gl-status-list|gl-region-risk [--encoding packed|json] PAYLOAD.json|-
  greenlight status-list inspect FILE|-
  greenlight verify --root B64URL [--root ...] --trust-list FILE [--rules FILE] [--status-list FILE ...]
                    [--region-risk FILE]
                    [--place-id ID] [--place-category CAT] [--place-region 6DIGITS] [--temperature CELSIUS]
                    [--locale zh-CN|en] [--now EPOCH] [--skew SECONDS] TEXT|-
  greenlight rules test RULES.json CASES.json
  greenlight qr [--format pgm|svg] [--scale PIXELS] [--margin MODULES] [--out FILE] TEXT|-
  greenlight version
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "keygen") return greenlight::cli::keygen(args);
    if (command == "issue") return greenlight::cli::issue(args);
    if (command == "sign-doc") return greenlight::cli::sign_doc(args);
    if (command == "verify") return greenlight::cli::verify(args);
    if (command == "qr") return greenlight::cli::qr(args);
    if (command == "status-list" && !args.empty() && args[0] == "inspect")
      return greenlight::cli::status_list_inspect(std::vector<std::string>(args.begin() + 1, args.end()));
    if (command == "rules" && !args.empty() && args[0] == "test")
      return greenlight::cli::rules_test(std::vector<std::string>(args.begin() + 1, args.end()));
    if (command == "version" || command == "--version") {
      std::cout << greenlight::kVersion << "\n";
      return 0;
    }
    throw greenlight::cli::UsageError("unknown command " + command);
  } catch (const greenlight::cli::UsageError& e) {
    std::cerr << "greenlight: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "greenlight: internal error: " << e.what() << "\n";
    return 1;
  }
}
