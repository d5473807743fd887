// Draw over 1,000,000 targets (goal, issue 6: under 1 s on the 2-core reference machine).
#include <chrono>
#include <cstdio>

#include "inspection/draw.h"

int main() {
  using namespace weijian::inspection;
  std::vector<DrawTarget> pop;
  pop.reserve(1000000);
  const char grades[] = {'A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'};
  char id[24];
  for (int i = 0; i < 1000000; ++i) {
    std::snprintf(id, sizeof id, "91330302MA%08d", i);
    pop.push_back({id, grades[i % 10], 1.0, ""});
  }
  DrawSpec spec;
  spec.seed = derive_seed("bench-plan", population_digest(pop), "commitment", {"witness-1", "witness-2"});
  spec.ratios = {0.05, 0.10, 0.30, 0.60};
  const auto start = std::chrono::steady_clock::now();
  auto r = draw(pop, spec);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.ok()) return 1;
  std::printf("draw: 1,000,000 targets, %zu drawn (A %lld, B %lld, C %lld, D %lld) in %.3f s (goal: under 1 s)\n",
              r->selected.size(), static_cast<long long>(r->drawn[0]), static_cast<long long>(r->drawn[1]),
              static_cast<long long>(r->drawn[2]), static_cast<long long>(r->drawn[3]), secs);
  return 0;
}
