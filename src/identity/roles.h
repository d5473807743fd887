#pragma once
// Roles and the permission matrix (role × action), reviewed in one place. Data scope is
// separate: every role but the administrator sees only its own jurisdiction's subtree.
#include <string>
#include <string_view>
#include <vector>

namespace weijian::identity {

struct RoleInfo {
  std::string_view role;
  std::string_view label;
};
struct ActionInfo {
  std::string_view action;
  std::string_view label;
};

const std::vector<RoleInfo>& roles();
const std::vector<ActionInfo>& actions();
bool is_role(std::string_view role);
std::string role_label(std::string_view role);
bool allowed(std::string_view role, std::string_view action);
std::vector<std::string> permissions_of(std::string_view role);
// Administrators act city-wide; every other role within its own jurisdiction.
bool unrestricted_scope(std::string_view role);

}  // namespace weijian::identity
