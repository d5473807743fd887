#pragma once
// The inspection module's records and the only code with SQL on its tables: the item catalogue,
// plans, draws (with their frozen snapshots and witnesses), tasks, their inspectors and photos.
// Every function takes the caller's connection, so it joins the caller's transaction; every row
// is mapped once, by column name. Names from other modules (departments, jurisdictions,
// institutions, inspectors) are not here: services ask identity::Org and registry::Directory.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::inspection {

// --- catalogue (一单) ---

struct InspectionItem {
  std::int64_t id = 0;
  std::string code, name, department_code, legal_basis, target_categories, specialty, kind;  // categories: ;-list
  std::int64_t default_ratio_bp = 0;
  std::string status;
  std::string department_name;  // from identity, filled by the service (the code when unknown)
};

struct ItemFilter {
  std::string q, department, kind, status, category;
  int page = 1, page_size = 20;
};

namespace item_store {
Result<std::int64_t> count(store::Conn& c);
Result<std::optional<InspectionItem>> find(store::Conn& c, std::int64_t id);
Result<bool> code_exists(store::Conn& c, const std::string& code);
Result<store::PageOf<InspectionItem>> page(store::Conn& c, const ItemFilter& f);
// The items of a plan, in code order.
Result<std::vector<InspectionItem>> of_plan(store::Conn& c, std::int64_t plan_id);
// The items of several plans, in code order, each with the plans it belongs to.
Result<std::vector<std::pair<InspectionItem, std::vector<std::int64_t>>>> of_plans(store::Conn& c, const std::vector<std::int64_t>& plan_ids);
// Inserts an item (id ignored) created and updated at `now`; returns its id.
Result<std::int64_t> insert(store::Conn& c, const InspectionItem& item, const std::string& now);
// Sets one column (one of the item's own) of an item.
Status set(store::Conn& c, std::int64_t id, const char* column, const store::Value& value, const std::string& now);
}  // namespace item_store

// --- plans ---

struct Plan {
  std::int64_t id = 0;
  std::string title;
  std::int64_t year = 0;
  std::string period_start, period_end;
  std::int64_t lead_department_id = 0;
  std::string joint_departments, categories, ownership;  // ;-lists of codes; ownership may be empty
  std::int64_t scope_jurisdiction_id = 0;
  std::string jurisdiction_path, params, status, created_at, updated_at;  // params: JSON text
  std::int64_t created_by = 0;
  // from identity, filled by the service
  std::string lead_department_name, lead_department_code, scope_jurisdiction_name;
};

struct PlanFilter {
  std::string q, status;
  int year = 0;
};

struct TaskCounts {
  std::int64_t tasks = 0, done = 0, published = 0;
};

namespace plan_store {
Result<std::optional<Plan>> find(store::Conn& c, const store::Scope& scope, std::int64_t id);
// A frozen or drawn plan (public by then), whatever the scope.
Result<std::optional<Plan>> find_public(store::Conn& c, std::int64_t id);
// A frozen or drawn plan whose territory contains `path`: a city-wide plan seen from a district.
Result<std::optional<Plan>> find_public_above(store::Conn& c, std::int64_t id, const std::string& path);
Result<store::PageOf<Plan>> page(store::Conn& c, const store::Scope& scope, const PlanFilter& f, int page, int page_size);
Result<store::PageOf<Plan>> public_page(store::Conn& c, int page, int page_size);
// Inserts a plan (id, status, updated_at ignored: a draft, updated when created) with its items.
Result<std::int64_t> insert(store::Conn& c, const Plan& plan, const std::vector<std::int64_t>& item_ids);
// Replaces a plan's parameters and items.
Status update(store::Conn& c, const Plan& plan, const std::vector<std::int64_t>& item_ids);
Status set_status(store::Conn& c, std::int64_t id, const std::string& status, const std::string& now);
// Task counts of plans (plans without tasks are absent).
Result<std::map<std::int64_t, TaskCounts>> task_counts(store::Conn& c, const std::vector<std::int64_t>& plan_ids);
// A plan's task counts by grade, in grade order.
Result<std::vector<std::pair<std::string, TaskCounts>>> task_counts_by_grade(store::Conn& c, std::int64_t plan_id);
// Drawn joint (cross-department) plans within the scope, of one year (0: every year).
Result<std::int64_t> count_joint_drawn(store::Conn& c, const store::Scope& scope, int year);
}  // namespace plan_store

// --- the draw ceremony ---

