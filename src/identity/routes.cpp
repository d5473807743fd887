#include "identity/routes.h"

#include <charconv>

#include "http/params.h"
#include "identity/ledger_view.h"
#include "identity/roles.h"
#include "ledger/ledger.h"

namespace weijian::identity {
namespace {

using http::Request;
using http::Response;
using http::id_param;
using http::int_param;
using http::str_param;
using http::with_body;
using http::with_id;

std::string session_token(const Request& req) {
  const std::string_view auth = req.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) return std::string(auth.substr(7));
  std::string_view cookies = req.header("cookie");
  while (!cookies.empty()) {
    const auto semi = cookies.find(';');
    std::string_view c = cookies.substr(0, semi);
    while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
    const std::string prefix = std::string(kSessionCookie) + "=";
    if (c.rfind(prefix, 0) == 0) return std::string(c.substr(prefix.size()));
    if (semi == std::string_view::npos) break;
    cookies.remove_prefix(semi + 1);
  }
  return {};
}

std::string cookie(const std::string& token, int max_age) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

std::string body_string(const Json& b, const char* name) {
  return b.contains(name) && b[name].is_string() ? b[name].get<std::string>() : std::string();
}

UserFilter user_filter(const Request& req) {
  UserFilter f;
  f.q = str_param(req, "q");
  f.role = str_param(req, "role");
  f.status = str_param(req, "status");
  f.department_id = id_param(req, "department_id");
  f.jurisdiction_id = id_param(req, "jurisdiction_id");
  f.page = int_param(req, "page", 1);
  f.page_size = int_param(req, "page_size", 20);
  return f;
}

}  // namespace

Response render(const Result<Json>& r, const Request& req, int status) {
  if (!r.ok()) return Response::problem(r.error(), req.path);
  return Response::json(r.value(), status);
}

Response render(const Status& s, const Request& req) {
  if (!s.ok()) return Response::problem(s.error(), req.path);
  Response res;
  res.status = 204;
  return res;
}

Result<Principal> Guard::authenticate(const Request& req) const {
  const std::string token = session_token(req);
  if (token.empty()) return errors::unauthorized("请先登录。");
  return service_.authenticate(token);
}

void Guard::add_secured(http::Router& router, std::string method, std::string pattern, std::string action,
                        SecuredHandler handler, RefusalRenderer refusal) const {
  router.add(
      std::move(method), std::move(pattern),
      [this, action, handler = std::move(handler), refusal = std::move(refusal)](Request& req) {
        auto refuse = [&](const Error& e) { return refusal ? refusal(e, req) : Response::problem(e, req.path); };
        auto p = authenticate(req);
        if (!p.ok()) return refuse(p.error());
        if (!p->can(action))
          return refuse(errors::forbidden("您的角色（" + role_label(p->role) + "）没有“" + action +
                                          "”权限：如确需办理，请联系系统管理员调整角色。"));
        req.caller = *p;
        return handler(req, *p);
      },
      http::Run::on_worker, action);
}

