// Draw a plan over 1,000,000 targets and 10,000 inspectors: targets by risk grade, then two
// inspectors per drawn target with recusals (goal, issue 6: under 1 s on the 2-core machine).
#include <chrono>
#include <cstdio>

#include "inspection/assign.h"
#include "inspection/draw.h"

int main() {
  using namespace weijian::inspection;
  std::vector<DrawTarget> pop;
  pop.reserve(1000000);
  const char grades[] = {'A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'};
  char id[24];
  for (int i = 0; i < 1000000; ++i) {
    std::snprintf(id, sizeof id, "91330302MA%08d", i);
    pop.push_back({id, grades[i % 10], 1.0, "/1/" + std::to_string(2 + i % 20) + "/" + std::to_string(100 + i % 300) + "/"});
  }
  DrawSpec spec;
  spec.seed = derive_seed("bench-plan", population_digest(pop), "commitment", {"witness-1", "witness-2"});
  spec.ratios = {0.05, 0.10, 0.30, 0.60};
  // 10,000 inspectors: 500 city-level, 475 in each of 20 districts; a third from the lead department.
  std::vector<PoolInspector> pool;
  for (int i = 0; i < 10000; ++i) {
    std::snprintf(id, sizeof id, "ZF330300%05d", i);
    pool.push_back({id, i < 500 ? "/1/" : "/1/" + std::to_string(2 + i % 20) + "/", i % 3 == 0, i % 5});
  }
  Recusals recusals;  // 20,000 declared conflicts
  for (int i = 0; i < 20000; ++i) recusals[pop[static_cast<std::size_t>(i * 37 % 1000000)].id].insert(pool[static_cast<std::size_t>(i * 13 % 10000)].id);
  const auto start = std::chrono::steady_clock::now();
  auto r = draw(pop, spec);
  if (!r.ok()) return 1;
  const double draw_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<AssignTarget> targets;
  for (auto i : r->selected_index) targets.push_back({pop[i].id, pop[i].jurisdiction_path});
  auto a = assign_inspectors(targets, pool, recusals, spec.seed, 2);
  if (!a.ok()) return 1;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("draw: 1,000,000 targets, %zu drawn (A %lld, B %lld, C %lld, D %lld) in %.3f s; "
              "10,000 inspectors, %zu tasks staffed with 2 each: total %.3f s (goal: under 1 s)\n",
              r->selected.size(), static_cast<long long>(r->drawn[0]), static_cast<long long>(r->drawn[1]),
              static_cast<long long>(r->drawn[2]), static_cast<long long>(r->drawn[3]), draw_secs, a->size(), secs);
  return 0;
}
