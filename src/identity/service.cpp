#include "identity/service.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "core/clock.h"
#include "core/csv.h"
#include "core/fields.h"
#include "core/log.h"
#include "identity/labels.h"
#include "identity/ledger_view.h"
#include "identity/org_admin_store.h"
#include "identity/session_store.h"
#include "store/query.h"

namespace weijian::identity {
namespace {

using store::Conn;
using store::Params;
using store::Rows;

constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.role, u.department_id, d.name, u.jurisdiction_id, j.name, u.status, "
    "CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, u.locked_until, u.last_login_at, u.created_at, "
    "u.jurisdiction_path FROM users u JOIN departments d ON d.id = u.department_id "
    "JOIN jurisdictions j ON j.id = u.jurisdiction_id";

Json user_row_json(const Rows& r, std::size_t i) {
  auto nullable = [&](std::size_t c) -> Json { return r.is_null(i, c) ? Json(nullptr) : Json(r.text(i, c)); };
  return {{"id", r.integer(i, 0)},
          {"username", r.text(i, 1)},
          {"display_name", r.text(i, 2)},
          {"role", r.text(i, 3)},
          {"role_label", role_label(r.text(i, 3))},
          {"department_id", r.integer(i, 4)},
          {"department_name", r.text(i, 5)},
          {"jurisdiction_id", r.integer(i, 6)},
          {"jurisdiction_name", r.text(i, 7)},
          {"status", r.text(i, 8)},
          {"totp_enabled", r.integer(i, 9) == 1},
          {"locked_until", nullable(10)},
          {"last_login_at", nullable(11)},
          {"created_at", r.text(i, 12)}};
}

Error login_failed(std::string detail) {
  Error e = errors::unauthorized(std::move(detail));
  e.type = "login-failed";
  e.title = "登录失败";
  return e;
}

Error user_not_found() { return errors::not_found("用户不存在，或不在您的管辖范围内。"); }

const char* child_level(const std::string& level) {
  if (level == "city") return "district";
  if (level == "district") return "town";
  if (level == "town") return "grid_cell";
  return "";
}

std::string level_label(const std::string& level) {
  const char* label = lookup(kJurisdictionLevels, level);
  return *label ? label : level;
}

}  // namespace

// ======================= authentication =======================

Status IdentityService::record_failure(Conn& c, const Rows& u, const std::string& remote, std::string& message) {
  const std::int64_t id = u.integer(0, 0);
  const std::string now = utc_now_iso();
  const std::string window_start = utc_iso_after(std::chrono::minutes(-policy_.failure_window_minutes));
  std::int64_t failed = u.integer(0, 11);
  const bool fresh = u.is_null(0, 12) || u.text(0, 12) < window_start;
  failed = fresh ? 1 : failed + 1;
  const std::string path = u.text(0, 6);
  const std::string who = u.text(0, 2) + "（" + u.text(0, 1) + "）";
  if (failed >= policy_.max_failed_logins) {
    const std::string until = utc_iso_after(std::chrono::minutes(policy_.lockout_minutes));
    WJ_TRY(c.exec("UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = $1 WHERE id = $2", {until, id}));
    WJ_TRY(ledger::append(c, db_.engine(),
                          {id, who, u.integer(0, 4), path, "auth.locked", "user", std::to_string(id),
                           {{"locked_until", until}, {"failed_logins", failed}, {"remote", remote}}}));
    message = "连续 " + std::to_string(failed) + " 次登录失败，账户已锁定至 " + shanghai_display(until) +
              "（北京时间）。如需提前解锁，请联系系统管理员。";
  } else {
    WJ_TRY(c.exec("UPDATE users SET failed_logins = $1, first_failed_at = $2 WHERE id = $3",
                  {failed, fresh ? now : u.text(0, 12), id}));
    WJ_TRY(ledger::append(c, db_.engine(),
                          {id, who, u.integer(0, 4), path, "auth.login_failed", "user", std::to_string(id),
                           {{"failed_logins", failed}, {"remote", remote}}}));
    message = "用户名或密码不正确。再失败 " + std::to_string(policy_.max_failed_logins - failed) + " 次账户将被锁定 " +
              std::to_string(policy_.lockout_minutes) + " 分钟。";
  }
  return {};
}

Result<LoginOutcome> IdentityService::login(const std::string& username, const std::string& password,
                                            const std::string& totp_code, const std::string& remote) {
  if (username.empty() || password.empty()) {
    Error e = errors::validation("请输入用户名和密码。", {});
    if (username.empty()) e.errors.push_back({"username", "必填"});
    if (password.empty()) e.errors.push_back({"password", "必填"});
    return e;
  }
  std::optional<Error> outcome;
  LoginOutcome result;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto u = c.query(
        "SELECT id, username, display_name, role, department_id, jurisdiction_id, jurisdiction_path, password_hash, "
        "status, totp_secret, totp_last_step, failed_logins, first_failed_at, locked_until FROM users WHERE username = $1",
        {username});
    if (!u.ok()) return u.error();
    if (u->empty()) {
      burn_password_check(password);  // the same time as for a real user: names are not revealed
      log_event(LogLevel::warn, "login for unknown user", {{"remote", remote}});
      outcome = login_failed("用户名或密码不正确，请检查后重试。");
      return {};
    }
    const std::string now = utc_now_iso();
    if (!u->is_null(0, 13) && u->text(0, 13) > now) {
      outcome = errors::locked("账户因多次登录失败已被锁定，将于 " + shanghai_display(u->text(0, 13)) +
                               "（北京时间）自动解锁；如需提前解锁，请联系系统管理员。");
      return {};
    }
    std::string message;
    if (!verify_password(u->text(0, 7), password)) {
      WJ_TRY(record_failure(c, *u, remote, message));
      outcome = login_failed(message);
      return {};
    }
    if (u->text(0, 8) != "active") {
      Error e = errors::forbidden("账户已停用：如有疑问，请联系系统管理员。");
      e.type = "account-disabled";
      outcome = e;
      return {};
    }
    const std::string role = u->text(0, 3);
    const bool has_totp = !u->is_null(0, 9);
    if (!has_totp && policy_.totp_required(role)) {
      Error e = errors::forbidden("该角色必须使用双因素认证，但账户尚未设置：请系统运维人员运行 weijian admin totp-reset。");
      e.type = "totp-not-configured";
      outcome = e;
      return {};
    }
    std::int64_t step = 0;
    if (has_totp) {
      if (totp_code.empty()) {
        Error e = errors::unauthorized("请输入认证器 App 上显示的 6 位动态验证码。");
        e.type = "totp-required";
        e.title = "需要动态验证码";
        e.errors = {{"totp_code", "必填"}};
        outcome = e;
        return {};
      }
      auto secret = box_.open(u->text(0, 9));
      if (!secret.ok()) return secret.error();
      auto matched = totp::verify(*secret, totp_code, unix_now(), u->integer(0, 10));
      if (!matched.ok()) {
        WJ_TRY(record_failure(c, *u, remote, message));
        Error e = matched.error();
        if (message.find("锁定至") != std::string::npos) e.detail = message;
        outcome = e;
        return {};
      }
      step = *matched;
    }
    const std::int64_t id = u->integer(0, 0);
    WJ_TRY(c.exec("UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = NULL, last_login_at = $1, "
                  "totp_last_step = CASE WHEN $2 > totp_last_step THEN $2 ELSE totp_last_step END WHERE id = $3",
                  {now, step, id}));
    const std::string token = crypto::to_hex(crypto::random_bytes(32));
    Principal& p = result.principal;
    p.user_id = id;
    p.username = u->text(0, 1);
    p.display_name = u->text(0, 2);
    p.role = role;
    p.department_id = u->integer(0, 4);
    p.jurisdiction_id = u->integer(0, 5);
    p.jurisdiction_path = u->text(0, 6);
    p.session_hash = crypto::sm3_hex(token);
    p.expires_at = utc_iso_after(std::chrono::minutes(policy_.session_idle_minutes));
    WJ_TRY(sessions::insert(c, p.session_hash, id, now, p.expires_at,
                            utc_iso_after(std::chrono::hours(policy_.session_absolute_hours)), remote));
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("auth.login", "user", std::to_string(id), p.jurisdiction_path,
                                  {{"remote", remote}, {"second_factor", has_totp}})));
    result.token = token;
    return {};
  });
  if (!st.ok()) return st.error();
  if (outcome) return *outcome;
  return result;
}

