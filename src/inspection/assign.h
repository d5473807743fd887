#pragma once
// The second random (双随机): inspectors for each drawn target, from the frozen eligible pool.
// Deterministic given the seed, independent of storage order, and never breaks a recusal:
// - only inspectors whose jurisdiction contains the target's (a district inspector for targets
//   in that district, city-level inspectors for any target);
// - never a recused pair (declared conflict, or the same inspector as last time);
// - the first inspector of every task holds a certificate of the lead department;
// - load is balanced: each slot takes the eligible inspector with the fewest tasks (counting
//   open tasks from earlier plans), ties broken by the inspector's key SM3(seed ‖ "inspector" ‖ id).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace weijian::inspection {

struct PoolInspector {
  std::string id;                 // public: the enforcement certificate number
  std::string jurisdiction_path;  // "/1/" city level, "/1/4/" a district …
  bool lead = false;              // holds a certificate of the lead department
  std::int64_t prior_load = 0;    // open tasks before this draw
};

struct AssignTarget {
  std::string id;
  std::string jurisdiction_path;
};

// Recused pairs, target id → inspector ids.
using Recusals = std::unordered_map<std::string, std::unordered_set<std::string>>;

struct Assignment {
  std::string target_id;
  std::vector<std::string> inspectors;  // the first is from the lead department
};

Result<std::vector<Assignment>> assign_inspectors(const std::vector<AssignTarget>& targets, const std::vector<PoolInspector>& pool,
                                                  const Recusals& recusals, const std::string& seed, int per_task);

// Whether every target could be staffed (checked when the plan is frozen, so the draw itself
// cannot fail): at least per_task eligible, unrecused inspectors, one of them lead. Returns the
// Chinese reason for the first few targets that cannot, or success.
Status check_staffing(const std::vector<AssignTarget>& targets, const std::vector<PoolInspector>& pool, const Recusals& recusals,
                      int per_task);

}  // namespace weijian::inspection
