#pragma once
// The published record of a draw (抽取公示): every input and the result, in one JSON
// document anyone can fetch from the public portal and re-run with `weijian draw verify`.
// Nothing unpublished is needed: the population with grades and weights, the eligible
// inspector pool, the recused pairs, the commitment, the revealed nonce and the witnesses'
// inputs determine the seed, the selection and the inspectors.
#include <string>
#include <vector>

#include "core/json.h"
#include "inspection/assign.h"
#include "inspection/draw.h"

namespace weijian::inspection {

struct Recusal {
  std::string inspector;  // certificate number
  std::string target;
  std::string reason;     // conflict | repeat
};

struct DrawInputs {
  std::string plan_id;
  std::array<int, 4> ratios_bp{};  // basis points per grade A–D
  std::int64_t min_total = 0, max_total = 0;
  int inspectors_per_task = 2;
  std::vector<DrawTarget> population;
  std::vector<PoolInspector> pool;
  std::vector<Recusal> recusals;
  std::string commitment;                  // SM3(nonce), published at freeze
  std::string nonce;                       // revealed with the result
  std::vector<std::string> witness_inputs;
};

struct DrawnTask {
  std::string target;
  char grade = 'A';
  std::vector<std::string> inspectors;
};

struct DrawOutcome {
  std::string population_digest, pool_digest, seed, result_digest;
  std::array<std::int64_t, 4> population{}, drawn{};
  std::vector<DrawnTask> tasks;  // in draw order
};

// SM3 over the pool ("cert,path,lead,prior_load") and recusals ("cert,target,reason"), sorted.
std::string pool_digest(std::vector<PoolInspector> pool, std::vector<Recusal> recusals);
Recusals recusal_index(const std::vector<Recusal>& recusals);

// Seed, targets and inspectors. Fails only on inputs a frozen plan cannot have (empty
// population, no nonce, a target that cannot be staffed).
Result<DrawOutcome> run_draw(const DrawInputs& in);

Json to_document(const DrawInputs& in, const DrawOutcome& out, const Json& plan_public);
Result<DrawInputs> inputs_from_document(const Json& doc);

struct VerifyReport {
  bool ok = false;
  std::vector<std::string> checks;  // one Chinese line per check: "✓ …" or "✗ …"
};
// Re-runs a published draw and compares every step with what was published.
VerifyReport verify_document(const Json& doc);

}  // namespace weijian::inspection
