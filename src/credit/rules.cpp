#include "credit/rules.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/json.h"

namespace weijian::credit {
namespace {

constexpr const char* kContextLabels[] = {"医保定点（医保支付资格）", "重点专科申请", "等级评审", "财政资金支持",
                                          "政府采购", "职称晋升与评优", "行政许可申请"};

Error bad_rules(const std::string& file, const std::string& why) {
  return errors::unavailable("信用规则文件“" + file + "”有误：" + why + "。请按 docs/credit.md 修正后重启。");
}

}  // namespace

int context_index(std::string_view context) {
  for (int i = 0; i < kContextCount; ++i)
    if (context == kContexts[i]) return i;
  return -1;
}

const char* context_label(std::string_view context) {
  const int i = context_index(context);
  return i < 0 ? "" : kContextLabels[i];
}

std::uint8_t context_mask(const std::vector<std::string>& contexts) {
  std::uint8_t m = 0;
  for (const auto& c : contexts)
    if (int i = context_index(c); i >= 0) m |= static_cast<std::uint8_t>(1u << i);
  return m;
}

std::string join_contexts(const std::vector<std::string>& contexts) {
  std::string out;
  for (const auto& c : contexts) out += (out.empty() ? "" : ",") + c;
  return out;
}

const Behaviour* CreditRules::behaviour(std::string_view code) const {
  for (const auto& b : behaviours)
    if (b.code == code) return &b;
  return nullptr;
}

const ListTrigger* CreditRules::trigger(std::string_view code) const {
  for (const auto& t : triggers)
    if (t.code == code) return &t;
  return nullptr;
}

CreditRules::Cycle CreditRules::cycle_of(Date d) const {
  const int day_in_start_month = [&](int y) { return std::min(cycle_start_day, days_in_month(y, cycle_start_month)); }(d.year());
  Date start = Date::from_ymd(d.year(), cycle_start_month, day_in_start_month).value();
  if (d < start) start = add_months(start, -12);
  const Date next = add_months(start, 12);
  const bool calendar_year = cycle_start_month == 1 && cycle_start_day == 1;
  return {calendar_year ? std::to_string(start.year()) : start.to_string(), start, next.add_days(-1)};
}

std::string CreditRules::grade_of(int score) const {
  for (const auto& [g, min] : rating.grades)
    if (score >= min) return g;
  return rating.grades.empty() ? "" : rating.grades.back().first;
}

Result<CreditRules> CreditRules::load(const std::string& data_dir) {
  CreditRules r;
  const std::string points_file = data_dir + "/credit/points.csv";
  auto rows = read_data_file(points_file, {{"code"}, {"description"}, {"institution_points"}, {"practitioner_points"}, {"basis"}});
  if (!rows.ok()) return rows.error();
  for (const auto& row : *rows) {
    Behaviour b{row[0], row[1], row[4], 0, 0};
    try {
      b.institution_points = std::stoi(row[2]);
      b.practitioner_points = std::stoi(row[3]);
    } catch (const std::exception&) {
      return bad_rules(points_file, "行为“" + row[0] + "”的分值不是整数");
    }
    if (b.institution_points < 0 || b.practitioner_points < 0 || b.institution_points + b.practitioner_points == 0)
      return bad_rules(points_file, "行为“" + row[0] + "”的分值应为非负整数且不全为 0");
    if (b.basis.empty()) return bad_rules(points_file, "行为“" + row[0] + "”缺少法律依据");
    if (r.behaviour(b.code)) return bad_rules(points_file, "行为代码“" + row[0] + "”重复");
    r.behaviours.push_back(std::move(b));
  }
  const std::string file = data_dir + "/credit/rules.json";
  std::ifstream in(file);
  if (!in) return errors::unavailable("无法读取信用规则文件“" + file + "”：请检查 --data-dir 设置。");
  std::stringstream ss;
  ss << in.rdbuf();
  const Json j = Json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return bad_rules(file, "不是有效的 JSON");
  auto check_contexts = [&](const std::vector<std::string>& cs) -> Status {
    for (const auto& c : cs)
      if (context_index(c) < 0) return bad_rules(file, "未知的限制场景“" + c + "”");
    return {};
  };
  try {
    r.cycle_start_month = j.at("cycle").at("start_month").get<int>();
    r.cycle_start_day = j.at("cycle").at("start_day").get<int>();
    if (r.cycle_start_month < 1 || r.cycle_start_month > 12 || r.cycle_start_day < 1 || r.cycle_start_day > 28)
      return bad_rules(file, "记分周期起始月日应为 1–12 月、1–28 日");
    for (const char* kind : {"institution", "practitioner"}) {
      auto& list = std::string(kind) == "institution" ? r.institution_thresholds : r.practitioner_thresholds;
      for (const Json& t : j.at(std::string(kind) + "_thresholds")) {
        Threshold th;
        th.points = t.at("points").get<int>();
        th.code = t.at("code").get<std::string>();
        th.label = t.at("label").get<std::string>();
        th.until_cycle_end = t.value("until", "") == "cycle_end";
        th.months = t.value("months", 0);
        th.months_if_at_once = t.value("months_if_at_once", 0);
        th.months_min = t.value("months_min", 0);
        th.months_max = t.value("months_max", 0);
        th.contexts = t.at("contexts").get<std::vector<std::string>>();
        th.departments = t.at("departments").get<std::vector<std::string>>();
        th.dishonesty_list = t.value("dishonesty_list", false);
        WJ_TRY(check_contexts(th.contexts));
        if (th.points < 1) return bad_rules(file, "阈值分值应为正整数");
        if (!th.until_cycle_end && th.months < 1 && !(th.months_min >= 1 && th.months_max >= th.months_min))
          return bad_rules(file, "阈值 " + std::to_string(th.points) + " 分缺少期限（until、months 或 months_min/months_max）");
        if (!list.empty() && list.back().points >= th.points) return bad_rules(file, "阈值应按分值升序排列且不重复");
        list.push_back(std::move(th));
      }
    }
    for (const Json& t : j.at("list_triggers")) {
      ListTrigger lt{t.at("code").get<std::string>(), t.at("list").get<std::string>(), t.at("label").get<std::string>(),
                     t.at("severity").get<std::string>(), t.value("responsible_persons", false)};
      if (lt.list != "dishonesty" && lt.list != "honour") return bad_rules(file, "名单类型应为 dishonesty 或 honour");
      if (lt.severity != "serious" && lt.severity != "ordinary") return bad_rules(file, "严重程度应为 serious 或 ordinary");
      r.triggers.push_back(std::move(lt));
    }
    if (!r.trigger("points_top_threshold")) return bad_rules(file, "缺少名单认定情形 points_top_threshold");
    for (const char* sev : {"serious", "ordinary"}) {
      Period& p = std::string(sev) == "serious" ? r.serious : r.ordinary;
      p.min_months = j.at("publication").at(sev).at("min_months").get<int>();
      p.max_months = j.at("publication").at(sev).at("max_months").get<int>();
      if (p.min_months < 1 || p.max_months < p.min_months) return bad_rules(file, "公示期限应满足 1 ≤ 最短 ≤ 最长");
    }
    r.serious_contexts = j.at("list_contexts").at("serious").get<std::vector<std::string>>();
    r.ordinary_contexts = j.at("list_contexts").at("ordinary").get<std::vector<std::string>>();
    WJ_TRY(check_contexts(r.serious_contexts));
    WJ_TRY(check_contexts(r.ordinary_contexts));
    r.publish_within_wd = j.at("working_days").at("publish_within").get<int>();
    r.restoration_review_wd = j.at("working_days").at("restoration_review").get<int>();
    r.notify_within_wd = j.at("working_days").at("notify_within").get<int>();
    const Json& f = j.at("rating");
    r.rating.start = f.at("start").get<int>();
    r.rating.per_point = f.at("per_point").get<int>();
    r.rating.per_penalty = f.at("per_penalty_last_2_years").get<int>();
    r.rating.per_serious = f.at("per_dishonesty_serious").get<int>();
    r.rating.per_ordinary = f.at("per_dishonesty_ordinary").get<int>();
    r.rating.per_honour = f.at("per_honour").get<int>();
    r.rating.max = f.at("max").get<int>();
    for (const Json& g : f.at("grades")) r.rating.grades.emplace_back(g.at("grade").get<std::string>(), g.at("min").get<int>());
    if (r.rating.grades.empty()) return bad_rules(file, "评级档次不能为空");
    for (std::size_t i = 1; i < r.rating.grades.size(); ++i)
      if (r.rating.grades[i].second >= r.rating.grades[i - 1].second) return bad_rules(file, "评级档次应按最低分降序排列");
    const Json& a = j.at("authority");
    r.authority = {a.at("name").get<std::string>(), a.at("credit_code").get<std::string>(), a.at("source_unit").get<std::string>(),
                   a.at("source_unit_code").get<std::string>()};
    r.sanctions_sync_ms = j.value("sanctions_sync_ms", 1000);
    r.sanctions_session_cache_ms = j.value("sanctions_session_cache_ms", 1000);
    if (r.sanctions_sync_ms < 0 || r.sanctions_session_cache_ms < 0) return bad_rules(file, "sanctions_*_ms 不能为负数");
  } catch (const std::exception& e) {
    return bad_rules(file, std::string("缺少字段或类型不对（") + e.what() + "）");
  }
  if (r.institution_thresholds.empty() || r.practitioner_thresholds.empty()) return bad_rules(file, "阈值不能为空");
  return r;
}

}  // namespace weijian::credit
