#include "store/query.h"

#include <algorithm>

namespace weijian::store {

std::string like_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Query Query::scoped(const Scope& scope, std::string select_from, std::string_view path_column) {
  Query q(std::move(select_from));
  if (!scope.unrestricted) {
    // An empty path would match everything: a restricted scope without a territory sees nothing.
    if (scope.jurisdiction_path.empty()) q.where_raw("1 = 0");
    else q.where(std::string(path_column) + " LIKE ? ESCAPE '\\'", like_escape(scope.jurisdiction_path) + "%");
  }
  return q;
}

Query Query::unscoped(std::string select_from) { return Query(std::move(select_from)); }


Query& Query::where(std::string_view cond, Value v) {
  std::string c(cond);
  const auto q = c.find('?');
  params_.push_back(std::move(v));
  if (q != std::string::npos) c.replace(q, 1, "$" + std::to_string(params_.size()));
  where_ += where_.empty() ? " WHERE " : " AND ";
  where_ += "(" + c + ")";
  return *this;
}

Query& Query::where_raw(std::string_view cond) {
  where_ += where_.empty() ? " WHERE " : " AND ";
  where_ += "(" + std::string(cond) + ")";
  return *this;
}

Query& Query::search(std::initializer_list<std::string_view> columns, const std::string& text) {
  if (text.empty()) return *this;
  params_.push_back("%" + like_escape(text) + "%");
  const std::string p = "$" + std::to_string(params_.size());
  std::string cond;
  for (auto col : columns) {
    if (!cond.empty()) cond += " OR ";
    cond += "LOWER(" + std::string(col) + ") LIKE LOWER(" + p + ") ESCAPE '\\'";
  }
  return where_raw(cond);
}

Query& Query::order_by(std::string order) {
  order_ = " ORDER BY " + std::move(order);
  return *this;
}

Query& Query::group_by(std::string columns) {
  group_ = " GROUP BY " + std::move(columns);
  return *this;
}

Result<Rows> Query::all(Conn& c) const { return c.query(sql_ + where_ + group_ + order_, params_); }

Result<Page> Query::page(Conn& c, int page, int page_size) const {
  Page p;
  p.page = std::max(1, page);
  p.page_size = std::clamp(page_size, 1, 500);
  // Count over the same FROM/WHERE: replace the select list with count(*).
  const auto from = sql_.find(" FROM ");
  auto count = group_.empty() ? c.query("SELECT count(*)" + sql_.substr(from) + where_, params_)
                              : c.query("SELECT count(*) FROM (SELECT 1" + sql_.substr(from) + where_ + group_ + ") g", params_);
  if (!count.ok()) return count.error();
  p.total = count->integer(0, 0);
  Params params = params_;
  params.push_back(std::int64_t{p.page_size});
  params.push_back(std::int64_t{(p.page - 1) * p.page_size});
  const std::string limit = " LIMIT $" + std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size());
  auto rows = c.query(sql_ + where_ + group_ + order_ + limit, params);
  if (!rows.ok()) return rows.error();
  p.rows = std::move(rows.value());
  return p;
}

Result<Rows> scoped_row(Conn& c, const Scope& scope, const std::string& select_from, std::string_view path_column,
                        std::string_view id_column, std::int64_t id) {
  return Query::scoped(scope, select_from, path_column).where(std::string(id_column) + " = ?", id).all(c);
}

Json page_json(const Page& page, const std::function<Json(const Rows&, std::size_t)>& row) {
  Json items = Json::array();
  for (std::size_t i = 0; i < page.rows.size(); ++i) items.push_back(row(page.rows, i));
  return {{"items", items}, {"total", page.total}, {"page", page.page}, {"page_size", page.page_size}};
}

}  // namespace weijian::store