void add_identity_routes(http::Router& router, const Guard& guard, IdentityService& svc, store::Db& db,
                         const crypto::Sm2Signer& signer) {
  // --- authentication (login is the one public route here) ---
  router.add("POST", "/api/v1/auth/login", [&svc](Request& req) {
    auto body = req.json_body();
    if (!body.ok()) return Response::problem(body.error(), req.path);
    auto r = svc.login(body_string(*body, "username"), body_string(*body, "password"), body_string(*body, "totp_code"),
                       req.remote);
    if (!r.ok()) return Response::problem(r.error(), req.path);
    Response res = Response::json({{"user", svc.me(r->principal)["user"]},
                                   {"permissions", permissions_of(r->principal.role)},
                                   {"expires_at", r->principal.expires_at}});
    res.headers.emplace_back("Set-Cookie", cookie(r->token, svc.policy().session_absolute_hours * 3600));
    return res;
  });

  // Logout, me and password change need a session but no particular permission: every
  // logged-in role may act on its own account. "self" marks them for the route catalogue.
  auto self = [&](std::string method, std::string pattern, SecuredHandler h) {
    router.add(std::move(method), std::move(pattern), [&guard, h = std::move(h)](Request& req) {
      auto p = guard.authenticate(req);
      if (!p.ok()) return Response::problem(p.error(), req.path);
      req.caller = *p;
      return h(req, *p);
    }, http::Run::on_worker, "self");
  };
  self("POST", "/api/v1/auth/logout", [&svc](Request& req, const Principal& p) {
    Response res = render(svc.logout(p), req);
    res.headers.emplace_back("Set-Cookie", cookie("", 0));
    return res;
  });
  self("GET", "/api/v1/auth/me", [&svc](Request&, const Principal& p) { return Response::json(svc.me(p)); });
  self("POST", "/api/v1/auth/password", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& body) { return render(svc.change_password(p, body_string(body, "old_password"), body_string(body, "new_password")), req); });
  });
  self("POST", "/api/v1/auth/totp/setup", [&svc](Request& req, const Principal& p) { return render(svc.totp_setup(p), req); });
  self("POST", "/api/v1/auth/totp/enable", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& body) { return render(svc.totp_enable(p, body_string(body, "code")), req); });
  });
  self("POST", "/api/v1/auth/totp/disable", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& body) { return render(svc.totp_disable(p, body_string(body, "password")), req); });
  });

  // --- roles and the route catalogue ---
  guard.add_secured(router, "GET", "/api/v1/roles", "roles.read", [](Request&, const Principal&) {
    Json out = Json::array();
    for (const auto& r : roles())
      out.push_back({{"role", r.role}, {"label", r.label}, {"permissions", permissions_of(r.role)}});
    return Response::json(out);
  });
  guard.add_secured(router, "GET", "/api/v1/actions", "roles.read", [](Request&, const Principal&) {
    Json out = Json::array();
    for (const auto& a : actions()) out.push_back({{"action", a.action}, {"label", a.label}});
    return Response::json(out);
  });
  guard.add_secured(router, "GET", "/api/v1/system/routes", "roles.read", [&router](Request&, const Principal&) {
    Json out = Json::array();
    for (const auto& r : router.routes())
      out.push_back({{"method", r.method}, {"pattern", r.pattern}, {"permission", r.permission}});
    return Response::json(out);
  });

  // --- users ---
  guard.add_secured(router, "GET", "/api/v1/users", "users.read", [&svc](Request& req, const Principal& p) {
    return render(svc.list_users(p, user_filter(req)), req);
  });
  guard.add_secured(router, "GET", "/api/v1/users/export", "users.read", [&svc](Request& req, const Principal& p) {
    auto csv = svc.export_users_csv(p, user_filter(req));
    if (!csv.ok()) return Response::problem(csv.error(), req.path);
    Response res = Response::text(std::move(csv.value()), "text/csv; charset=utf-8");
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"users.csv\"; filename*=UTF-8''%E7%94%A8%E6%88%B7.csv");
    return res;
  });
  guard.add_secured(router, "POST", "/api/v1/users", "users.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& body) { return render(svc.create_user(p, body), req, 201); });
  });
  guard.add_secured(router, "GET", "/api/v1/users/{id}", "users.read", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.get_user(p, id), req); });
  });
  guard.add_secured(router, "PATCH", "/api/v1/users/{id}", "users.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      return with_body(req, [&](const Json& body) { return render(svc.update_user(p, id, body), req); });
    });
  });
  guard.add_secured(router, "GET", "/api/v1/users/{id}/history", "users.read", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.user_history(p, id), req); });
  });
  guard.add_secured(router, "POST", "/api/v1/users/{id}/reset-password", "users.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      return with_body(req, [&](const Json& body) { return render(svc.reset_password(p, id, body_string(body, "new_password")), req); });
    });
  });
  guard.add_secured(router, "POST", "/api/v1/users/{id}/unlock", "users.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.unlock_user(p, id), req); });
  });
  guard.add_secured(router, "POST", "/api/v1/users/{id}/revoke-sessions", "users.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return render(svc.revoke_sessions(p, id), req); });
  });

  // --- departments and jurisdictions ---
  guard.add_secured(router, "GET", "/api/v1/departments", "departments.read", [&svc](Request& req, const Principal&) {
    return render(svc.list_departments(str_param(req, "q")), req);
  });
  guard.add_secured(router, "POST", "/api/v1/departments", "departments.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& body) { return render(svc.create_department(p, body), req, 201); });
  });
  guard.add_secured(router, "PATCH", "/api/v1/departments/{id}", "departments.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      return with_body(req, [&](const Json& body) { return render(svc.update_department(p, id, body), req); });
    });
  });
  guard.add_secured(router, "GET", "/api/v1/jurisdictions", "jurisdictions.read", [&svc](Request& req, const Principal&) {
    return render(svc.list_jurisdictions(), req);
  });
  guard.add_secured(router, "POST", "/api/v1/jurisdictions", "jurisdictions.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& body) { return render(svc.create_jurisdiction(p, body), req, 201); });
  });
  guard.add_secured(router, "PATCH", "/api/v1/jurisdictions/{id}", "jurisdictions.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) {
      return with_body(req, [&](const Json& body) { return render(svc.update_jurisdiction(p, id, body), req); });
    });
  });

  // --- the ledger (audit view) ---
  guard.add_secured(router, "GET", "/api/v1/ledger", "ledger.read", [&db](Request& req, const Principal& p) {
    LedgerFilter f{str_param(req, "actor"), str_param(req, "action"), str_param(req, "subject_type"),
                   str_param(req, "subject_id"), str_param(req, "from"), str_param(req, "to"),
                   int_param(req, "page", 1), int_param(req, "page_size", 20)};
    return render(list_ledger(db, p.scope(), f), req);
  });
  guard.add_secured(router, "GET", "/api/v1/ledger/actions", "ledger.read", [](Request&, const Principal&) {
    Json out = Json::array();
    for (const auto& [a, l] : ledger_action_labels()) out.push_back({{"action", a}, {"label", l}});
    return Response::json(out);
  });
  guard.add_secured(router, "POST", "/api/v1/ledger/verify", "ledger.verify", [&db](Request& req, const Principal&) {
    auto v = ledger::verify(db);
    if (!v.ok()) return Response::problem(v.error(), req.path);
    return Response::json({{"ok", v->ok}, {"entries", v->entries},
                           {"first_bad_seq", v->first_bad_seq ? Json(*v->first_bad_seq) : Json(nullptr)},
                           {"detail", v->detail}});
  });
  guard.add_secured(router, "GET", "/api/v1/ledger/checkpoint", "ledger.verify", [&db, &signer](Request& req, const Principal&) {
    auto cp = ledger::checkpoint(db, signer);
    if (!cp.ok()) return Response::problem(cp.error(), req.path);
    Response res = Response::json(ledger::checkpoint_json(*cp, signer));
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"ledger-checkpoint-" + std::to_string(cp->seq) + ".json\"");
    return res;
  });
}

}  // namespace weijian::identity
