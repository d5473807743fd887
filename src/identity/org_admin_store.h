#pragma once
// Identity's own writes and full reads of the organisation (departments with their duties),
// for the administration service; other modules read through identity::Org (org.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "identity/org.h"
#include "store/db.h"

namespace weijian::identity::org_admin {

struct DepartmentRecord {
  std::int64_t id = 0;
  std::string code, name, short_name, duties;
};

// Departments whose name, short name or code contain `q` (all when empty), by id.
Result<std::vector<DepartmentRecord>> departments(store::Conn& c, const std::string& q);
Result<std::optional<DepartmentRecord>> department(store::Conn& c, std::int64_t id);
// Departments that already have this code or this name.
Result<std::vector<DepartmentRecord>> departments_with_code_or_name(store::Conn& c, const std::string& code,
                                                                    const std::string& name);
Result<std::int64_t> insert_department(store::Conn& c, const DepartmentRecord& d, const std::string& now);
Status update_department(store::Conn& c, const DepartmentRecord& d);
// The root's path, or "/" before the tree is seeded (where organisation-wide entries are filed).
Result<std::string> root_path_or_slash(store::Conn& c);

// Every jurisdiction, by id.
Result<std::vector<Jurisdiction>> jurisdictions_by_id(store::Conn& c);
// Adds a jurisdiction under `parent` (none: the root); its path is the parent's plus its id.
Result<Jurisdiction> insert_jurisdiction(store::Conn& c, const std::optional<Jurisdiction>& parent, const std::string& code,
                                         const std::string& name, const std::string& level, const std::string& now);
Status rename_jurisdiction(store::Conn& c, std::int64_t id, const std::string& name);
Result<std::int64_t> jurisdiction_count(store::Conn& c);
Result<std::int64_t> department_count(store::Conn& c);

}  // namespace weijian::identity::org_admin
