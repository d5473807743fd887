#pragma once
// Double-random, one-public inspection: the item catalogue (一单), sampling plans, the draw
// ceremony (freeze → witnesses → draw), tasks and results, publication and statistics.
// The draw itself is draw.h + assign.h, pure functions; this service freezes their inputs
// into the store, runs them once, and publishes everything needed to re-run them.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/calendar.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/xlsx.h"
#include "identity/org.h"
#include "identity/principal.h"
#include "inspection/rules.h"
#include "inspection/store.h"
#include "registry/directory.h"
#include "store/db.h"

namespace weijian::inspection {

struct TaskFilter {
  std::string q, status, outcome, grade;
  std::int64_t plan_id = 0, jurisdiction_id = 0;
  bool mine = false;           // only tasks the caller is assigned to
  bool overdue_only = false;   // results not published within the limit
  int page = 1, page_size = 20;
};

// What other modules know about a target's risk (dishonesty lists, complaints), until the
// risk module owns this: institution id → facts. Empty by default.
using RiskExtras = std::function<Status(store::Conn&, std::unordered_map<std::int64_t, RiskFacts>&)>;

class InspectionService {
 public:
  // The organisation (departments, jurisdictions, users' names) and the registry's institutions
  // and inspectors are read through their modules' ports.
  InspectionService(store::Db& db, const identity::Org& org, const registry::Directory& directory, InspectionRules rules,
                    const WorkingCalendar& calendar, crypto::SecretBox box)
      : db_(db), org_(org), directory_(directory), rules_(std::move(rules)), calendar_(calendar), box_(std::move(box)) {}
  const InspectionRules& rules() const { return rules_; }
  void set_risk_extras(RiskExtras extras) { extras_ = std::move(extras); }
  // The organiser's nonce for a plan's draw; random unless replaced. Only the demo replaces it,
  // so that the same seed on the same day gives the same demo city.
  using NonceSource = std::function<std::string(std::int64_t plan_id)>;
  void set_nonce_source(NonceSource source) { nonce_source_ = std::move(source); }

  Status seed(const std::string& data_dir);  // the item catalogue, once

  // --- catalogue ---
  Result<Json> list_items(const ItemFilter& f);
  Result<Json> create_item(const identity::Principal& p, const Json& body);
  Result<Json> update_item(const identity::Principal& p, std::int64_t id, const Json& body);

  // --- plans and the draw ceremony ---
  Result<Json> list_plans(const identity::Principal& p, const std::string& q, const std::string& status, int year, int page,
                          int page_size);
  Result<Json> get_plan(const identity::Principal& p, std::int64_t id);
  Result<Json> create_plan(const identity::Principal& p, const Json& body);
  Result<Json> update_plan(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<Json> cancel_plan(const identity::Principal& p, std::int64_t id, const Json& body);
  // Snapshot of targets (with risk grades) and eligible inspectors, recusals, commitment.
  Result<Json> freeze(const identity::Principal& p, std::int64_t plan_id);
  Result<Json> add_witness(const identity::Principal& p, std::int64_t plan_id, const Json& body);
  Result<Json> draw(const identity::Principal& p, std::int64_t plan_id);
  // The published record (format weijian-draw/1); before the draw, without nonce and result.
  Result<Json> draw_document(std::int64_t plan_id);
  // The plans whose draw is done, in plan order: all, or only `plan_id` if given.
  Result<std::vector<std::int64_t>> drawn_plans(std::optional<std::int64_t> plan_id = std::nullopt);

  // --- tasks and results ---
  Result<Json> list_tasks(const identity::Principal& p, const TaskFilter& f);
  Result<Table> export_tasks(const identity::Principal& p, TaskFilter f);
  Result<Json> get_task(const identity::Principal& p, std::int64_t id);
  Result<Json> submit_result(const identity::Principal& p, std::int64_t id, const Json& body);
  Result<Json> add_photo(const identity::Principal& p, std::int64_t task_id, const std::string& file_name,
                         const std::string& content_type, const std::string& bytes);
  struct Photo {
    std::string content_type, bytes;
  };
  Result<Photo> get_photo(const identity::Principal& p, std::int64_t task_id, std::int64_t photo_id);
  Result<Json> reassign(const identity::Principal& p, std::int64_t task_id, const Json& body);
  Result<Json> publish(const identity::Principal& p, std::int64_t task_id);
  Result<Json> publish_plan(const identity::Principal& p, std::int64_t plan_id);
  Result<Json> stats(const identity::Principal& p, int year);
  // The provisional risk grade of one institution, with its reasons.
  Result<Json> risk_of(const identity::Principal& p, std::int64_t institution_id);

  // --- public portal ---
  Result<Json> public_plans(int page, int page_size);
  Result<Json> public_results(const std::string& q, std::int64_t plan_id, int page, int page_size);

 private:
  Result<std::unordered_map<std::int64_t, RiskFacts>> risk_facts(store::Conn& c, const std::string& path_prefix);
  bool can_enter_result(store::Conn& c, const identity::Principal& p, std::int64_t task_id);
  // Names from other modules, looked up once for a whole list instead of joined.
  Status name_items(store::Conn& c, std::vector<InspectionItem>& items);
  Status name_plans(store::Conn& c, std::vector<Plan>& plans);
  Status name_tasks(store::Conn& c, std::vector<Task>& tasks);
  Result<Json> plan_items_json(store::Conn& c, std::int64_t plan_id);
  // Completes a page of plans in a few queries, not a few per plan: joint department names,
  // items in code order, and optionally task counts and the draw.
  Status complete_plans(store::Conn& c, Json& plans, bool with_tasks, bool with_draw);
  Result<std::optional<Plan>> find_plan(store::Conn& c, const store::Scope& scope, std::int64_t id);

  store::Db& db_;
  const identity::Org& org_;
  const registry::Directory& directory_;
  InspectionRules rules_;
  const WorkingCalendar& calendar_;
  crypto::SecretBox box_;
  RiskExtras extras_;
  NonceSource nonce_source_;
};

}  // namespace weijian::inspection
