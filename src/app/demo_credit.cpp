#include "app/demo_credit.h"

#include <algorithm>

namespace weijian::app {

using identity::Principal;

Result<DemoCreditCounts> load_demo_credit(store::Db& db, const registry::Directory& directory, const identity::Org& org,
                                          enforcement::PenaltyRegister& penalties, credit::CreditService& credit) {
  DemoCreditCounts n;
  const Principal sys = Principal::system();
  // Hospitals, then clinics, of the first district in id order; practitioners of the first hospital.
  std::vector<registry::InstitutionRecord> inst;
  std::vector<std::string> people;
  {
    WJ_ASSIGN_OR_RETURN(auto lease, db.acquire());
    WJ_ASSIGN_OR_RETURN(auto jurisdictions, org.jurisdictions(*lease));
    const identity::Jurisdiction* district = nullptr;
    for (const auto& j : jurisdictions)
      if (j.level == "district" && (!district || j.id < district->id)) district = &j;
    if (district) {
      WJ_ASSIGN_OR_RETURN(auto all, directory.institutions(*lease, store::Scope{false, district->path}));
      for (auto& i : all)
        if ((i.category == "hospital" || i.category == "clinic") && i.status == "active") inst.push_back(std::move(i));
      std::stable_sort(inst.begin(), inst.end(), [](const auto& a, const auto& b) {
        return (a.category == "hospital" ? 0 : 1) < (b.category == "hospital" ? 0 : 1);
      });
      if (inst.size() > 12) inst.resize(12);
    }
    if (inst.size() < 12) return errors::internal("演示名录中的机构不足，无法生成信用演示数据。");
    WJ_ASSIGN_OR_RETURN(auto staff, directory.practitioners_of(*lease, inst[0].id));
    for (const auto& p : staff)
      if (p.status == "registered" && people.size() < 6) people.push_back(p.id_number);
    if (people.size() < 6) return errors::internal("演示名录中的医务人员不足，无法生成信用演示数据。");
  }
  auto code = [&](std::size_t i) { return inst.at(i).credit_code; };
  auto person = [&](std::size_t i) { return people.at(i); };

  struct Pen {
    std::string subject, no, type, category, content, on;
    std::int64_t fine_fen;
    std::vector<std::string> behaviours;  // points assessed from it
  };
  const std::vector<Pen> pens = {
      {code(2), "示卫医罚〔2026〕1号", "超范围执业", "罚款", "罚款人民币1万元", "2026-02-03", 1000000, {"B09"}},
      {code(2), "示卫医罚〔2026〕5号", "病历书写不规范", "警告", "警告", "2026-04-14", 0, {"B05"}},
      {code(1), "示卫医罚〔2026〕2号", "伪造医疗文书骗取医保基金", "罚款", "罚款人民币5万元，没收违法所得", "2026-02-10", 5000000, {"B12"}},
      {code(1), "示卫医罚〔2026〕6号", "使用非卫生技术人员", "罚款", "罚款人民币3万元", "2026-05-12", 3000000, {"B02"}},
      {code(1), "示卫医罚〔2026〕9号", "病历书写不规范", "警告", "警告", "2026-06-16", 0, {"B05"}},
      {code(3), "示卫医罚〔2026〕3号", "医疗废物未分类收集", "罚款", "罚款人民币5千元", "2026-03-03", 500000, {"B06"}},
      {code(4), "示卫医罚〔2026〕4号", "违规发布医疗广告", "警告", "警告", "2026-03-17", 0, {"B15"}},
      {code(5), "示卫医罚〔2026〕7号", "未按规定报告传染病疫情", "罚款", "罚款人民币2万元", "2026-05-19", 2000000, {"B08"}},
      {person(0), "示卫医罚〔2026〕8号", "伪造医疗文书骗取医保基金", "罚款", "罚款人民币2万元，暂停执业活动六个月", "2026-06-02", 2000000, {"B12"}},
      {person(1), "示卫医罚〔2026〕10号", "出具虚假医学证明文件", "罚款", "罚款人民币1万元", "2026-07-07", 1000000, {"B04"}},
      {person(1), "示卫医罚〔2026〕11号", "违反医疗技术临床应用管理规定", "警告", "警告", "2026-08-04", 0, {"B07"}},
      {person(1), "示卫医罚〔2026〕12号", "违规收费", "警告", "警告", "2026-09-01", 0, {"B10"}},
      {code(6), "示卫医罚〔2026〕13号", "未按规定校验执业许可证", "罚款", "罚款人民币3千元", "2026-09-08", 300000, {"B01"}},
  };
  for (const auto& p : pens) {
    auto r = penalties.record(sys, {{"subject_code", p.subject}, {"decision_no", p.no}, {"violation_type", p.type},
                                    {"facts", "经现场检查核实：" + p.type + "。"}, {"basis", "《医疗机构管理条例》及相关规定"},
                                    {"category", p.category}, {"content", p.content}, {"fine_fen", p.fine_fen}, {"decision_date", p.on}});
    if (!r.ok()) return r.error();
    ++n.penalties;
    for (const auto& b : p.behaviours) {
      auto a = credit.assess(sys, {{"subject_code", p.subject}, {"behaviour_code", b}, {"source_kind", "penalty"}, {"source_ref", p.no},
                                   {"assessed_on", p.on}, {"note", "依据处罚决定记分"}});
      if (!a.ok()) return a.error();
      ++n.points;
    }
  }
  // Revoked on review: its points are withdrawn.
  auto listed = penalties.list(sys, {"", code(6), 1, 1});
  if (!listed.ok()) return listed.error();
  auto rev = penalties.revoke(sys, listed->items.at(0).id,
                              {{"revocation_decision_no", "示卫复决〔2026〕1号"}, {"reason", "行政复议认定事实不清，撤销原处罚决定"},
                               {"revoked_on", "2026-10-13"}});
  if (!rev.ok()) return rev.error();
  WJ_TRY(credit.flush_pending());

  struct Entry {
    std::string subject, trigger, basis, starts;
    int months;
    std::vector<std::string> persons;
  };
  const std::vector<Entry> entries = {
      {code(0), "medical_fraud", "经查实存在虚构诊疗项目、套取医保基金的医疗欺诈行为（示卫医罚〔2026〕2号关联案件）", "2026-03-02", 24,
       {person(2), person(3)}},
      {code(7), "illegal_practice", "未取得《医疗机构执业许可证》擅自执业（示卫医罚〔2025〕31号）", "2025-08-11", 36, {}},
      {code(8), "serious_penalty", "受到较重行政处罚：罚款人民币5万元（示卫医罚〔2025〕40号）", "2025-10-20", 12, {}},
      {code(9), "serious_penalty", "受到较重行政处罚：罚款人民币3万元（示卫医罚〔2026〕0号）", "2026-01-12", 12, {}},
      {code(10), "commendation", "2025年度示范市卫生健康系统先进集体", "2026-02-01", 12, {}},
      {code(11), "no_points_two_cycles", "2024、2025两个记分周期无不良执业行为记分且无行政处罚", "2026-01-05", 12, {}},
  };
  std::vector<std::int64_t> ids;
  for (const auto& e : entries) {
    Json body = {{"subject_code", e.subject}, {"trigger_code", e.trigger}, {"basis", e.basis}, {"starts_on", e.starts},
                 {"publication_months", e.months}};
    if (!e.persons.empty()) body["responsible_persons"] = e.persons;
    auto r = credit.create_entry(sys, body);
    if (!r.ok()) return r.error();
    ids.push_back((*r)["id"]);
  }
  auto decided = credit.apply_restoration(sys, ids[2], {{"applicant", "法定代表人"}, {"obligations", "罚款已于2025-11-03缴清，违法行为已整改"},
                                                        {"commitment", "已签署信用修复承诺书"}, {"applied_on", "2026-02-02"}});
  if (!decided.ok()) return decided.error();
  auto ok = credit.decide_restoration(sys, (*decided)["id"], {{"decision", "approve"}, {"reason", "最短公示期已满，处罚义务已履行，整改到位"}});
  if (!ok.ok()) return ok.error();
  auto pending = credit.apply_restoration(sys, ids[3], {{"applicant", "法定代表人"}, {"obligations", "罚款已缴清并提交整改报告"},
                                                        {"commitment", "已签署信用修复承诺书"}, {"applied_on", "2026-04-20"}});
  if (!pending.ok()) return pending.error();
  n.restorations = 2;
  // Including the entries the thresholds added by themselves.
  credit::CreditFilter all;
  all.page_size = 1;
  WJ_ASSIGN_OR_RETURN(auto total, credit.list_entries(sys, all));
  n.entries = static_cast<int>(total.total);
  return n;
}

}  // namespace weijian::app