struct Draw {
  std::int64_t id = 0, plan_id = 0;
  std::string population_digest;
  std::int64_t population_size = 0;
  std::string pool_digest;
  std::int64_t pool_size = 0;
  std::string commitment, sealed_nonce, nonce, seed, result_digest, frozen_at, drawn_at;  // nonce … drawn_at: "" until drawn
};

struct PopulationEntry {
  std::string target_id;
  std::int64_t institution_id = 0;
  std::string grade;
  std::int64_t weight_milli = 1000;
  std::string jurisdiction_path;
};

struct PoolEntry {
  std::int64_t inspector_id = 0;
  std::string cert_no, department_code;
  bool lead = false;
  std::string jurisdiction_path;
  std::int64_t prior_load = 0;
};

struct RecusalEntry {
  std::string cert_no, target_id, reason;
};

struct Witness {
  std::int64_t seq = 0;
  std::string witness_name, input;
  std::int64_t user_id = 0;
  std::string entered_at;
};

namespace draw_store {
Result<std::optional<Draw>> of_plan(store::Conn& c, std::int64_t plan_id);
Result<std::vector<Draw>> of_plans(store::Conn& c, const std::vector<std::int64_t>& plan_ids);
// Plans whose draw is done, in plan order; only `plan_id` if given.
Result<std::vector<std::int64_t>> drawn_plan_ids(store::Conn& c, std::optional<std::int64_t> plan_id = std::nullopt);
Result<std::vector<PopulationEntry>> population(store::Conn& c, std::int64_t draw_id);  // by target id
Result<std::vector<std::pair<std::string, std::int64_t>>> population_by_grade(store::Conn& c, std::int64_t draw_id);
Result<std::vector<PoolEntry>> pool(store::Conn& c, std::int64_t draw_id);               // by certificate number
Result<std::vector<RecusalEntry>> recusals(store::Conn& c, std::int64_t draw_id);        // by certificate, target
Result<std::vector<Witness>> witnesses(store::Conn& c, std::int64_t draw_id);            // by seq
// Inserts a frozen draw (nonce … drawn_at ignored) by `frozen_by`; returns its id.
Result<std::int64_t> insert(store::Conn& c, const Draw& draw, std::int64_t frozen_by);
Status add_population(store::Conn& c, std::int64_t draw_id, const PopulationEntry& e);
Status add_pool(store::Conn& c, std::int64_t draw_id, const PoolEntry& e);
Status add_recusal(store::Conn& c, std::int64_t draw_id, const RecusalEntry& e);
Status add_witness(store::Conn& c, std::int64_t draw_id, const Witness& w);
Status mark_drawn(store::Conn& c, std::int64_t draw_id, const std::string& nonce, const std::string& seed, const std::string& result_digest,
                  const std::string& at, std::int64_t by);
// The populations of done draws within the scope, by grade, of one year (0: every year).
Result<std::map<std::string, std::int64_t>> drawn_population_by_grade(store::Conn& c, const store::Scope& scope, int year);
}  // namespace draw_store

// --- tasks ---

struct Task {
  std::int64_t id = 0, plan_id = 0;
  std::string plan_title;
  std::int64_t draw_id = 0, institution_id = 0;
  std::string target_id, grade;
  std::int64_t rank = 0;
  std::string jurisdiction_path, due_on, status;
  std::optional<std::string> outcome;
  std::string findings;
  bool enforcement_lead = false;
  std::string inspected_on, submitted_at, publish_due_on, published_on, created_at;
  // from the registry (and identity), filled by the service
  std::string institution_name, category, address, jurisdiction_name;
};

// Which tasks a list shows. Institution names live in the registry: a text search matches the
// task's target id, its plan's title (unless public) and the institutions `named` found.
struct TaskQuery {
  store::Scope scope = store::Scope::all();
  std::string q;
  std::vector<std::int64_t> named;  // institutions whose name matches q
  bool search_title = true;
  std::int64_t plan_id = 0;
  std::string status, outcome, grade;
  std::optional<std::string> under_path;                // only tasks within this path ("": none)
  std::optional<std::vector<std::int64_t>> inspectors;  // only tasks these inspectors are now assigned to
  std::string publication_overdue_on;                   // only submitted tasks due for publication before this day
  bool public_order = false;                            // latest published first, not plan and rank
};

struct TaskInspector {
  std::int64_t id = 0, task_id = 0, inspector_id = 0, slot = 0;
  std::string source, assigned_at;
  std::optional<std::string> ended_at;
  std::string end_reason;
};

