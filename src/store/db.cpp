#include "store/db.h"

#include <exception>
#include <stdexcept>

#include "core/log.h"

namespace weijian::store {

std::size_t Rows::col(std::string_view name) const {
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return c;
  throw std::logic_error("query has no column named \"" + std::string(name) + "\"");
}

std::optional<std::int64_t> Row::maybe_integer(std::string_view column) const {
  const std::size_t c = rows_->col(column);
  if (rows_->is_null(i_, c)) return std::nullopt;
  return rows_->integer(i_, c);
}

std::optional<std::string> Row::maybe_text(std::string_view column) const {
  const std::size_t c = rows_->col(column);
  if (rows_->is_null(i_, c)) return std::nullopt;
  return rows_->text(i_, c);
}

bool Rows::is_null(std::size_t row, std::size_t col) const {
  return std::holds_alternative<std::monostate>(rows.at(row).at(col));
}

std::int64_t Rows::integer(std::size_t row, std::size_t col) const {
  const Value& v = rows.at(row).at(col);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return p->empty() ? 0 : std::stoll(*p);
  return 0;
}

double Rows::real(std::size_t row, std::size_t col) const {
  const Value& v = rows.at(row).at(col);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return p->empty() ? 0 : std::stod(*p);
  return 0;
}

std::string Rows::text(std::size_t row, std::size_t col) const {
  const Value& v = rows.at(row).at(col);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<Blob>(&v)) return p->bytes;
  return {};
}

Lease::~Lease() {
  if (db_ && conn_) db_->release(std::move(conn_));
}

Result<std::unique_ptr<Db>> Db::open(const std::string& url, const DbOptions& options) {
  if (url.rfind("sqlite:", 0) == 0) return open_sqlite(url.substr(7), options);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return open_postgres(url, options);
  return errors::bad_request("存储地址应以 sqlite: 或 postgresql:// 开头，例如 sqlite:var/weijian.db。",
                             {{"db", "无法识别的存储地址"}});
}

Result<Lease> Db::acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    if (open_ < options_.pool_size) {
      ++open_;
      lock.unlock();
      auto conn = connect();
      if (!conn.ok()) {
        std::lock_guard relock(mu_);
        --open_;
        cv_.notify_one();
        return conn.error();
      }
      return Lease(this, std::move(conn.value()));
    }
    ++waits_;
    cv_.wait(lock);
  }
}

void Db::release(std::unique_ptr<Conn> conn) {
  std::lock_guard lock(mu_);
  if (conn->healthy()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // a broken connection is dropped; the next acquire opens a fresh one
  }
  cv_.notify_one();
}

Status Db::transaction(const std::function<Status(Conn&)>& fn) {
  auto lease = acquire();
  if (!lease.ok()) return lease.error();
  Conn& conn = **lease;
  WJ_TRY(conn.begin());
  ++transactions_;
  Status result;
  try {
    result = fn(conn);
  } catch (const std::exception& e) {
    log_event(LogLevel::error, "transaction threw", {{"what", e.what()}});
    result = errors::internal("处理时发生意外错误，本次操作未保存任何内容，请稍后重试。");
  }
  if (result.ok()) {
    Status c = conn.commit();
    if (c.ok()) return c;
    result = c;
  }
  ++rollbacks_;
  (void)conn.rollback();
  return result;
}

Result<Rows> Db::query(std::string_view sql, const Params& params) {
  auto lease = acquire();
  if (!lease.ok()) return lease.error();
  return (*lease)->query(sql, params);
}

Result<std::int64_t> Db::exec(std::string_view sql, const Params& params) {
  auto lease = acquire();
  if (!lease.ok()) return lease.error();
  return (*lease)->exec(sql, params);
}

void Db::record_query(std::uint64_t micros, bool failed) {
  queries_.fetch_add(1, std::memory_order_relaxed);
  query_micros_.fetch_add(micros, std::memory_order_relaxed);
  if (failed) errors_.fetch_add(1, std::memory_order_relaxed);
}

StoreStats Db::stats() const {
  StoreStats s;
  s.queries = queries_;
  s.errors = errors_;
  s.query_micros = query_micros_;
  s.transactions = transactions_;
  s.rollbacks = rollbacks_;
  s.pool_waits = waits_;
  std::lock_guard lock(mu_);
  s.pool_size = open_;
  s.pool_idle = idle_.size();
  return s;
}

}  // namespace weijian::store
