#include "inspection/assign.h"

#include <algorithm>
#include <map>
#include <queue>

#include "core/crypto.h"

namespace weijian::inspection {
namespace {

// Every prefix "/1/", "/1/4/", … of a path: the jurisdictions that contain it.
template <class F>
void for_each_ancestor(const std::string& path, F&& f) {
  for (std::size_t i = 1; i < path.size(); ++i)
    if (path[i] == '/') f(path.substr(0, i + 1));
}

struct Slot {
  std::int64_t load;
  std::uint64_t tie;
  std::uint32_t index;
  bool operator>(const Slot& o) const {
    if (load != o.load) return load > o.load;
    if (tie != o.tie) return tie > o.tie;
    return index > o.index;
  }
};
using Heap = std::priority_queue<Slot, std::vector<Slot>, std::greater<Slot>>;

struct Group {
  Heap lead, other;
};

}  // namespace

Result<std::vector<Assignment>> assign_inspectors(const std::vector<AssignTarget>& targets, const std::vector<PoolInspector>& pool,
                                                  const Recusals& recusals, const std::string& seed, int per_task) {
  if (per_task < 1) return errors::validation("每个任务的执法人员数应至少为 1。", {{"inspectors_per_task", "无效"}});
  // Sorting the pool by id makes the result independent of the order it was given in.
  std::vector<std::uint32_t> order(pool.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return pool[a].id < pool[b].id; });
  std::vector<std::int64_t> load(pool.size());
  std::vector<std::uint64_t> tie(pool.size());
  std::map<std::string, Group> groups;  // node-based: the pointers below stay valid
  std::vector<Group*> group_of(pool.size());
  for (std::uint32_t i : order) {
    const auto d = crypto::sm3(seed + "\x1finspector\x1f" + pool[i].id);
    std::uint64_t x = 0;
    for (int b = 0; b < 8; ++b) x = (x << 8) | d[static_cast<std::size_t>(b)];
    tie[i] = x;
    load[i] = pool[i].prior_load;
    Group& g = groups[pool[i].jurisdiction_path];
    group_of[i] = &g;
    (pool[i].lead ? g.lead : g.other).push({load[i], tie[i], i});
  }
  std::vector<Assignment> out;
  out.reserve(targets.size());
  // Targets share few distinct paths: find each path's eligible groups once.
  std::unordered_map<std::string, std::vector<Group*>> eligible_by_path;
  std::vector<Slot> skipped;
  static const std::unordered_set<std::string> kNone;
  for (const auto& t : targets) {
    auto [cached, fresh] = eligible_by_path.try_emplace(t.jurisdiction_path);
    if (fresh)
      for_each_ancestor(t.jurisdiction_path, [&](const std::string& prefix) {
        if (auto it = groups.find(prefix); it != groups.end()) cached->second.push_back(&it->second);
      });
    const std::vector<Group*>& eligible = cached->second;
    auto rit = recusals.find(t.id);
    const auto& recused = rit == recusals.end() ? kNone : rit->second;
    Assignment a{t.id, {}};
    // Take the best slot from the chosen heaps, skipping recused and already chosen ones.
    auto take = [&](bool lead_only) -> bool {
      for (;;) {
        Heap* best = nullptr;
        for (Group* g : eligible) {
          for (Heap* h : {&g->lead, lead_only ? nullptr : &g->other}) {
            if (!h || h->empty()) continue;
            if (!best || best->top() > h->top()) best = h;
          }
        }
        if (!best) return false;
        const Slot s = best->top();
        best->pop();
        const auto& who = pool[s.index].id;
        if (recused.count(who) || std::find(a.inspectors.begin(), a.inspectors.end(), who) != a.inspectors.end()) {
          skipped.push_back(s);
          continue;
        }
        a.inspectors.push_back(who);
        ++load[s.index];
        skipped.push_back({load[s.index], s.tie, s.index});  // back in with its new load
        return true;
      }
    };
    bool ok = take(true);
    for (int k = 1; ok && k < per_task; ++k) ok = take(false);
    for (const Slot& s : skipped) (pool[s.index].lead ? group_of[s.index]->lead : group_of[s.index]->other).push(s);
    skipped.clear();
    if (!ok)
      return errors::validation("对象“" + t.id + "”没有足够的可选执法人员（需" + std::to_string(per_task) +
                                    "名，其中至少1名牵头部门持证人员，且不得违反回避）。",
                                {{"inspectors", "可选人员不足"}});
    out.push_back(std::move(a));
  }
  return out;
}

Status check_staffing(const std::vector<AssignTarget>& targets, const std::vector<PoolInspector>& pool, const Recusals& recusals,
                      int per_task) {
  if (per_task > static_cast<int>(pool.size()))
    return errors::validation("每个任务需要" + std::to_string(per_task) + "名执法人员，但符合条件的执法人员只有" +
                                  std::to_string(pool.size()) + "名：请减少每组人数或扩大人员范围（部门、辖区、专业）。",
                              {{"inspectors_per_task", "超过人员库"}});
  std::map<std::string, std::vector<std::uint32_t>> by_path;
  for (std::uint32_t i = 0; i < pool.size(); ++i) by_path[pool[i].jurisdiction_path].push_back(i);
  std::vector<std::string> problems;
  static const std::unordered_set<std::string> kNone;
  for (const auto& t : targets) {
    auto rit = recusals.find(t.id);
    const auto& recused = rit == recusals.end() ? kNone : rit->second;
    int total = 0, leads = 0;
    for_each_ancestor(t.jurisdiction_path, [&](const std::string& prefix) {
      auto it = by_path.find(prefix);
      if (it == by_path.end()) return;
      for (auto i : it->second) {
        if (recused.count(pool[i].id)) continue;
        ++total;
        leads += pool[i].lead ? 1 : 0;
      }
    });
    if (total < per_task || leads < 1) {
      problems.push_back("“" + t.id + "”可选" + std::to_string(total) + "名（牵头部门" + std::to_string(leads) + "名）");
      if (problems.size() >= 5) break;
    }
  }
  if (problems.empty()) return {};
  std::string detail = "以下对象在回避后没有足够的执法人员（每组需" + std::to_string(per_task) + "名，至少1名牵头部门持证人员）：";
  for (std::size_t i = 0; i < problems.size(); ++i) detail += (i ? "；" : "") + problems[i];
  detail += "。请调整对象范围或人员范围后再冻结。";
  return errors::validation(detail, {{"inspectors", "可选人员不足"}});
}

}  // namespace weijian::inspection