struct TaskPhoto {
  std::int64_t id = 0, task_id = 0;
  std::string file_name, content_type;
  std::int64_t size = 0;
  std::string sm3, uploaded_at;
};

struct PhotoData {
  std::string content_type, bytes;
};

// A task drawn for a target, with its inspectors' ids in slot order.
struct NewTask {
  std::int64_t plan_id = 0, draw_id = 0, institution_id = 0;
  std::string target_id, grade;
  std::int64_t rank = 0;
  std::string jurisdiction_path, due_on;
};

struct TaskStats {
  TaskCounts counts;
  std::int64_t published_on_time = 0, problems = 0;
};

namespace task_store {
Result<std::optional<Task>> find(store::Conn& c, const store::Scope& scope, std::int64_t id);
Result<store::PageOf<Task>> page(store::Conn& c, const TaskQuery& q, int page, int page_size);
Result<std::vector<Task>> all(store::Conn& c, const TaskQuery& q);
// Ids of a plan's tasks within the scope that have this status.
Result<std::vector<std::int64_t>> ids_of_plan(store::Conn& c, const store::Scope& scope, std::int64_t plan_id, const std::string& status);
Result<std::int64_t> insert(store::Conn& c, const NewTask& t, const std::string& now);
Status submit(store::Conn& c, std::int64_t id, const std::string& outcome, const std::string& findings, bool enforcement_lead,
              const std::string& inspected_on, std::int64_t by, const std::string& at, const std::string& publish_due_on);
Status publish(store::Conn& c, std::int64_t id, const std::string& on, std::int64_t by);
// Institutions of tasks created since `since` for a plan with this item.
Result<std::vector<std::int64_t>> institutions_drawn_since(store::Conn& c, std::int64_t item_id, const std::string& since);
// Institution id → problem findings inspected since `since`, within `path_prefix`.
Result<std::map<std::int64_t, std::int64_t>> problem_findings(store::Conn& c, const std::string& path_prefix, const std::string& since);

// Assignments, in slot order (then id).
Result<std::vector<TaskInspector>> inspectors(store::Conn& c, std::int64_t task_id);
// Current assignments of several tasks, by task then slot.
Result<std::vector<TaskInspector>> current_inspectors(store::Conn& c, const std::vector<std::int64_t>& task_ids);
Result<std::optional<TaskInspector>> current_assignment(store::Conn& c, std::int64_t task_id, std::int64_t inspector_id);
// Whether any of these inspectors is now assigned to the task.
Result<bool> assigned_to_any(store::Conn& c, std::int64_t task_id, const std::vector<std::int64_t>& inspector_ids);
Status assign(store::Conn& c, std::int64_t task_id, std::int64_t inspector_id, std::int64_t slot, const std::string& source,
              const std::string& at);
Status end_assignment(store::Conn& c, std::int64_t assignment_id, const std::string& at, const std::string& reason);
// Inspector id → open (assigned, not yet entered) tasks now held.
Result<std::map<std::int64_t, std::int64_t>> open_loads(store::Conn& c);
// (inspector, institution) of the current assignments of each institution's latest task.
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> latest_inspectors(store::Conn& c);
// A plan's drawn assignments as drawn: (target id, grade, inspector id) by rank, then slot.
Result<std::vector<std::tuple<std::string, std::string, std::int64_t>>> drawn_assignments(store::Conn& c, std::int64_t plan_id);

Result<std::vector<TaskPhoto>> photos(store::Conn& c, std::int64_t task_id);
Result<std::optional<PhotoData>> photo_data(store::Conn& c, std::int64_t task_id, std::int64_t photo_id);
Result<std::int64_t> add_photo(store::Conn& c, const TaskPhoto& photo, const std::string& bytes, std::int64_t by);

// Statistics over the tasks within the scope, of one year (0: every year).
Result<TaskStats> stats(store::Conn& c, const store::Scope& scope, int year, const std::string& under_path = "");
Result<std::vector<std::pair<std::string, TaskStats>>> stats_by_grade(store::Conn& c, const store::Scope& scope, int year);
// By item: (code, name, stats) in code order.
Result<std::vector<std::tuple<std::string, std::string, TaskStats>>> stats_by_item(store::Conn& c, const store::Scope& scope, int year);
Result<std::int64_t> count_publication_overdue(store::Conn& c, const store::Scope& scope, int year, const std::string& today);
}  // namespace task_store

}  // namespace weijian::inspection
