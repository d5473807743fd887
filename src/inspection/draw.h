#pragma once
// The double-random draw (双随机): a reproducible, verifiable random selection of targets.
// Each target's key comes from SM3(seed ‖ target id), so the result depends only on the seed
// and the population, never on storage order, and anyone holding the published inputs can
// re-run it. Within each risk grade targets are drawn by weighted sampling without
// replacement (Efraimidis–Spirakis: the k largest log(u)/w), u uniform from the digest.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace weijian::inspection {

constexpr std::array<char, 4> kGrades = {'A', 'B', 'C', 'D'};  // A low risk … D high risk

struct DrawTarget {
  std::string id;       // stable public identifier (e.g. the credit code)
  char grade = 'A';     // risk grade A–D
  double weight = 1.0;  // > 0; 1 for every target unless the plan weights them
  std::string jurisdiction_path;  // where it is ("/1/4/17/"): decides which inspectors may go
};

struct DrawSpec {
  std::string seed;                       // bytes; fixed after the population was frozen
  std::array<double, 4> ratios{};         // per grade A–D, 0–1
  std::int64_t min_total = 0;             // raise to this many (high-risk grades first)
  std::int64_t max_total = INT64_MAX;     // cap at this many (low-risk grades give up first)
};

struct DrawResult {
  std::vector<std::string> selected;          // ids, by grade D…A then by key
  std::vector<std::uint32_t> selected_index;  // the same, as indexes into the population
  std::array<std::int64_t, 4> population{};   // per grade
  std::array<std::int64_t, 4> drawn{};        // per grade
};

// SM3 over the population sorted by id ("id,grade,weight,path\n" lines): what is frozen and
// published before the draw.
std::string population_digest(std::vector<DrawTarget> population);

// How many to draw per grade: ceil(ratio × N), then adjusted to [min_total, max_total].
std::array<std::int64_t, 4> quotas(const std::array<std::int64_t, 4>& population, const DrawSpec& spec);

Result<DrawResult> draw(const std::vector<DrawTarget>& population, const DrawSpec& spec);

// The seed nobody controls alone: SM3 over the plan id, the frozen inputs' digest, the
// organiser's nonce (committed to as SM3(nonce) before the witnesses speak, revealed after
// the draw) and every witness's input, length-prefixed so no field runs into the next.
std::string derive_seed(const std::string& plan_id, const std::string& inputs_digest, const std::string& nonce,
                        const std::vector<std::string>& witness_inputs);

}  // namespace weijian::inspection