Result<Principal> IdentityService::authenticate(const std::string& token) {
  if (token.size() != 64) return errors::unauthorized("请先登录。");
  const std::string hash = crypto::sm3_hex(token);
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto found, sessions::find_live(**lease, hash));
  if (!found) return errors::unauthorized("登录已失效，请重新登录。");
  const sessions::Session& s = *found;
  const std::string now = utc_now_iso();
  if (s.expires_at <= now || s.absolute_expires_at <= now) return errors::unauthorized("登录已过期，请重新登录。");
  if (s.status != "active") return errors::unauthorized("账户已停用，请联系系统管理员。");
  Principal p;
  p.user_id = s.user_id;
  p.username = s.username;
  p.display_name = s.display_name;
  p.role = s.role;
  p.department_id = s.department_id;
  p.jurisdiction_id = s.jurisdiction_id;
  p.jurisdiction_path = s.jurisdiction_path;
  p.session_hash = hash;
  p.expires_at = s.expires_at;
  // Sliding expiry, written at most once a minute so that reads stay reads.
  if (s.last_seen_at < utc_iso_after(std::chrono::seconds(-60))) {
    p.expires_at = std::min(utc_iso_after(std::chrono::minutes(policy_.session_idle_minutes)), s.absolute_expires_at);
    WJ_TRY(sessions::touch(**lease, hash, now, p.expires_at));
  }
  return p;
}

