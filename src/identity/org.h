#pragma once
// The identity module's read port for the organisation: the jurisdiction tree, the departments
// and users' names. Other modules never query identity's tables; they are given an Org (app/
// connects it) and ask it. Every function takes the caller's open connection, so an answer is
// part of the caller's transaction. The tables are small (a city has some hundreds of
// jurisdictions and some tens of departments): callers that need names for a page of rows ask
// for the whole set once and look names up in memory instead of joining.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace weijian::identity {

struct Jurisdiction {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string code, name, level, path;  // level: city, district, town, grid_cell; path "/1/4/17/"
};

struct Department {
  std::int64_t id = 0;
  std::string code, name, short_name;
};

struct UserRef {
  std::int64_t id = 0;
  std::string username, display_name, role;
  std::int64_t department_id = 0;
  std::string jurisdiction_path;
};

class Org {
 public:
  // Every jurisdiction, ordered by path (a parent before its children).
  Result<std::vector<Jurisdiction>> jurisdictions(store::Conn& c) const;
  Result<std::optional<Jurisdiction>> jurisdiction(store::Conn& c, std::int64_t id) const;
  Result<std::optional<Jurisdiction>> jurisdiction_by_code(store::Conn& c, const std::string& code) const;
  // The path of jurisdiction `id` ("" when there is none): a scope filter is `path LIKE p || '%'`.
  Result<std::string> jurisdiction_path(store::Conn& c, std::int64_t id) const;
  // The city's (the root's) path.
  Result<std::string> root_path(store::Conn& c) const;

  Result<std::vector<Department>> departments(store::Conn& c) const;
  Result<std::optional<Department>> department(store::Conn& c, std::int64_t id) const;
  Result<std::optional<Department>> department_by_code(store::Conn& c, const std::string& code) const;

  Result<std::optional<UserRef>> user(store::Conn& c, std::int64_t id) const;
  // Display names of the given users (ids not found are absent).
  Result<std::map<std::int64_t, std::string>> user_names(store::Conn& c, const std::vector<std::int64_t>& ids) const;

  // The city (the root of the tree), if the tree has been seeded.
  Result<std::optional<Jurisdiction>> root(store::Conn& c) const;
  // How many user accounts there are (0 on a fresh installation).
  Result<std::int64_t> user_count(store::Conn& c) const;
};

// Lookups over a whole set, for rendering a page of rows without a join.
std::map<std::int64_t, const Jurisdiction*> by_id(const std::vector<Jurisdiction>& all);
std::map<std::string, const Department*> by_code(const std::vector<Department>& all);

}  // namespace weijian::identity
