#include "credit/routes.h"

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "core/clock.h"
#include "core/crypto.h"
#include "credit/json.h"
#include "http/params.h"

namespace weijian::credit {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using identity::render;

CreditFilter filter(const Request& req) {
  CreditFilter f;
  f.q = http::str_param(req, "q");
  f.subject_code = http::str_param(req, "subject_code");
  f.subject_kind = http::str_param(req, "subject_kind");
  f.status = http::str_param(req, "status");
  f.list_kind = http::str_param(req, "list_kind");
  f.severity = http::str_param(req, "severity");
  f.trigger = http::str_param(req, "trigger_code");
  f.cycle = http::str_param(req, "cycle");
  f.department = http::str_param(req, "department");
  f.page = http::int_param(req, "page", 1);
  f.page_size = http::int_param(req, "page_size", 20);
  return f;
}

// A typed page rendered one record at a time (or the error it carries).
template <class T, class F>
Result<Json> page_of(const Result<store::PageOf<T>>& page, F&& to_json) {
  if (!page.ok()) return page.error();
  return store::page_json(*page, to_json);
}

Response attachment(std::string bytes, const std::string& content_type, const std::string& file_name, const char* ascii_name) {
  Response res = Response::text(std::move(bytes), content_type);
  res.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"") + ascii_name + "\"; filename*=UTF-8''" +
                                                      http::percent_encode(file_name));
  return res;
}

// The sanctions check is called by other departments' systems before every grant, so it runs
// on the I/O thread and remembers, for `ttl`, that a session may use it: a hit costs one SM3
// of the credential headers and a map lookup instead of a session query on a worker. A
// logout, a revoked session or a role change therefore reaches this one read-only route
// within ttl (1 s by default, rules.json sanctions_session_cache_ms); every other route checks the
// store on each request as before.
class SanctionsGate {
 public:
  SanctionsGate(const identity::Guard& guard, std::chrono::milliseconds ttl) : guard_(guard), ttl_(ttl) {}

  // The caller, or the problem to answer (401, 403).
  Result<Principal> admit(const Request& req) {
    const std::string key = crypto::sm3_hex(std::string(req.header("authorization")) + "\n" + std::string(req.header("cookie")));
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mu_);
      auto it = cache_.find(key);
      if (it != cache_.end() && it->second.until > now) return it->second.principal;
    }
    auto p = guard_.authenticate(req);
    if (!p.ok()) return p.error();
    if (!p->can("credit.sanctions"))
      return errors::forbidden("您的角色（" + identity::role_label(p->role) +
                               "）没有“credit.sanctions”权限：如确需办理，请联系系统管理员调整角色。");
    std::lock_guard lock(mu_);
    if (cache_.size() > 10000) cache_.clear();  // bounded: stale sessions simply fall out
    cache_[key] = {*p, now + ttl_};
    return p;
  }

 private:
  struct Entry {
    Principal principal;
    std::chrono::steady_clock::time_point until;
  };
  const identity::Guard& guard_;
  std::chrono::milliseconds ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> cache_;
};

}  // namespace