Status IdentityService::logout(const Principal& p) {
  return db_.transaction([&](Conn& c) -> Status {
    WJ_TRY(sessions::revoke(c, p.session_hash, utc_now_iso()));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("auth.logout", "user", std::to_string(p.user_id), p.jurisdiction_path, Json::object())));
    return {};
  });
}

Status IdentityService::change_password(const Principal& p, const std::string& old_password, const std::string& new_password) {
  WJ_TRY(policy_.check_password(new_password, p.username, "new_password"));
  return db_.transaction([&](Conn& c) -> Status {
    auto u = c.query("SELECT password_hash FROM users WHERE id = $1", {p.user_id});
    if (!u.ok()) return u.error();
    // 422, not 401: the session is valid; only a field is wrong.
    if (u->empty() || !verify_password(u->text(0, 0), old_password))
      return errors::validation("原密码不正确。", {{"old_password", "原密码不正确"}});
    if (verify_password(u->text(0, 0), new_password))
      return errors::validation("新密码不能与原密码相同。", {{"new_password", "不能与原密码相同"}});
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
                  {hash_password(new_password), now, p.user_id}));
    WJ_TRY(sessions::revoke_all(c, p.user_id, now, p.session_hash));
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("auth.password_change", "user", std::to_string(p.user_id), p.jurisdiction_path,
                                  {{"other_sessions_revoked", true}})));
    return {};
  });
}

Result<Json> IdentityService::totp_setup(const Principal& p) {
  const std::string secret = totp::new_secret();
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_TRY(c.exec("UPDATE users SET totp_pending = $1 WHERE id = $2", {box_.seal(secret), p.user_id}));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("auth.totp_setup", "user", std::to_string(p.user_id), p.jurisdiction_path, Json::object())));
    return {};
  });
  if (!st.ok()) return st.error();
  return Json{{"secret", secret}, {"otpauth_uri", totp::otpauth_uri(secret, p.username)}};
}

Status IdentityService::totp_enable(const Principal& p, const std::string& code) {
  return db_.transaction([&](Conn& c) -> Status {
    auto u = c.query("SELECT totp_pending FROM users WHERE id = $1", {p.user_id});
    if (!u.ok()) return u.error();
    if (u->empty() || u->is_null(0, 0))
      return errors::conflict("请先点击“设置双因素认证”获取密钥，再输入验证码。");
    auto secret = box_.open(u->text(0, 0));
    if (!secret.ok()) return secret.error();
    auto step = totp::verify(*secret, code, unix_now(), 0);
    if (!step.ok()) return errors::validation(step.error().detail, {{"code", "验证码不正确"}});
    WJ_TRY(c.exec("UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 WHERE id = $2",
                  {*step, p.user_id}));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("auth.totp_enable", "user", std::to_string(p.user_id), p.jurisdiction_path, Json::object())));
    return {};
  });
}

Status IdentityService::totp_disable(const Principal& p, const std::string& password) {
  if (policy_.totp_required(p.role))
  {
    Error e = errors::conflict("“" + role_label(p.role) + "”角色必须使用双因素认证，不能关闭。");
    e.type = "totp-required-by-role";
    return e;
  }
  return db_.transaction([&](Conn& c) -> Status {
    auto u = c.query("SELECT password_hash FROM users WHERE id = $1", {p.user_id});
    if (!u.ok()) return u.error();
    if (u->empty() || !verify_password(u->text(0, 0), password))
      return errors::validation("密码不正确。", {{"password", "密码不正确"}});
    WJ_TRY(c.exec("UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1", {p.user_id}));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("auth.totp_disable", "user", std::to_string(p.user_id), p.jurisdiction_path, Json::object())));
    return {};
  });
}

