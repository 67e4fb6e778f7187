// The CLI's subcommands. Each returns the process exit code; UsageError means exit 2.
#pragma once

#include <string>
#include <vector>

namespace greenlight::cli {

int keygen(const std::vector<std::string>& args);
int issue(const std::vector<std::string>& args);
int sign_doc(const std::vector<std::string>& args);
int status_list_inspect(const std::vector<std::string>& args);
int verify(const std::vector<std::string>& args);
int rules_test(const std::vector<std::string>& args);
int qr(const std::vector<std::string>& args);

}  // namespace greenlight::cli
