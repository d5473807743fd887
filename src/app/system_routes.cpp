#include "app/system_routes.h"

#include <sstream>

#include "store/settings.h"

namespace weijian::app {

void add_system_routes(http::Router& router, const identity::Guard& guard, store::Db& db, const SystemInfo& info,
                       http::Metrics*& metrics) {
  using http::Request;
  using http::Response;
  router.add("GET", "/healthz", [](Request&) { return Response::json({{"status", "ok"}}); }, http::Run::on_io);

  router.add("GET", "/readyz", [&db](Request& req) {
    if (!store::ping(db).ok()) return Response::problem(errors::unavailable("数据库暂时不可用，请稍后重试。"), req.path);
    return Response::json({{"status", "ready"}, {"store", db.kind()}});
  });

  router.add("GET", "/metrics", [&metrics](Request&) {
    return Response::text(metrics ? metrics->render() : std::string(), "text/plain; version=0.0.4; charset=utf-8");
  }, http::Run::on_io);

  // Public (the portal needs the words too); the sets change only with a new version.
  router.add("GET", "/api/v1/labels", [&info](Request&) {
    Json sets = Json::array();
    for (const auto& set : info.label_sets) {
      Json labels = Json::array();
      for (const auto& l : set.labels) labels.push_back({{"id", l.id}, {"label", l.label}});
      sets.push_back({{"name", set.name}, {"labels", std::move(labels)}});
    }
    Response res = Response::json({{"sets", std::move(sets)}});
    res.headers.emplace_back("Cache-Control", "max-age=300");
    return res;
  }, http::Run::on_io);

  guard.add_secured(router, "GET", "/api/v1/system/info", "system.info", [&db, &info](Request& req, const identity::Principal&) {
    std::vector<std::string> tables;
    for (const auto& c : info.counts) tables.push_back(c.table);
    auto lease = db.acquire();
    if (!lease.ok()) return Response::problem(lease.error(), req.path);
    auto n = store::row_counts(**lease, tables);
    if (!n.ok()) return Response::problem(n.error(), req.path);
    Json counts = Json::array();
    for (std::size_t i = 0; i < info.counts.size(); ++i)
      counts.push_back({{"key", info.counts[i].key}, {"label", info.counts[i].label}, {"count", (*n)[i]}});
    Json installed = nullptr;
    if (auto s = store::setting(**lease, "installed_at"); s.ok() && s->has_value()) installed = **s;
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - info.started);
    return Response::json({{"product", "卫监"},
                           {"version", WEIJIAN_VERSION},
                           {"started_at", info.started_at},
                           {"installed_at", installed},
                           {"uptime_seconds", uptime.count()},
                           {"store", {{"kind", db.kind()}, {"schema_version", info.schema_version}}},
                           {"counts", counts}});
  });
}

std::string render_store_metrics(const store::Db& db) {
  const auto s = db.stats();
  std::ostringstream o;
  const std::string l = std::string("{engine=\"") + db.kind() + "\"}";
  o << "# HELP weijian_store_queries_total Statements run against the store.\n"
       "# TYPE weijian_store_queries_total counter\nweijian_store_queries_total"
    << l << " " << s.queries << "\n";
  o << "# HELP weijian_store_query_errors_total Statements that failed.\n"
       "# TYPE weijian_store_query_errors_total counter\nweijian_store_query_errors_total"
    << l << " " << s.errors << "\n";
  o << "# HELP weijian_store_query_seconds_total Time spent in statements.\n"
       "# TYPE weijian_store_query_seconds_total counter\nweijian_store_query_seconds_total"
    << l << " " << static_cast<double>(s.query_micros) / 1e6 << "\n";
  o << "# HELP weijian_store_transactions_total Transactions begun; rollbacks among them.\n"
       "# TYPE weijian_store_transactions_total counter\nweijian_store_transactions_total"
    << l << " " << s.transactions << "\n"
    << "# TYPE weijian_store_rollbacks_total counter\nweijian_store_rollbacks_total" << l << " " << s.rollbacks << "\n";
  o << "# HELP weijian_store_pool_connections Store connections open, by state.\n"
       "# TYPE weijian_store_pool_connections gauge\n"
    << "weijian_store_pool_connections{engine=\"" << db.kind() << "\",state=\"idle\"} " << s.pool_idle << "\n"
    << "weijian_store_pool_connections{engine=\"" << db.kind() << "\",state=\"busy\"} " << (s.pool_size - s.pool_idle)
    << "\n";
  o << "# HELP weijian_store_pool_waits_total Times a request waited for a free connection.\n"
       "# TYPE weijian_store_pool_waits_total counter\nweijian_store_pool_waits_total"
    << l << " " << s.pool_waits << "\n";
  return o.str();
}

}  // namespace weijian::app