Json IdentityService::me(const Principal& p) {
  Json user = Json::object();
  auto lease = db_.acquire();
  if (lease.ok()) {
    auto u = user_json(**lease, store::Scope::all(), p.user_id);
    if (u.ok()) user = *u;
  }
  return {{"user", user}, {"permissions", permissions_of(p.role)}, {"expires_at", p.expires_at},
          {"totp_required", policy_.totp_required(p.role)}};
}

// ======================= users =======================

Result<Json> IdentityService::user_json(Conn& c, const store::Scope& scope, std::int64_t id) {
  auto rows = store::Query::scoped(scope, kUserSelect, "u.jurisdiction_path").where("u.id = ?", id).all(c);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return user_not_found();
  return user_row_json(*rows, 0);
}

namespace {
store::Query user_query(const Principal& p, const UserFilter& f) {
  auto q = store::Query::scoped(p.scope(), kUserSelect, "u.jurisdiction_path");
  q.search({"u.username", "u.display_name"}, f.q);
  if (!f.role.empty()) q.where("u.role = ?", f.role);
  if (!f.status.empty()) q.where("u.status = ?", f.status);
  if (f.department_id > 0) q.where("u.department_id = ?", f.department_id);
  if (f.jurisdiction_id > 0)
    q.where("u.jurisdiction_path LIKE (SELECT path FROM jurisdictions WHERE id = ?) || '%'", f.jurisdiction_id);
  q.order_by("u.id");
  return q;
}
}  // namespace

Result<Json> IdentityService::list_users(const Principal& p, const UserFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto page = user_query(p, f).page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return store::page_json(*page, user_row_json);
}

Result<std::string> IdentityService::export_users_csv(const Principal& p, UserFilter f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto rows = user_query(p, f).all(**lease);
  if (!rows.ok()) return rows.error();
  std::string out = "\xEF\xBB\xBF" + csv_row({"用户名", "姓名", "角色", "部门", "辖区", "状态", "双因素认证", "最近登录", "创建时间"});
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Json u = user_row_json(*rows, i);
    out += csv_row({u["username"], u["display_name"], u["role_label"], u["department_name"], u["jurisdiction_name"],
                    u["status"] == "active" ? "启用" : "停用", u["totp_enabled"] ? "已开启" : "未开启",
                    u["last_login_at"].is_null() ? "" : shanghai_display(u["last_login_at"]),
                    shanghai_display(u["created_at"])});
  }
  return out;
}

Result<Json> IdentityService::get_user(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  return user_json(**lease, p.scope(), id);
}

Status IdentityService::validate_user_refs(Conn& c, const Principal& p, const Json& body, FieldReader& errs,
                                           std::string* jurisdiction_path) {
  if (body.contains("role") && !body["role"].is_null()) {
    if (!body["role"].is_string() || !is_role(body["role"].get<std::string>())) errs.add("role", "角色无效");
  }
  if (auto d = errs.id("department_id", false)) {
    auto r = c.query("SELECT 1 FROM departments WHERE id = $1", {*d});
    if (!r.ok()) return r.error();
    if (r->empty()) errs.add("department_id", "部门不存在");
  }
  if (auto j = errs.id("jurisdiction_id", false)) {
    auto r = c.query("SELECT path FROM jurisdictions WHERE id = $1", {*j});
    if (!r.ok()) return r.error();
    if (r->empty()) errs.add("jurisdiction_id", "辖区不存在");
    else if (!p.scope().contains(r->text(0, 0))) errs.add("jurisdiction_id", "不在您的管辖范围内");
    else if (jurisdiction_path) *jurisdiction_path = r->text(0, 0);
  }
  return {};
}

