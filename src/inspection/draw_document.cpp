#include "inspection/draw_document.h"

#include <algorithm>

#include "core/crypto.h"

namespace weijian::inspection {

std::string pool_digest(std::vector<PoolInspector> pool, std::vector<Recusal> recusals) {
  std::sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::sort(recusals.begin(), recusals.end(),
            [](const auto& a, const auto& b) { return std::tie(a.inspector, a.target) < std::tie(b.inspector, b.target); });
  std::string text;
  for (const auto& p : pool)
    text += p.id + "," + p.jurisdiction_path + "," + (p.lead ? "1" : "0") + "," + std::to_string(p.prior_load) + "\n";
  text += "--\n";
  for (const auto& r : recusals) text += r.inspector + "," + r.target + "," + r.reason + "\n";
  return crypto::sm3_hex(text);
}

Recusals recusal_index(const std::vector<Recusal>& recusals) {
  Recusals out;
  for (const auto& r : recusals) out[r.target].insert(r.inspector);
  return out;
}

Result<DrawOutcome> run_draw(const DrawInputs& in) {
  if (in.nonce.empty() || crypto::sm3_hex(in.nonce) != in.commitment)
    return errors::validation("随机数与事先公布的承诺值不符。", {{"nonce", "与承诺值不符"}});
  DrawOutcome out;
  out.population_digest = population_digest(in.population);
  out.pool_digest = pool_digest(in.pool, in.recusals);
  out.seed = derive_seed(in.plan_id, out.population_digest + ":" + out.pool_digest, in.nonce, in.witness_inputs);
  DrawSpec spec;
  spec.seed = out.seed;
  for (std::size_t g = 0; g < 4; ++g) spec.ratios[g] = in.ratios_bp[g] / 10000.0;
  spec.min_total = in.min_total;
  spec.max_total = in.max_total;
  auto drawn = draw(in.population, spec);
  if (!drawn.ok()) return drawn.error();
  out.population = drawn->population;
  out.drawn = drawn->drawn;
  std::vector<AssignTarget> targets;
  targets.reserve(drawn->selected.size());
  for (auto i : drawn->selected_index) targets.push_back({in.population[i].id, in.population[i].jurisdiction_path});
  auto assigned = assign_inspectors(targets, in.pool, recusal_index(in.recusals), out.seed, in.inspectors_per_task);
  if (!assigned.ok()) return assigned.error();
  std::string result_text;
  for (std::size_t k = 0; k < assigned->size(); ++k) {
    auto& a = (*assigned)[k];
    DrawnTask t{a.target_id, in.population[drawn->selected_index[k]].grade, std::move(a.inspectors)};
    result_text += t.target;
    for (const auto& i : t.inspectors) result_text += "," + i;
    result_text += "\n";
    out.tasks.push_back(std::move(t));
  }
  out.result_digest = crypto::sm3_hex(result_text);
  return out;
}

Json to_document(const DrawInputs& in, const DrawOutcome& out, const Json& plan_public) {
  Json pop = Json::array();
  std::vector<const DrawTarget*> sorted;
  for (const auto& t : in.population) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(), [](auto a, auto b) { return a->id < b->id; });
  for (const auto* t : sorted)
    pop.push_back({{"id", t->id}, {"grade", std::string(1, t->grade)}, {"weight", t->weight}, {"path", t->jurisdiction_path}});
  Json pool = Json::array();
  for (const auto& p : in.pool) pool.push_back({{"id", p.id}, {"path", p.jurisdiction_path}, {"lead", p.lead}, {"prior_load", p.prior_load}});
  Json rec = Json::array();
  for (const auto& r : in.recusals) rec.push_back({{"inspector", r.inspector}, {"target", r.target}, {"reason", r.reason}});
  Json tasks = Json::array();
  for (const auto& t : out.tasks) tasks.push_back({{"target", t.target}, {"grade", std::string(1, t.grade)}, {"inspectors", t.inspectors}});
  return {{"format", "weijian-draw/1"},
          {"plan", plan_public},
          {"plan_id", in.plan_id},
          {"ratios_bp", in.ratios_bp},
          {"min_total", in.min_total},
          {"max_total", in.max_total == INT64_MAX ? Json(nullptr) : Json(in.max_total)},  // null: no maximum
          {"inspectors_per_task", in.inspectors_per_task},
          {"population", pop},
          {"population_digest", out.population_digest},
          {"pool", pool},
          {"recusals", rec},
          {"pool_digest", out.pool_digest},
          {"commitment", in.commitment},
          {"witness_inputs", in.witness_inputs},
          {"nonce", in.nonce},
          {"seed", out.seed},
          {"result", {{"drawn", out.drawn}, {"tasks", tasks}}},
          {"result_digest", out.result_digest}};
}