void add_credit_routes(http::Router& router, const identity::Guard& guard, CreditService& svc) {
  using http::with_body;
  using http::with_id;
  auto secured = [&](const char* method, const char* pattern, const char* action, identity::SecuredHandler h) {
    guard.add_secured(router, method, pattern, action, std::move(h));
  };

  secured("GET", "/api/v1/credit/rules", "credit.read", [&svc](Request&, const Principal&) { return Response::json(svc.rules_json()); });

  // --- points and consequences ---
  secured("GET", "/api/v1/credit/points", "credit.read", [&svc](Request& req, const Principal& p) {
    return render(page_of(svc.list_points(p, filter(req)), [&](const Point& x) { return to_json(x, svc.rules()); }), req);
  });
  secured("POST", "/api/v1/credit/points", "credit.assess", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.assess(p, b), req, 201); });
  });
  secured("POST", "/api/v1/credit/points/{id}/withdraw", "credit.review", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.withdraw_points(p, id, b), req); }); });
  });
  secured("GET", "/api/v1/credit/consequences", "credit.read",
          [&svc](Request& req, const Principal& p) {
            return render(page_of(svc.list_consequences(p, filter(req)), [](const ConsequenceView& v) { return to_json(v); }), req);
          });
  secured("GET", "/api/v1/credit/notifications", "credit.read",
          [&svc](Request& req, const Principal& p) {
            return render(page_of(svc.list_notifications(p, filter(req)), [](const NotificationView& v) { return to_json(v); }), req);
          });

  secured("GET", "/api/v1/credit/notifications/mine", "credit.sanctions", [&svc](Request& req, const Principal& p) {
    return render(page_of(svc.department_notifications(p, http::int_param(req, "page", 1), http::int_param(req, "page_size", 20)),
                          [](const NotificationView& v) { return to_json(v); }),
                  req);
  });

  // --- lists ---
  secured("GET", "/api/v1/credit/lists", "credit.read", [&svc](Request& req, const Principal& p) {
    const std::string today = today_in_shanghai().to_string();
    return render(page_of(svc.list_entries(p, filter(req)), [&](const ListEntry& x) { return to_json(x, svc.rules(), today); }), req);
  });
  secured("POST", "/api/v1/credit/lists", "credit.manage", [&svc](Request& req, const Principal& p) {
    return with_body(req, [&](const Json& b) { return render(svc.create_entry(p, b), req, 201); });
  });
  secured("GET", "/api/v1/credit/lists/export", "credit.read", [&svc](Request& req, const Principal& p) {
    auto t = svc.export_entries(p, filter(req));
    if (!t.ok()) return Response::problem(t.error(), req.path);
    if (http::str_param(req, "format") == "csv") return attachment(write_csv(*t), "text/csv; charset=utf-8", "信用名单.csv", "lists.csv");
    auto bytes = write_xlsx("信用名单", *t);
    if (!bytes.ok()) return Response::problem(bytes.error(), req.path);
    return attachment(std::move(bytes.value()), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "信用名单.xlsx",
                      "lists.xlsx");
  });

  secured("GET", "/api/v1/credit/list-candidates", "credit.read", [&svc](Request& req, const Principal& p) {
    return render(page_of(svc.list_candidates(p, http::str_param(req, "trigger"), http::int_param(req, "page", 1),
                                              http::int_param(req, "page_size", 20)),
                          [](const ListCandidate& k) { return to_json(k); }),
                  req);
  });

  // --- restoration ---
  secured("GET", "/api/v1/credit/restorations", "credit.read",
          [&svc](Request& req, const Principal& p) {
            const std::string today = today_in_shanghai().to_string();
            return render(page_of(svc.list_restorations(p, filter(req)), [&](const Restoration& x) { return to_json(x, svc.rules(), today); }),
                          req);
          });
  secured("POST", "/api/v1/credit/lists/{id}/restorations", "credit.manage", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.apply_restoration(p, id, b), req, 201); }); });
  });
  secured("POST", "/api/v1/credit/restorations/{id}/decision", "credit.review", [&svc](Request& req, const Principal& p) {
    return with_id(req, [&](std::int64_t id) { return with_body(req, [&](const Json& b) { return render(svc.decide_restoration(p, id, b), req); }); });
  });

  // --- record ---
  secured("GET", "/api/v1/credit/records/{code}", "credit.read", [&svc](Request& req, const Principal& p) {
    return render(svc.record(p, req.params["code"]), req);
  });
  router.add("GET", "/api/v1/public/institutions/{id}/credit", [&svc](Request& req) {
    return with_id(req, [&](std::int64_t id) { return render(svc.public_record(id), req); });
  });

  // --- joint sanctions ---
  auto gate = std::make_shared<SanctionsGate>(guard, std::chrono::milliseconds(svc.rules().sanctions_session_cache_ms));
  router.add(
      "GET", "/api/v1/credit/sanctions",
      [&svc, gate](Request& req) {
        auto p = gate->admit(req);
        if (!p.ok()) return Response::problem(p.error(), req.path);
        req.caller = *p;
        auto body = svc.sanctions_text(http::str_param(req, "subject"), http::str_param(req, "context"));
        if (!body.ok()) return Response::problem(body.error(), req.path);
        return Response::text(std::move(body.value()), "application/json; charset=utf-8");
      },
      http::Run::on_io, "credit.sanctions");
  secured("POST", "/api/v1/credit/sanctions/bulk", "credit.sanctions", [&svc](Request& req, const Principal&) {
    return render(svc.sanctions_bulk(req.body, http::str_param(req, "context")), req);
  });

  // --- dual publication ---
  secured("GET", "/api/v1/credit/dual-publication", "credit.manage", [&svc](Request& req, const Principal& p) {
    const std::string format = http::str_param(req, "format").empty() ? "xlsx" : http::str_param(req, "format");
    const std::string mode = http::str_param(req, "mode").empty() ? "incremental" : http::str_param(req, "mode");
    auto f = svc.dual_publication(p, http::str_param(req, "kind"), mode, format);
    if (!f.ok()) return Response::problem(f.error(), req.path);
    Response res = attachment(std::move(f->bytes), f->content_type, f->file_name, format == "csv" ? "export.csv" : "export.xlsx");
    res.headers.emplace_back("X-Export-Rows", std::to_string(f->rows));
    return res;
  });
  secured("GET", "/api/v1/credit/dual-publication/batches", "credit.manage",
          [&svc](Request& req, const Principal& p) {
            auto batches = svc.export_batches(p);
            if (!batches.ok()) return Response::problem(batches.error(), req.path);
            Json items = Json::array();
            for (const auto& v : *batches) items.push_back(to_json(v));
            return Response::json(Json{{"items", items}});
          });
}

}  // namespace weijian::credit