Result<std::int64_t> IdentityService::insert_user(Conn& c, const Principal& p, const Json& body,
                                                  const std::string& password, const std::string& sealed_totp) {
  FieldReader errs(body);
  auto username = errs.text("username", true, 32);
  static const std::regex kUsername("^[a-z0-9][a-z0-9_.-]{2,31}$");
  if (username && !std::regex_match(*username, kUsername))
    errs.add("username", "用户名为 3–32 位小写字母、数字或 _ . -，以字母或数字开头");
  auto display = errs.text("display_name", true, 50);
  if (!body.contains("role")) errs.add("role", "必填");
  if (!body.contains("department_id")) errs.add("department_id", "必填");
  if (!body.contains("jurisdiction_id")) errs.add("jurisdiction_id", "必填");
  std::string path;
  WJ_TRY(validate_user_refs(c, p, body, errs, &path));
  if (username) {
    auto dup = c.query("SELECT 1 FROM users WHERE username = $1", {*username});
    if (!dup.ok()) return dup.error();
    if (!dup->empty()) errs.add("username", "用户名已存在");
  }
  Status pw = policy_.check_password(password, username.value_or(""), "password");
  if (!pw.ok()) errs.add(pw.error().errors.at(0).field, pw.error().errors.at(0).message);
  WJ_TRY(errs.finish());
  const std::string now = utc_now_iso();
  const std::string role = body["role"].get<std::string>();
  auto id = c.query(
      "INSERT INTO users (username, display_name, role, department_id, jurisdiction_id, jurisdiction_path, "
      "password_hash, status, totp_secret, totp_last_step, failed_logins, password_changed_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, 0, 0, $9, $9) RETURNING id",
      {*username, *display, role, body["department_id"].get<std::int64_t>(), body["jurisdiction_id"].get<std::int64_t>(),
       path, hash_password(password), sealed_totp.empty() ? store::Value{} : store::Value{sealed_totp}, now});
  if (!id.ok()) return id.error();
  const std::int64_t new_id = id->integer(0, 0);
  WJ_TRY(ledger::append(c, db_.engine(),
                        p.event("user.create", "user", std::to_string(new_id), path,
                                {{"username", *username}, {"display_name", *display}, {"role", role},
                                 {"department_id", body["department_id"]}, {"jurisdiction_id", body["jurisdiction_id"]},
                                 {"second_factor", !sealed_totp.empty()}})));
  return new_id;
}

Result<Json> IdentityService::create_user(const Principal& p, const Json& body) {
  std::string password = body.contains("password") && body["password"].is_string() ? body["password"].get<std::string>() : "";
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto id = insert_user(c, p, body, password, "");
    if (!id.ok()) return id.error();
    auto u = user_json(c, p.scope(), *id);
    if (!u.ok()) return u.error();
    out = *u;
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> IdentityService::update_user(const Principal& p, std::int64_t id, const Json& body) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto before = user_json(c, p.scope(), id);
    if (!before.ok()) return before.error();
    FieldReader errs(body);
    auto display = errs.text("display_name", false, 50);
    if (display && display->empty()) errs.add("display_name", "不能为空");
    std::string path;
    WJ_TRY(validate_user_refs(c, p, body, errs, &path));
    std::optional<std::string> status;
    if (body.contains("status")) {
      if (!body["status"].is_string() || (body["status"] != "active" && body["status"] != "disabled"))
        errs.add("status", "应为 active（启用）或 disabled（停用）");
      else status = body["status"].get<std::string>();
    }
    if (id == p.user_id && ((status && *status == "disabled") || (body.contains("role") && body["role"] != p.role)))
      errs.add(status ? "status" : "role", "不能停用自己的账户或更改自己的角色");
    WJ_TRY(errs.finish());
    Json change = Json::object();
    auto set = [&](const char* col, const store::Value& v, const Json& from, const Json& to) -> Status {
      if (from == to) return {};
      change[col] = {{"from", from}, {"to", to}};
      return Status(c.exec(std::string("UPDATE users SET ") + col + " = $1 WHERE id = $2", {v, id}).ok()
                        ? Status()
                        : errors::store("数据存储出错，请稍后重试。"));
    };
    if (display) WJ_TRY(set("display_name", *display, (*before)["display_name"], *display));
    if (body.contains("role")) WJ_TRY(set("role", body["role"].get<std::string>(), (*before)["role"], body["role"]));
    if (body.contains("department_id"))
      WJ_TRY(set("department_id", body["department_id"].get<std::int64_t>(), (*before)["department_id"], body["department_id"]));
    if (body.contains("jurisdiction_id") && (*before)["jurisdiction_id"] != body["jurisdiction_id"]) {
      WJ_TRY(set("jurisdiction_id", body["jurisdiction_id"].get<std::int64_t>(), (*before)["jurisdiction_id"], body["jurisdiction_id"]));
      WJ_TRY(c.exec("UPDATE users SET jurisdiction_path = $1 WHERE id = $2", {path, id}));
    }
    if (status) {
      WJ_TRY(set("status", *status, (*before)["status"], *status));
      if (*status == "disabled")
        WJ_TRY(sessions::revoke_all(c, id, utc_now_iso()));
    }
    auto after = user_json(c, store::Scope::all(), id);
    if (!after.ok()) return after.error();
    if (!change.empty()) {
      auto rows = c.query("SELECT jurisdiction_path FROM users WHERE id = $1", {id});
      if (!rows.ok()) return rows.error();
      WJ_TRY(ledger::append(c, db_.engine(), p.event("user.update", "user", std::to_string(id), rows->text(0, 0), change)));
    }
    out = *after;
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

namespace {
// Loads a user within scope for an administrative action; returns its jurisdiction path.
Result<std::string> scoped_user_path(Conn& c, const Principal& p, std::int64_t id) {
  auto rows = store::Query::scoped(p.scope(), "SELECT u.jurisdiction_path FROM users u", "u.jurisdiction_path")
                  .where("u.id = ?", id)
                  .all(c);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return user_not_found();
  return rows->text(0, 0);
}
}  // namespace

Status IdentityService::reset_password(const Principal& p, std::int64_t id, const std::string& new_password) {
  return db_.transaction([&](Conn& c) -> Status {
    auto path = scoped_user_path(c, p, id);
    if (!path.ok()) return path.error();
    auto name = c.query("SELECT username FROM users WHERE id = $1", {id});
    if (!name.ok()) return name.error();
    WJ_TRY(policy_.check_password(new_password, name->text(0, 0), "new_password"));
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE users SET password_hash = $1, password_changed_at = $2, failed_logins = 0, locked_until = NULL "
                  "WHERE id = $3",
                  {hash_password(new_password), now, id}));
    WJ_TRY(sessions::revoke_all(c, id, now));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("user.password_reset", "user", std::to_string(id), *path, {{"sessions_revoked", true}})));
    return {};
  });
}

