#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "core/labels.h"
#include "http/metrics.h"
#include "http/router.h"
#include "identity/routes.h"
#include "store/db.h"

namespace weijian::app {

// A figure on the home page: how many rows of one kind the store holds. Modules add theirs.
struct CountSpec {
  std::string key;    // stable identifier, e.g. "institutions"
  std::string label;  // Chinese label shown to users
  std::string table;  // the table counted (a constant from code, never user input)
};

struct SystemInfo {
  std::string started_at;
  std::chrono::steady_clock::time_point started;
  int schema_version = 0;
  std::vector<CountSpec> counts;
  std::vector<LabelSet> label_sets;  // served by GET /api/v1/labels
};

// /healthz, /readyz, /metrics, /api/v1/labels and /api/v1/system/info.
void add_system_routes(http::Router& router, const identity::Guard& guard, store::Db& db, const SystemInfo& info,
                       http::Metrics*& metrics);
std::string render_store_metrics(const store::Db& db);

}  // namespace weijian::app
