#include "inspection/draw.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/crypto.h"

namespace weijian::inspection {
namespace {

int grade_index(char g) {
  for (std::size_t i = 0; i < kGrades.size(); ++i)
    if (kGrades[i] == g) return static_cast<int>(i);
  return -1;
}

std::string length_prefixed(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += std::to_string(p.size()) + ":" + p + ";";
  return out;
}

struct Keyed {
  double key;  // log(u) / w: larger is drawn first
  std::uint32_t index;
};

}  // namespace

std::string population_digest(std::vector<DrawTarget> population) {
  std::sort(population.begin(), population.end(), [](const DrawTarget& a, const DrawTarget& b) { return a.id < b.id; });
  std::string text;
  text.reserve(population.size() * 24);
  char w[32];
  for (const auto& t : population) {
    std::snprintf(w, sizeof w, "%.6f", t.weight);
    text += t.id + "," + t.grade + "," + w + "," + t.jurisdiction_path + "\n";
  }
  return crypto::sm3_hex(text);
}

std::string derive_seed(const std::string& plan_id, const std::string& inputs_digest, const std::string& nonce,
                        const std::vector<std::string>& witness_inputs) {
  std::vector<std::string> parts = {"weijian-draw-seed", plan_id, inputs_digest, nonce};
  parts.insert(parts.end(), witness_inputs.begin(), witness_inputs.end());
  return crypto::sm3_hex(length_prefixed(parts));
}

std::array<std::int64_t, 4> quotas(const std::array<std::int64_t, 4>& population, const DrawSpec& spec) {
  std::array<std::int64_t, 4> q{};
  std::int64_t total = 0;
  for (std::size_t g = 0; g < 4; ++g) {
    // A tiny tolerance keeps 0.3 × 10 at 3 although 0.3 × 10 is 3.0000000000000004 in binary.
    q[g] = std::min(population[g], static_cast<std::int64_t>(std::ceil(spec.ratios[g] * static_cast<double>(population[g]) - 1e-9)));
    total += q[g];
  }
  for (std::size_t g = 0; g < 4 && total > spec.max_total; ++g) {  // A first: low risk gives up first
    const std::int64_t cut = std::min(q[g], total - spec.max_total);
    q[g] -= cut;
    total -= cut;
  }
  for (int g = 3; g >= 0 && total < spec.min_total; --g) {  // D first: high risk is raised first
    const std::int64_t add = std::min(population[static_cast<std::size_t>(g)] - q[static_cast<std::size_t>(g)], spec.min_total - total);
    q[static_cast<std::size_t>(g)] += add;
    total += add;
  }
  return q;
}

Result<DrawResult> draw(const std::vector<DrawTarget>& population, const DrawSpec& spec) {
  if (population.empty()) return errors::validation("抽查对象为空：请检查计划的对象范围（类别、辖区等）后再抽取。", {{"population", "为空"}});
  if (spec.seed.empty()) return errors::validation("缺少抽取种子。", {{"seed", "必填"}});
  for (double r : spec.ratios)
    if (!(r >= 0 && r <= 1)) return errors::validation("各风险等级的抽取比例应在 0 到 100% 之间。", {{"ratios", "超出范围"}});
  if (spec.min_total > spec.max_total) return errors::validation("最少抽取数不能大于最多抽取数。", {{"min_total", "大于最多抽取数"}});
  DrawResult result;
  for (const auto& t : population) {
    const int g = grade_index(t.grade);
    if (g < 0) return errors::validation("对象“" + t.id + "”的风险等级应为 A、B、C 或 D。", {{"grade", "无效"}});
    if (!(t.weight > 0)) return errors::validation("对象“" + t.id + "”的权重应大于 0。", {{"weight", "无效"}});
    ++result.population[static_cast<std::size_t>(g)];
  }
  // Keys: SM3(seed ‖ id) → u in (0, 1) → log(u)/w. Hashing dominates: split it across cores.
  std::vector<Keyed> keyed(population.size());
  const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  auto work = [&](std::size_t begin, std::size_t end) {
    std::string msg = spec.seed;
    const std::size_t head = msg.size();
    for (std::size_t i = begin; i < end; ++i) {
      msg.resize(head);
      msg += population[i].id;
      const auto d = crypto::sm3(msg);
      std::uint64_t x = 0;
      for (int b = 0; b < 8; ++b) x = (x << 8) | d[static_cast<std::size_t>(b)];
      const double u = (static_cast<double>(x >> 11) + 0.5) / 9007199254740992.0;  // 53 bits, never 0 or 1
      keyed[i] = {std::log(u) / population[i].weight, static_cast<std::uint32_t>(i)};
    }
  };
  std::vector<std::thread> pool;
  const std::size_t chunk = (population.size() + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    const std::size_t b = std::min(population.size(), t * chunk), e = std::min(population.size(), (t + 1) * chunk);
    if (b < e) pool.emplace_back(work, b, e);
  }
  work(0, std::min(population.size(), chunk));
  for (auto& th : pool) th.join();

  const auto q = quotas(result.population, spec);
  std::array<std::vector<Keyed>, 4> by_grade;
  for (std::size_t g = 0; g < 4; ++g) by_grade[g].reserve(static_cast<std::size_t>(result.population[g]));
  for (const auto& k : keyed) by_grade[static_cast<std::size_t>(grade_index(population[k.index].grade))].push_back(k);
  // Larger key first; ties (never seen in practice) broken by id so the order is total.
  auto before = [&](const Keyed& a, const Keyed& b) {
    if (a.key != b.key) return a.key > b.key;
    return population[a.index].id < population[b.index].id;
  };
  for (int g = 3; g >= 0; --g) {
    auto& v = by_grade[static_cast<std::size_t>(g)];
    const auto n = static_cast<std::size_t>(q[static_cast<std::size_t>(g)]);
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), v.end(), before);
    for (std::size_t i = 0; i < n; ++i) {
      result.selected.push_back(population[v[i].index].id);
      result.selected_index.push_back(v[i].index);
    }
    result.drawn[static_cast<std::size_t>(g)] = static_cast<std::int64_t>(n);
  }
  return result;
}

}  // namespace weijian::inspection