Status IdentityService::unlock_user(const Principal& p, std::int64_t id) {
  return db_.transaction([&](Conn& c) -> Status {
    auto path = scoped_user_path(c, p, id);
    if (!path.ok()) return path.error();
    WJ_TRY(c.exec("UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = NULL WHERE id = $1", {id}));
    WJ_TRY(ledger::append(c, db_.engine(), p.event("user.unlock", "user", std::to_string(id), *path, Json::object())));
    return {};
  });
}

Status IdentityService::revoke_sessions(const Principal& p, std::int64_t id) {
  return db_.transaction([&](Conn& c) -> Status {
    auto path = scoped_user_path(c, p, id);
    if (!path.ok()) return path.error();
    auto n = sessions::revoke_all(c, id, utc_now_iso());
    if (!n.ok()) return n.error();
    WJ_TRY(ledger::append(c, db_.engine(), p.event("user.sessions_revoke", "user", std::to_string(id), *path, {{"sessions", *n}})));
    return {};
  });
}

Result<Json> IdentityService::user_history(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto path = scoped_user_path(**lease, p, id);
  if (!path.ok()) return path.error();
  ledger::EntryFilter f;
  f.subject_type = "user";
  f.subject_id = std::to_string(id);
  WJ_ASSIGN_OR_RETURN(auto entries, ledger::entries(**lease, p.scope(), f));
  Json items = Json::array();
  for (const auto& e : entries) items.push_back(to_json(e));
  return Json{{"items", items}};
}

// ======================= departments and jurisdictions =======================

namespace {
Json department_json(const org_admin::DepartmentRecord& d) {
  return {{"id", d.id}, {"code", d.code}, {"name", d.name}, {"short_name", d.short_name}, {"duties", d.duties}};
}
Result<std::string> root_path(Conn& c) { return org_admin::root_path_or_slash(c); }
}  // namespace

Result<Json> IdentityService::list_departments(const std::string& q) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto all, org_admin::departments(**lease, q));
  Json items = Json::array();
  for (const auto& d : all) items.push_back(department_json(d));
  return Json{{"items", items}};
}

