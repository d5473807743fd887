// The PostgreSQL engine over libpq: named prepared statements cached per connection,
// parameters bound out of line (text format, bytes in binary), UTC session time zone.
#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "core/log.h"
#include "store/db.h"

namespace weijian::store {
namespace {

constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

Error pg_error(PGconn* conn, PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  log_event(LogLevel::warn, "postgresql error",
            {{"sqlstate", state ? state : ""}, {"error", msg}, {"sql", std::string(sql.substr(0, 200))}});
  const std::string s = state ? state : "";
  if (s.rfind("23", 0) == 0) {
    Error e = errors::conflict("数据与已有记录冲突（例如编号重复或引用的记录不存在），请检查后重试。");
    e.type = "store-constraint";
    return e;
  }
  if (s == "40001" || s == "40P01" || s == "55P03" || PQstatus(conn) != CONNECTION_OK)
    return errors::unavailable("数据库暂时无法完成操作，请稍后重试。");
  return errors::store("数据存储出错，请稍后重试；若问题持续，请联系系统管理员。");
}

class PgConn final : public Conn {
 public:
  PgConn(Db& owner, PGconn* conn) : owner_(owner), conn_(conn) {}
  ~PgConn() override { PQfinish(conn_); }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto n = run(sql, params, &rows);
    if (!n.ok()) return n.error();
    return rows;
  }

  Result<std::int64_t> exec(std::string_view sql, const Params& params) override {
    return run(sql, params, nullptr);
  }

  Status exec_script(std::string_view sql) override {
    const std::string text(sql);
    ResultGuard g{PQexec(conn_, text.c_str())};
    const auto st = PQresultStatus(g.r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return pg_error(conn_, g.r, sql);
    return {};
  }

  Status begin() override { return exec_script("BEGIN"); }
  Status commit() override { return exec_script("COMMIT"); }
  Status rollback() override { return exec_script("ROLLBACK"); }
  bool healthy() const override {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

 private:
  Result<std::int64_t> run(std::string_view sql, const Params& params, Rows* rows) {
    const auto start = std::chrono::steady_clock::now();
    auto r = execute(sql, params, rows);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    owner_.record_query(static_cast<std::uint64_t>(us.count()), !r.ok());
    return r;
  }

  Result<std::int64_t> execute(std::string_view sql, const Params& params, Rows* rows) {
    const std::string key(sql);
    auto it = names_.find(key);
    if (it == names_.end()) {
      const std::string name = "wj" + std::to_string(names_.size() + 1);
      ResultGuard g{PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr)};
      if (PQresultStatus(g.r) != PGRES_COMMAND_OK) return pg_error(conn_, g.r, sql);
      it = names_.emplace(key, name).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) {
        values[i] = nullptr;
        continue;
      }
      if (auto p = std::get_if<std::int64_t>(&v)) texts[i] = std::to_string(*p);
      else if (auto p = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *p);
        texts[i] = buf;
      } else if (auto p = std::get_if<std::string>(&v)) {
        values[i] = p->c_str();
        lengths[i] = static_cast<int>(p->size());
        continue;
      } else if (auto p = std::get_if<Blob>(&v)) {
        values[i] = p->bytes.data();
        lengths[i] = static_cast<int>(p->bytes.size());
        formats[i] = 1;
        continue;
      }
      values[i] = texts[i].c_str();
      lengths[i] = static_cast<int>(texts[i].size());
    }
    ResultGuard g{PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()), values.data(),
                                 lengths.data(), formats.data(), 0)};
    const auto st = PQresultStatus(g.r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return pg_error(conn_, g.r, sql);
    if (rows) {
      const int nf = PQnfields(g.r), nt = PQntuples(g.r);
      rows->columns.clear();
      for (int c = 0; c < nf; ++c) rows->columns.emplace_back(PQfname(g.r, c));
      rows->rows.reserve(static_cast<std::size_t>(nt));
      for (int r = 0; r < nt; ++r) {
        auto& row = rows->rows.emplace_back();
        row.reserve(static_cast<std::size_t>(nf));
        for (int c = 0; c < nf; ++c) row.push_back(cell(g.r, r, c));
      }
    }
    const char* tuples = PQcmdTuples(g.r);
    return tuples && *tuples ? std::stoll(tuples) : 0;
  }

  static Value cell(PGresult* r, int row, int col) {
    if (PQgetisnull(r, row, col)) return std::monostate{};
    const char* v = PQgetvalue(r, row, col);
    const int len = PQgetlength(r, row, col);
    switch (PQftype(r, col)) {
      case kInt8: case kInt2: case kInt4: case kOid: return static_cast<std::int64_t>(std::stoll(v));
      case kFloat4: case kFloat8: case kNumeric: return std::stod(v);
      case kBool: return static_cast<std::int64_t>(v[0] == 't' ? 1 : 0);
      case kBytea: {
        std::size_t n = 0;
        unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
        Blob b{std::string(reinterpret_cast<const char*>(raw), n)};
        PQfreemem(raw);
        return b;
      }
      default: return std::string(v, static_cast<std::size_t>(len));
    }
  }

  Db& owner_;
  PGconn* conn_;
  std::unordered_map<std::string, std::string> names_;
};

// postgresql://user:secret@host/db → postgresql://user@host/db (and password=… dropped).
std::string without_password(const std::string& url) {
  std::string out = url;
  const auto scheme = out.find("://");
  const auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos) {
    const auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  const auto pw = out.find("password=");
  if (pw != std::string::npos) {
    const auto end = out.find('&', pw);
    out.erase(pw, end == std::string::npos ? std::string::npos : end - pw + 1);
  }
  return out;
}

class PgDb final : public Db {
 public:
  PgDb(std::string url, DbOptions options)
      : Db(Engine::postgresql, without_password(url), options), url_(std::move(url)) {}

 protected:
  Result<std::unique_ptr<Conn>> connect() override {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      log_event(LogLevel::error, "postgresql connect failed", {{"db", location()}, {"error", PQerrorMessage(conn)}});
      PQfinish(conn);
      return errors::unavailable("无法连接 PostgreSQL 数据库（" + location() + "）：请检查地址、端口、用户和密码。");
    }
    auto c = std::make_unique<PgConn>(*this, conn);
    WJ_TRY(c->exec_script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning;"));
    return std::unique_ptr<Conn>(std::move(c));
  }

 private:
  std::string url_;
};

}  // namespace

Result<std::unique_ptr<Db>> open_postgres(const std::string& url, const DbOptions& options) {
  auto db = std::make_unique<PgDb>(url, options);
  auto probe = db->acquire();
  if (!probe.ok()) return probe.error();
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace weijian::store
