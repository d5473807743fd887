#pragma once
// The store: one small interface, two engines (SQLite, PostgreSQL). SQL is written once
// with $1, $2 … placeholders (the SQLite engine rewrites them to ?1, ?2 …) and always runs
// as a prepared statement with bound parameters: values never enter SQL text.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.h"

namespace weijian::store {

struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// NULL, integer, real, text (UTF-8) or bytes.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

class Row;

// What a query returned. Modules read it by column name, through Row (store code maps each row
// to its own struct once); the (row, col) accessors are for the engines and for hot loops that
// look a column up once with col().
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  Row row(std::size_t i) const;
  // The index of the column the SELECT names `name` (alias computed columns: count(*) AS n).
  // A name the query does not have is a bug in the SQL beside it: std::logic_error, which the
  // server answers as a 500 and logs.
  std::size_t col(std::string_view name) const;

  bool is_null(std::size_t row, std::size_t col) const;
  std::int64_t integer(std::size_t row, std::size_t col) const;  // 0 for NULL
  double real(std::size_t row, std::size_t col) const;
  std::string text(std::size_t row, std::size_t col) const;  // "" for NULL
};

// One row of a result, read by column name.
class Row {
 public:
  Row(const Rows& rows, std::size_t index) : rows_(&rows), i_(index) {}
  std::size_t index() const { return i_; }
  bool is_null(std::string_view column) const { return rows_->is_null(i_, rows_->col(column)); }
  std::int64_t integer(std::string_view column) const { return rows_->integer(i_, rows_->col(column)); }  // 0 for NULL
  double real(std::string_view column) const { return rows_->real(i_, rows_->col(column)); }
  std::string text(std::string_view column) const { return rows_->text(i_, rows_->col(column)); }  // "" for NULL
  bool flag(std::string_view column) const { return integer(column) != 0; }  // a 0/1 column
  std::optional<std::int64_t> maybe_integer(std::string_view column) const;  // nullopt for NULL
  std::optional<std::string> maybe_text(std::string_view column) const;      // nullopt for NULL

 private:
  const Rows* rows_;
  std::size_t i_;
};

inline Row Rows::row(std::size_t i) const { return Row(*this, i); }

// Every row mapped by `from(const Row&)`: how a store turns its rows into its module's types.
template <class F>
auto map_rows(const Rows& rows, F&& from) {
  std::vector<std::decay_t<std::invoke_result_t<F&, const Row&>>> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(from(rows.row(i)));
  return out;
}

// The first row mapped by `from`, or nullopt when the query found none.
template <class F>
auto first_row(const Rows& rows, F&& from) -> std::optional<std::decay_t<std::invoke_result_t<F&, const Row&>>> {
  if (rows.empty()) return std::nullopt;
  return from(rows.row(0));
}

enum class Engine { sqlite, postgresql };

// One connection; used by one thread at a time (the pool guarantees it).
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  // Several statements without parameters (migrations only).
  virtual Status exec_script(std::string_view sql) = 0;
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  virtual bool healthy() const = 0;
};

struct StoreStats {
  std::uint64_t queries = 0;
  std::uint64_t errors = 0;
  std::uint64_t query_micros = 0;
  std::uint64_t transactions = 0;
  std::uint64_t rollbacks = 0;
  std::size_t pool_size = 0;
  std::size_t pool_idle = 0;
  std::size_t pool_waits = 0;
};

struct DbOptions {
  std::size_t pool_size = 8;
  int busy_timeout_ms = 5000;
};

class Db;

// A connection borrowed from the pool; returned when destroyed.
class Lease {
 public:
  Lease(Db* db, std::unique_ptr<Conn> conn) : db_(db), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Conn& operator*() { return *conn_; }
  Conn* operator->() { return conn_.get(); }

 private:
  Db* db_;
  std::unique_ptr<Conn> conn_;
};

class Db {
 public:
  // url: "sqlite:PATH" (":memory:" allowed) or "postgresql://…" / "postgres://…".
  static Result<std::unique_ptr<Db>> open(const std::string& url, const DbOptions& options = {});
  virtual ~Db() = default;

  Engine engine() const { return engine_; }
  const char* kind() const { return engine_ == Engine::sqlite ? "sqlite" : "postgresql"; }
  // Where the data lives, with any password removed: safe to log and show.
  const std::string& location() const { return location_; }

  Result<Lease> acquire();
  // Runs fn in one transaction on one connection: committed if fn succeeds, rolled back
  // (and nothing left behind) if it fails or throws.
  Status transaction(const std::function<Status(Conn&)>& fn);
  // Shorthands that borrow a connection for a single statement.
  Result<Rows> query(std::string_view sql, const Params& params = {});
  Result<std::int64_t> exec(std::string_view sql, const Params& params = {});

  StoreStats stats() const;

  // Called by engines for accounting.
  void record_query(std::uint64_t micros, bool failed);

 protected:
  Db(Engine engine, std::string location, DbOptions options)
      : engine_(engine), location_(std::move(location)), options_(options) {}
  virtual Result<std::unique_ptr<Conn>> connect() = 0;

 private:
  friend class Lease;
  void release(std::unique_ptr<Conn> conn);

  Engine engine_;
  std::string location_;
  DbOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::size_t open_ = 0;
  std::atomic<std::uint64_t> queries_{0}, errors_{0}, query_micros_{0}, transactions_{0}, rollbacks_{0},
      waits_{0};
};

Result<std::unique_ptr<Db>> open_sqlite(const std::string& path, const DbOptions& options);
Result<std::unique_ptr<Db>> open_postgres(const std::string& url, const DbOptions& options);

}  // namespace weijian::store