Result<Json> IdentityService::create_department(const Principal& p, const Json& body) {
  FieldReader errs(body);
  auto code = errs.text("code", true, 40);
  static const std::regex kCode("^[a-z][a-z0-9_]{1,39}$");
  if (code && !std::regex_match(*code, kCode)) errs.add("code", "编码为 2–40 位小写字母、数字或下划线，以字母开头");
  auto name = errs.text("name", true, 50);
  auto short_name = errs.text("short_name", true, 20);
  auto duties = errs.text("duties", false, 500);
  WJ_TRY(errs.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto dup, org_admin::departments_with_code_or_name(c, *code, *name));
    if (!dup.empty()) {
      std::vector<FieldError> d;
      for (const auto& x : dup) {
        if (x.code == *code) d.push_back({"code", "编码已存在"});
        if (x.name == *name) d.push_back({"name", "名称已存在"});
      }
      Error e = errors::conflict("部门编码或名称已存在。");
      e.errors = d;
      return e;
    }
    org_admin::DepartmentRecord rec{0, *code, *name, *short_name, duties.value_or("")};
    WJ_ASSIGN_OR_RETURN(rec.id, org_admin::insert_department(c, rec, utc_now_iso()));
    auto path = root_path(c);
    if (!path.ok()) return path.error();
    out = department_json(rec);
    WJ_TRY(ledger::append(c, db_.engine(), p.event("department.create", "department", std::to_string(rec.id), *path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> IdentityService::update_department(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader errs(body);
  auto name = errs.text("name", false, 50);
  auto short_name = errs.text("short_name", false, 20);
  auto duties = errs.text("duties", false, 500);
  if (name && name->empty()) errs.add("name", "不能为空");
  if (short_name && short_name->empty()) errs.add("short_name", "不能为空");
  WJ_TRY(errs.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto found, org_admin::department(c, id));
    if (!found) return errors::not_found("部门不存在。");
    const org_admin::DepartmentRecord cur = *found;
    if (name && *name != cur.name) {
      // No code is empty, so this finds the departments that have the name.
      WJ_ASSIGN_OR_RETURN(auto dup, org_admin::departments_with_code_or_name(c, "", *name));
      if (!dup.empty()) {
        Error e = errors::conflict("部门名称已存在。");
        e.errors = {{"name", "名称已存在"}};
        return e;
      }
    }
    Json change = Json::object();
    org_admin::DepartmentRecord next{id, cur.code, name.value_or(cur.name), short_name.value_or(cur.short_name),
                                     duties.value_or(cur.duties)};
    if (next.name != cur.name) change["name"] = {{"from", cur.name}, {"to", next.name}};
    if (next.short_name != cur.short_name) change["short_name"] = {{"from", cur.short_name}, {"to", next.short_name}};
    if (next.duties != cur.duties) change["duties"] = {{"from", cur.duties}, {"to", next.duties}};
    WJ_TRY(org_admin::update_department(c, next));
    auto path = root_path(c);
    if (!path.ok()) return path.error();
    if (!change.empty()) WJ_TRY(ledger::append(c, db_.engine(), p.event("department.update", "department", std::to_string(id), *path, change)));
    out = department_json(next);
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

namespace {
Json jurisdiction_json(const Jurisdiction& j) {
  return {{"id", j.id},
          {"parent_id", j.parent_id ? Json(*j.parent_id) : Json(nullptr)},
          {"code", j.code},
          {"name", j.name},
          {"level", j.level},
          {"level_label", level_label(j.level)},
          {"path", j.path}};
}
}  // namespace

Result<Json> IdentityService::list_jurisdictions() {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto all, org_admin::jurisdictions_by_id(**lease));
  Json items = Json::array();
  for (const auto& j : all) items.push_back(jurisdiction_json(j));
  return Json{{"items", items}};
}

Result<Json> IdentityService::create_jurisdiction(const Principal& p, const Json& body) {
  FieldReader errs(body);
  auto parent = errs.id("parent_id", true);
  auto code = errs.text("code", true, 32);
  static const std::regex kCode("^[0-9A-Za-z_-]{1,32}$");
  if (code && !std::regex_match(*code, kCode)) errs.add("code", "编码为 1–32 位字母、数字、_ 或 -");
  auto name = errs.text("name", true, 50);
  auto level = errs.text("level", true, 16);
  WJ_TRY(errs.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    FieldReader e2(body);
    const Org org;
    WJ_ASSIGN_OR_RETURN(auto par, org.jurisdiction(c, *parent));
    if (!par) e2.add("parent_id", "上级辖区不存在");
    else if (!p.scope().contains(par->path)) e2.add("parent_id", "不在您的管辖范围内");
    else if (*level != child_level(par->level))
      e2.add("level", "“" + level_label(par->level) + "”的下级应为“" + level_label(child_level(par->level)) + "”");
    WJ_ASSIGN_OR_RETURN(auto dup, org.jurisdiction_by_code(c, *code));
    if (dup) e2.add("code", "编码已存在");
    WJ_TRY(e2.finish());
    WJ_ASSIGN_OR_RETURN(auto j, org_admin::insert_jurisdiction(c, par, *code, *name, *level, utc_now_iso()));
    out = jurisdiction_json(j);
    WJ_TRY(ledger::append(c, db_.engine(), p.event("jurisdiction.create", "jurisdiction", std::to_string(j.id), j.path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> IdentityService::update_jurisdiction(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader errs(body);
  auto name = errs.text("name", true, 50);
  WJ_TRY(errs.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto found, Org().jurisdiction(c, id));
    if (!found || !p.scope().contains(found->path)) return errors::not_found("辖区不存在，或不在您的管辖范围内。");
    Jurisdiction j = *found;
    WJ_TRY(org_admin::rename_jurisdiction(c, id, *name));
    if (*name != j.name)
      WJ_TRY(ledger::append(c, db_.engine(), p.event("jurisdiction.update", "jurisdiction", std::to_string(id), j.path,
                                                      {{"name", {{"from", j.name}, {"to", *name}}}})));
    j.name = *name;
    out = jurisdiction_json(j);
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

// ======================= bootstrap =======================

Status IdentityService::seed(const std::string& data_dir, const std::string& city_code, const std::string& city_name) {
  const Principal sys = Principal::system();
  return db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto jurisdictions, org_admin::jurisdiction_count(c));
    if (jurisdictions == 0) {
      WJ_ASSIGN_OR_RETURN(auto city, org_admin::insert_jurisdiction(c, std::nullopt, city_code, city_name, "city", utc_now_iso()));
      WJ_TRY(ledger::append(c, db_.engine(), sys.event("jurisdiction.create", "jurisdiction", std::to_string(city.id), city.path,
                                                        {{"code", city_code}, {"name", city_name}, {"level", "city"}})));
    }
    WJ_ASSIGN_OR_RETURN(auto departments, org_admin::department_count(c));
    if (departments > 0) return {};
    const std::string file = data_dir + "/identity/departments.csv";
    auto rows = read_data_file(file, {{"code"}, {"name"}, {"short_name"}, {"duties", {}, false}});
    if (!rows.ok()) return rows.error();
    auto path = root_path(c);
    if (!path.ok()) return path.error();
    for (const auto& r : *rows) {
      WJ_ASSIGN_OR_RETURN(auto id, org_admin::insert_department(c, {0, r[0], r[1], r[2], r[3]}, utc_now_iso()));
      WJ_TRY(ledger::append(c, db_.engine(), sys.event("department.create", "department", std::to_string(id), *path,
                                                        {{"code", r[0]}, {"name", r[1]}, {"short_name", r[2]}})));
    }
    return {};
  });
}

Result<Json> IdentityService::create_admin(const std::string& username, const std::string& display_name,
                                           const std::string& password, const std::string& totp_secret) {
  if (!totp::base32_decode(totp_secret).ok() || totp_secret.size() < 16)
    return errors::bad_request("双因素密钥应为至少 16 位的 Base32 文本。", {{"totp-secret", "格式无效"}});
  Json out;
  const Principal sys = Principal::system();
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto dept = c.query("SELECT id FROM departments WHERE code = 'health'");
    if (!dept.ok()) return dept.error();
    auto root = c.query("SELECT id FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!root.ok()) return root.error();
    if (dept->empty() || root->empty()) return errors::unavailable("尚未初始化部门或辖区：请先启动一次服务（weijian serve）或运行 weijian demo。");
    Json body = {{"username", username}, {"display_name", display_name}, {"role", "admin"},
                 {"department_id", dept->integer(0, 0)}, {"jurisdiction_id", root->integer(0, 0)}};
    auto id = insert_user(c, sys, body, password, box_.seal(totp_secret));
    if (!id.ok()) return id.error();
    auto u = user_json(c, store::Scope::all(), *id);
    if (!u.ok()) return u.error();
    out = *u;
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<std::string> IdentityService::current_totp_code(const std::string& username) {
  auto r = db_.query("SELECT totp_secret FROM users WHERE username = $1", {username});
  if (!r.ok()) return r.error();
  if (r->empty() || r->is_null(0, 0)) return errors::not_found("用户不存在或未设置双因素认证。");
  auto secret = box_.open(r->text(0, 0));
  if (!secret.ok()) return secret.error();
  return totp::code_at(*secret, totp::step_at(unix_now()));
}

}  // namespace weijian::identity
