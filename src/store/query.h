#pragma once
// Builds a SELECT with filters, data scope and paging. Data scope is applied here, in one
// place: a query over a table whose rows belong to a jurisdiction is made with `scoped`,
// which adds the caller's jurisdiction-path prefix to the WHERE clause, so a record outside
// the caller's territory is simply not found (404), whatever the URL asked for.
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/json.h"
#include "store/db.h"

namespace weijian::store {

// Where a caller may see and act. `unrestricted` is for the city-wide roles; otherwise
// `jurisdiction_path` ("/1/4/") is the prefix every scoped row's path must start with.
struct Scope {
  bool unrestricted = false;
  std::string jurisdiction_path;
  static Scope all() { return {true, {}}; }
  bool contains(std::string_view path) const {
    return unrestricted || (!jurisdiction_path.empty() && path.substr(0, jurisdiction_path.size()) == jurisdiction_path);
  }
};

struct Page {
  Rows rows;
  std::int64_t total = 0;
  int page = 1;
  int page_size = 20;
};

class Query {
 public:
  // select_from: "SELECT … FROM table t [JOIN …]"; path_column: the row's jurisdiction path.
  static Query scoped(const Scope& scope, std::string select_from, std::string_view path_column);
  static Query unscoped(std::string select_from);

  // cond uses `?` for its one parameter, e.g. where("t.role = ?", role).
  Query& where(std::string_view cond, Value v);
  Query& where_raw(std::string_view cond);  // a condition without parameters
  // Case-insensitive substring match over several columns (LIKE with escaped input).
  Query& search(std::initializer_list<std::string_view> columns, const std::string& text);
  Query& order_by(std::string order);
  Query& group_by(std::string columns);  // for summaries; page() counts groups, not rows

  Result<Rows> all(Conn& c) const;
  Result<Page> page(Conn& c, int page, int page_size) const;  // page from 1
  const std::string& sql() const { return sql_; }
  const Params& params() const { return params_; }

 private:
  explicit Query(std::string select_from) : sql_(std::move(select_from)) {}
  std::string sql_;
  std::string where_;
  std::string group_;
  std::string order_;
  Params params_;
};

// The one row `id_column = id` of `select_from`, if it lies within the scope (else no rows).
Result<Rows> scoped_row(Conn& c, const Scope& scope, const std::string& select_from, std::string_view path_column,
                        std::string_view id_column, std::int64_t id);

// A page of a module's typed records, as its services return it.
template <class T>
struct PageOf {
  std::vector<T> items;
  std::int64_t total = 0;
  int page = 1;
  int page_size = 20;
};

// The page's rows mapped by `from(const Row&)` (the store's mapping function).
template <class F>
auto map_page(const Page& page, F&& from) {
  using T = std::decay_t<std::invoke_result_t<F&, const Row&>>;
  return PageOf<T>{map_rows(page.rows, from), page.total, page.page, page.page_size};
}

// The API's page shape: {items, total, page, page_size}, one item per record.
template <class T, class F>
Json page_json(const PageOf<T>& page, F&& to_json) {
  Json items = Json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)}, {"total", page.total}, {"page", page.page}, {"page_size", page.page_size}};
}
// The same over untyped rows (for code not yet mapped to types).
Json page_json(const Page& page, const std::function<Json(const Rows&, std::size_t)>& row);

// Escapes %, _ and \ for a LIKE pattern used with ESCAPE '\'.
std::string like_escape(std::string_view text);

}  // namespace weijian::store
