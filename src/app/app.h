#pragma once
// The commands of the weijian binary. Each takes the arguments after its name and returns
// the process exit code (0 success, 1 failure, 2 bad usage).
#include <string>
#include <vector>

namespace weijian::app {

int serve_command(const std::vector<std::string>& args);
int admin_command(const std::vector<std::string>& args);
int ledger_command(const std::vector<std::string>& args);
int draw_command(const std::vector<std::string>& args);
int demo_command(const std::vector<std::string>& args);
int import_command(const std::vector<std::string>& args);
int audit_command(const std::vector<std::string>& args);
int demo_claims_command(const std::vector<std::string>& args);

}  // namespace weijian::app