Result<DrawInputs> inputs_from_document(const Json& doc) {
  DrawInputs in;
  try {
    if (doc.at("format").get<std::string>() != "weijian-draw/1")
      return errors::bad_request("不认识的抽取公示格式：应为 weijian-draw/1。");
    in.plan_id = doc.at("plan_id").get<std::string>();
    in.ratios_bp = doc.at("ratios_bp").get<std::array<int, 4>>();
    in.min_total = doc.at("min_total").get<std::int64_t>();
    in.max_total = doc.at("max_total").is_null() ? INT64_MAX : doc.at("max_total").get<std::int64_t>();
    in.inspectors_per_task = doc.at("inspectors_per_task").get<int>();
    for (const auto& t : doc.at("population")) {
      const auto g = t.at("grade").get<std::string>();
      in.population.push_back({t.at("id").get<std::string>(), g.empty() ? '?' : g[0], t.at("weight").get<double>(),
                               t.at("path").get<std::string>()});
    }
    for (const auto& p : doc.at("pool"))
      in.pool.push_back({p.at("id").get<std::string>(), p.at("path").get<std::string>(), p.at("lead").get<bool>(),
                         p.at("prior_load").get<std::int64_t>()});
    for (const auto& r : doc.at("recusals"))
      in.recusals.push_back({r.at("inspector").get<std::string>(), r.at("target").get<std::string>(), r.at("reason").get<std::string>()});
    in.commitment = doc.at("commitment").get<std::string>();
    in.witness_inputs = doc.at("witness_inputs").get<std::vector<std::string>>();
    in.nonce = doc.value("nonce", Json("")).is_string() ? doc.value("nonce", std::string()) : std::string();
  } catch (const std::exception& e) {
    return errors::bad_request(std::string("抽取公示文件缺少字段或类型不对：") + e.what());
  }
  return in;
}

VerifyReport verify_document(const Json& doc) {
  VerifyReport rep;
  auto check = [&](bool ok, const std::string& what) {
    rep.checks.push_back((ok ? "✓ " : "✗ ") + what);
    return ok;
  };
  auto in = inputs_from_document(doc);
  if (!in.ok()) {
    check(false, in.error().detail);
    return rep;
  }
  bool all = true;
  all &= check(!in->nonce.empty(), "已公布抽取随机数（抽取完成后公布）");
  all &= check(crypto::sm3_hex(in->nonce) == in->commitment, "随机数的 SM3 与冻结时公布的承诺值一致");
  const std::string pd = population_digest(in->population);
  all &= check(pd == doc.value("population_digest", ""), "对象库快照摘要一致（" + std::to_string(in->population.size()) + "个对象）");
  all &= check(pool_digest(in->pool, in->recusals) == doc.value("pool_digest", ""),
               "执法人员库与回避清单摘要一致（" + std::to_string(in->pool.size()) + "名人员，" + std::to_string(in->recusals.size()) + "对回避）");
  if (!all) return rep;
  auto out = run_draw(*in);
  if (!out.ok()) {
    check(false, "重新抽取失败：" + out.error().detail);
    return rep;
  }
  all &= check(out->seed == doc.value("seed", ""), "种子 = SM3(计划, 快照摘要, 随机数, 见证人输入) 一致");
  all &= check(out->result_digest == doc.value("result_digest", ""), "结果摘要一致");
  bool same = doc.contains("result") && doc["result"].contains("tasks") && doc["result"]["tasks"].size() == out->tasks.size();
  for (std::size_t i = 0; same && i < out->tasks.size(); ++i) {
    const Json& t = doc["result"]["tasks"][i];
    same = t.value("target", "") == out->tasks[i].target && t.value("inspectors", Json::array()) == Json(out->tasks[i].inspectors);
  }
  all &= check(same, "逐条复现抽中对象与执法人员（" + std::to_string(out->tasks.size()) + "个任务）");
  std::string recusal_ok = "✓";
  const auto index = recusal_index(in->recusals);
  for (const auto& t : out->tasks)
    if (auto it = index.find(t.target); it != index.end())
      for (const auto& i : t.inspectors)
        if (it->second.count(i)) recusal_ok = "✗";
  all &= check(recusal_ok == "✓", "没有任何任务违反回避");
  rep.ok = all;
  return rep;
}

}  // namespace weijian::inspection
