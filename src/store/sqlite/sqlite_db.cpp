// The SQLite engine: WAL journal, foreign keys on, a busy timeout, and a per-connection
// cache of prepared statements.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <unordered_map>

#include "core/log.h"
#include "store/db.h"
#include "store/sql_text.h"

namespace weijian::store {
namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view sql) {
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  log_event(LogLevel::warn, "sqlite error", {{"code", rc}, {"error", msg}, {"sql", std::string(sql.substr(0, 200))}});
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    Error e = errors::conflict("数据与已有记录冲突（例如编号重复或引用的记录不存在），请检查后重试。");
    e.type = "store-constraint";
    return e;
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return errors::unavailable("数据库正忙，请稍后重试。");
  return errors::store("数据存储出错，请稍后重试；若问题持续，请联系系统管理员。");
}

class SqliteConn final : public Conn {
 public:
  SqliteConn(Db& owner, sqlite3* db) : owner_(owner), db_(db) {}
  ~SqliteConn() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto st = run(sql, params, &rows);
    if (!st.ok()) return st.error();
    return rows;
  }

  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    auto st = run(sql, params, nullptr);
    if (!st.ok()) return st.error();
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Status exec_script(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
    return {};
  }

  // IMMEDIATE takes the write lock at once, so two writers never deadlock upgrading.
  Status begin() override { return exec_script("BEGIN IMMEDIATE"); }
  Status commit() override { return exec_script("COMMIT"); }
  Status rollback() override { return exec_script("ROLLBACK"); }
  bool healthy() const override { return sqlite3_get_autocommit(db_) != 0; }

 private:
  Status run(std::string_view sql, const Params& params, Rows* rows) {
    const auto start = std::chrono::steady_clock::now();
    Status st = step_all(sql, params, rows);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    owner_.record_query(static_cast<std::uint64_t>(us.count()), !st.ok());
    return st;
  }

  Status step_all(std::string_view sql, const Params& params, Rows* rows) {
    auto it = cache_.find(std::string(sql));
    sqlite3_stmt* stmt = nullptr;
    if (it == cache_.end()) {
      const std::string rewritten = to_sqlite_placeholders(sql);
      const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
      cache_.emplace(std::string(sql), stmt);
    } else {
      stmt = it->second;
    }
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    if (static_cast<int>(params.size()) < sqlite3_bind_parameter_count(stmt))
      return errors::internal("内部错误：SQL 参数个数不足。");
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v)) rc = sqlite3_bind_null(stmt, idx);
      else if (auto p = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(stmt, idx, *p);
      else if (auto p = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt, idx, *p);
      else if (auto p = std::get_if<std::string>(&v)) rc = sqlite3_bind_text64(stmt, idx, p->data(), p->size(), SQLITE_STATIC, SQLITE_UTF8);
      else if (auto p = std::get_if<Blob>(&v)) rc = sqlite3_bind_blob64(stmt, idx, p->bytes.data(), p->bytes.size(), SQLITE_STATIC);
      if (rc != SQLITE_OK && rc != SQLITE_RANGE) return sqlite_error(db_, rc, sql);
    }
    const int ncol = sqlite3_column_count(stmt);
    if (rows) {
      rows->columns.clear();
      for (int c = 0; c < ncol; ++c) rows->columns.emplace_back(sqlite3_column_name(stmt, c));
    }
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return sqlite_error(db_, rc, sql);
      if (!rows) continue;
      auto& row = rows->rows.emplace_back();
      row.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER: row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
          case SQLITE_FLOAT: row.emplace_back(sqlite3_column_double(stmt, c)); break;
          case SQLITE_TEXT:
            row.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                                         static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
            break;
          case SQLITE_BLOB: {
            const auto* b = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            row.emplace_back(Blob{std::string(b ? b : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)))});
            break;
          }
          default: row.emplace_back(std::monostate{});
        }
      }
    }
    return {};
  }

  Db& owner_;
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDb final : public Db {
 public:
  SqliteDb(std::string path, DbOptions options)
      : Db(Engine::sqlite, "sqlite:" + path, options), path_(std::move(path)), busy_ms_(options.busy_timeout_ms) {}

 protected:
  Result<std::unique_ptr<Conn>> connect() override {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      log_event(LogLevel::error, "sqlite open failed", {{"path", path_}, {"error", msg}});
      return errors::unavailable("无法打开数据库文件“" + path_ + "”：请检查路径是否存在、是否可写。");
    }
    sqlite3_busy_timeout(db, busy_ms_);
    auto conn = std::make_unique<SqliteConn>(*this, db);
    // NORMAL is crash-safe in WAL mode: a crash may lose the last commits, never consistency.
    // A 64 MiB page cache per connection: bulk imports insert into unique indexes in random
    // order, and the 2 MiB default turns that into constant page churn.
    WJ_TRY(conn->exec_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"));
    return std::unique_ptr<Conn>(std::move(conn));
  }

 private:
  std::string path_;
  int busy_ms_;
};

}  // namespace

Result<std::unique_ptr<Db>> open_sqlite(const std::string& path, const DbOptions& options) {
  if (path.empty()) return errors::bad_request("SQLite 存储需要文件路径，例如 sqlite:var/weijian.db。", {{"db", "缺少路径"}});
  DbOptions opts = options;
  if (path == ":memory:") {
    opts.pool_size = 1;  // every in-memory connection would be a separate database
  } else {
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto db = std::make_unique<SqliteDb>(path, opts);
  auto probe = db->acquire();  // fail now, with a clear message, rather than at the first request
  if (!probe.ok()) return probe.error();
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace weijian::store
