#include "credit/service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "credit/json.h"
#include "identity/service.h"
#include "registry/identifiers.h"
#include "registry/service.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace weijian::credit {
namespace {

const Date kDay = Date::parse("2026-05-06").value();

using identity::Principal;

std::string source_dir() {
  const char* d = std::getenv("WEIJIAN_SOURCE_DIR");
  return d ? d : ".";
}

Json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

// A city with one district; institutions and practitioners are added per case.
class CreditServiceTest : public store::testing_support::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (!db_) return;
    ASSERT_TRUE(store::migrate(*db_, store::embedded_migrations()).ok());
    // The city (id 1, path /1/) and the departments, through identity's own seeding.
    identity::IdentityService ids(*db_, crypto::SecretBox::from_key(std::string(48, 'k')), identity::SecurityPolicy{});
    ASSERT_TRUE(ids.seed(source_dir() + "/data", "330300", "示范市").ok());
    auto registry_rules = registry::RegistryRules::load(source_dir() + "/data/registry/rules.json");
    ASSERT_TRUE(registry_rules.ok()) << registry_rules.error().detail;
    registry_.emplace(*db_, *registry_rules);
    auto cal = WorkingCalendar::load(source_dir() + "/data/calendar");
    ASSERT_TRUE(cal.ok()) << cal.error().detail;
    calendar_.emplace(std::move(cal.value()));
    auto rules = CreditRules::load(source_dir() + "/data");
    ASSERT_TRUE(rules.ok()) << rules.error().detail;
    penalties_ = std::make_unique<enforcement::PenaltyRegister>(*db_, directory_, enforcement::PenaltyAuthority{"卫健委", "113303000025468313", "卫健委", "113303000025468313"});
    svc_ = std::make_unique<CreditService>(*db_, directory_, org_, *rules, *calendar_, *penalties_);
    // Cases are dated in 2026 and ask about kDay, whatever today is.
    svc_->index().set_horizon(Date::parse("2026-01-01").value());
    ASSERT_TRUE(svc_->start().ok());
  }
  // A fresh subject of the kind, registered through the registry's API; returns its code.
  std::string add_subject(const std::string& kind) {
    const int n = ++subjects_;
    if (kind == "institution") return add_institution(n, "测试医院" + std::to_string(n));
    // Practitioners are registered at one host institution.
    if (host_ == 0) {
      const std::string host = add_institution(9999999, "执业机构");
      auto lease = db_->acquire();
      EXPECT_TRUE(lease.ok());
      auto s = directory_.subject(**lease, host);
      host_ = s.ok() && *s ? (*s)->id : -1;
    }
    char body[32];
    std::snprintf(body, sizeof body, "33030219800715%03d", n);
    const std::string code = registry::make_id_number(body);
    auto r = registry_->register_practitioner(Principal::system(), {{"id_number", code}, {"name", "医师" + std::to_string(n)}, {"kind", "physician"},
                                                                    {"qualification_no", "Q"}, {"practice_category", "临床"},
                                                                    {"practice_scope", "内科"}, {"institution_id", host_},
                                                                    {"registered_on", "2020-01-02"}});
    EXPECT_TRUE(r.ok()) << r.error().detail;
    return code;
  }
  std::string add_institution(int n, const std::string& name) {
    char body[32];
    std::snprintf(body, sizeof body, "12330300MA%07d", n);
    const std::string code = registry::make_credit_code(body);
    auto r = registry_->create_institution(Principal::system(), {{"credit_code", code}, {"name", name}, {"category", "hospital"},
                                                                 {"ownership", "public"}, {"profit_type", "non_profit"}, {"address", "路1号"},
                                                                 {"jurisdiction_id", 1}, {"legal_representative", "甲"},
                                                                 {"person_in_charge", "乙"}, {"beds", 10}});
    EXPECT_TRUE(r.ok()) << r.error().detail;
    return code;
  }
  Result<enforcement::PenaltyDecision> penalty(const std::string& code, const std::string& no, const std::string& on) {
    return penalties_->record(Principal::system(), {{"subject_code", code}, {"decision_no", no}, {"violation_type", "违规执业"},
                                                    {"facts", "检查发现"}, {"basis", "《医疗机构管理条例》"}, {"category", "罚款"},
                                                    {"content", "罚款五千元"}, {"fine_fen", 500000}, {"decision_date", on}});
  }
  std::optional<WorkingCalendar> calendar_;
  std::optional<registry::RegistryService> registry_;
  std::int64_t host_ = 0;
  registry::Directory directory_;
  identity::Org org_;
  std::unique_ptr<enforcement::PenaltyRegister> penalties_;
  std::unique_ptr<CreditService> svc_;
  int subjects_ = 0;
};

// Threshold rules as data: each file in testdata/thresholds is a sequence of assessments
// (each from its own penalty decision) and the consequences expected afterwards.
TEST_P(CreditServiceTest, ThresholdCasesFromData) {
  const auto dir = std::filesystem::path(source_dir()) / "src/credit/testdata/thresholds";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 12u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const Json c = read_json(file);
    const std::string code = add_subject(c["subject"]);
    std::vector<std::int64_t> penalty_ids;
    int n = 0;
    for (const auto& a : c["assessments"]) {
      const std::string no = "卫罚〔" + file.stem().string() + "〕" + std::to_string(++n) + "号";
      auto pen = penalty(code, no, a["on"]);
      ASSERT_TRUE(pen.ok()) << pen.error().detail;
      penalty_ids.push_back(pen->id);
      auto r = svc_->assess(Principal::system(), {{"subject_code", code}, {"behaviour_code", a["behaviour"]}, {"source_kind", "penalty"},
                                                  {"source_ref", no}, {"assessed_on", a["on"]}});
      ASSERT_TRUE(r.ok()) << r.error().detail;
    }
    for (const auto& idx : c.value("revoke", Json::array())) {
      auto r = penalties_->revoke(Principal::system(), penalty_ids.at(idx.get<std::size_t>()),
                                  {{"revocation_decision_no", "撤销" + std::to_string(idx.get<int>())}, {"reason", "复议撤销"},
                                   {"revoked_on", "2026-05-06"}});
      ASSERT_TRUE(r.ok()) << r.error().detail;
      ASSERT_TRUE(svc_->flush_pending().ok());
    }
    CreditFilter f;
    f.subject_code = code;
    f.status = "active";
    f.page_size = 100;
    auto got = svc_->list_consequences(Principal::system(), f);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    const Json rendered = store::page_json(*got, [](const ConsequenceView& v) { return to_json(v); });
    std::vector<Json> items(rendered["items"].begin(), rendered["items"].end());
    std::sort(items.begin(), items.end(), [](const Json& a, const Json& b) { return a["threshold_points"] < b["threshold_points"]; });
    ASSERT_EQ(items.size(), c["expect"].size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Json& want = c["expect"][i];
      EXPECT_EQ(items[i]["code"], want["code"]);
      EXPECT_EQ(items[i]["threshold_points"], want["threshold"]);
      EXPECT_EQ(items[i]["total_at_crossing"], want["total"]);
      EXPECT_EQ(items[i]["starts_on"], want["starts_on"]);
      EXPECT_EQ(items[i]["ends_on"], want["ends_on"]);
      if (want.contains("departments")) {
        std::vector<std::string> depts;
        for (const auto& n2 : items[i]["notifications"]) depts.push_back(n2["department_code"]);
        EXPECT_EQ(Json(depts), want["departments"]);
      }
      if (want.contains("notify_by")) {
        EXPECT_EQ(items[i]["notifications"][0]["due_on"], want["notify_by"]);
      }
    }
    if (c.contains("expect_withdrawn")) {
      f.status = "withdrawn";
      auto w = svc_->list_consequences(Principal::system(), f);
      ASSERT_TRUE(w.ok());
      EXPECT_EQ(w->total, c["expect_withdrawn"].get<std::int64_t>());
    }
    if (c.contains("expect_list_entries")) {
      CreditFilter lf;
      lf.subject_code = code;
      lf.status = "active";
      auto l = svc_->list_entries(Principal::system(), lf);
      ASSERT_TRUE(l.ok());
      EXPECT_EQ(l->total, c["expect_list_entries"].get<std::int64_t>());
    }
    const Json restricted = c.value("restricted", Json::object());
    for (const auto& [context, want] : restricted.items()) {
      auto s = svc_->sanctions(code, context, kDay);
      ASSERT_TRUE(s.ok()) << s.error().detail;
      EXPECT_EQ((*s)["restricted"], want) << context;
    }
  }
}

TEST_P(CreditServiceTest, PointsNeedAnExistingUnrevokedSourceOfTheSameSubject) {
  const std::string a = add_subject("institution"), b = add_subject("institution");
  ASSERT_TRUE(penalty(a, "卫罚〔2026〕1号", "2026-03-02").ok());
  auto missing = svc_->assess(Principal::system(), {{"subject_code", a}, {"behaviour_code", "B01"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::invalid);
  EXPECT_NE(missing.error().detail.find("来源记录"), std::string::npos);
  auto unknown = svc_->assess(Principal::system(), {{"subject_code", a}, {"behaviour_code", "B01"}, {"source_kind", "penalty"},
                                                    {"source_ref", "卫罚〔2026〕99号"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().errors.at(0).field, "source_ref");
  auto other = svc_->assess(Principal::system(), {{"subject_code", b}, {"behaviour_code", "B01"}, {"source_kind", "penalty"},
                                                  {"source_ref", "卫罚〔2026〕1号"}});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().errors.at(0).message, "当事人不一致");
  auto inspection = svc_->assess(Principal::system(), {{"subject_code", a}, {"behaviour_code", "B01"},
                                                       {"source_kind", "inspection_finding"}, {"source_ref", "F-1"}});
  ASSERT_FALSE(inspection.ok());
  EXPECT_NE(inspection.error().errors.at(0).message.find("暂不可用"), std::string::npos);
  // Once the inspection module registers its resolver, the same kind is accepted.
  svc_->register_source("inspection_finding", "检查发现", [](store::Conn&, const std::string& ref, const registry::Subject&) -> Status {
    if (ref != "F-1") return errors::validation("检查发现不存在", {{"source_ref", "不存在"}});
    return {};
  });
  auto ok = svc_->assess(Principal::system(), {{"subject_code", a}, {"behaviour_code", "B01"},
                                               {"source_kind", "inspection_finding"}, {"source_ref", "F-1"}, {"assessed_on", "2026-03-03"}});
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ((*ok)["points"], 4);
  auto twice = svc_->assess(Principal::system(), {{"subject_code", a}, {"behaviour_code", "B01"},
                                                  {"source_kind", "inspection_finding"}, {"source_ref", "F-1"}});
  EXPECT_FALSE(twice.ok());
  auto not_for_person = svc_->assess(Principal::system(), {{"subject_code", add_subject("practitioner")}, {"behaviour_code", "B01"},
                                                           {"source_kind", "inspection_finding"}, {"source_ref", "F-1"}});
  ASSERT_FALSE(not_for_person.ok());
  EXPECT_EQ(not_for_person.error().errors.at(0).field, "behaviour_code");
}

TEST_P(CreditServiceTest, ListEntriesNeedABasisAndRestorationWaitsForTheMinimumPeriod) {
  const std::string code = add_subject("institution");
  auto no_basis = svc_->create_entry(Principal::system(), {{"subject_code", code}, {"trigger_code", "illegal_practice"}});
  ASSERT_FALSE(no_basis.ok());
  EXPECT_EQ(no_basis.error().errors.at(0).field, "basis");
  auto bad_period = svc_->create_entry(Principal::system(), {{"subject_code", code}, {"trigger_code", "illegal_practice"},
                                                             {"basis", "非法行医"}, {"publication_months", 6}});
  ASSERT_FALSE(bad_period.ok());
  EXPECT_EQ(bad_period.error().errors.at(0).field, "publication_months");
  // A serious entry begun on 2026-06-01: minimum period 12 months, maximum 36.
  auto e = svc_->create_entry(Principal::system(), {{"subject_code", code}, {"trigger_code", "illegal_practice"},
                                                    {"basis", "卫罚〔2026〕7号认定非法行医"}, {"starts_on", "2026-06-01"}});
  ASSERT_TRUE(e.ok()) << e.error().detail;
  EXPECT_EQ((*e)["min_ends_on"], "2027-05-31");
  EXPECT_EQ((*e)["ends_on"], "2029-05-31");
  EXPECT_EQ((*e)["publish_by"], "2026-06-10");  // 7 working days; 端午 2026-06-19 is later
  auto s = svc_->sanctions(code, "procurement", Date::parse("2026-11-20").value());
  ASSERT_TRUE(s.ok());
  // The route's hand-written JSON says exactly what the Json answer says.
  auto text = svc_->sanctions_text(code, "procurement");
  ASSERT_TRUE(text.ok());
  Json same = *svc_->sanctions(code, "procurement");
  EXPECT_EQ(Json::parse(*text), same);
  EXPECT_EQ(*text, same.dump());
  EXPECT_EQ(Json::parse(*svc_->sanctions_text(add_subject("practitioner"), "promotion"))["restricted"], false);
  EXPECT_TRUE((*s)["restricted"]);
  EXPECT_EQ((*s)["until"], "2029-05-31");
  auto early = svc_->apply_restoration(Principal::system(), (*e)["id"],
                                       {{"applicant", "甲"}, {"obligations", "已缴清罚款"}, {"commitment", "信用承诺书"},
                                        {"applied_on", "2026-11-20"}});
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.error().detail.find("2027-05-31"), std::string::npos);
  // An ordinary entry whose minimum period (3 months) has passed: apply, review within 10 working days, approve.
  auto o = svc_->create_entry(Principal::system(), {{"subject_code", code}, {"trigger_code", "serious_penalty"},
                                                    {"basis", "较重行政处罚"}, {"starts_on", "2026-01-05"}, {"publication_months", 12}});
  ASSERT_TRUE(o.ok()) << o.error().detail;
  auto app = svc_->apply_restoration(Principal::system(), (*o)["id"], {{"applicant", "甲"}, {"obligations", "已缴清罚款"},
                                                                     {"commitment", "信用承诺书"}, {"applied_on", "2026-09-25"}});
  ASSERT_TRUE(app.ok()) << app.error().detail;
  // Applied on 中秋 (a holiday); 10 working days skip 国庆 10-01…07 and count the 调休 Saturday 10-10.
  EXPECT_EQ((*app)["review_due_on"], "2026-10-15");
  auto again = svc_->apply_restoration(Principal::system(), (*o)["id"], {{"applicant", "甲"}, {"obligations", "x"}, {"commitment", "y"},
                                                                       {"applied_on", "2026-09-28"}});
  EXPECT_FALSE(again.ok());
  auto no_reason = svc_->decide_restoration(Principal::system(), (*app)["id"], {{"decision", "approve"}});
  EXPECT_FALSE(no_reason.ok());
  const Date nov = Date::parse("2026-11-20").value();
  EXPECT_TRUE((*svc_->sanctions(code, "promotion", nov))["restricted"]);
  auto done = svc_->decide_restoration(Principal::system(), (*app)["id"], {{"decision", "approve"}, {"reason", "义务已履行"}});
  ASSERT_TRUE(done.ok()) << done.error().detail;
  // The serious entry still restricts promotion; the ordinary one is gone.
  auto after = svc_->sanctions(code, "promotion", nov);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)["reasons"].size(), 1u);
  CreditFilter f;
  f.subject_code = code;
  f.status = "restored";
  EXPECT_EQ(svc_->list_entries(Principal::system(), f)->total, 1);
}

TEST_P(CreditServiceTest, SanctionsRefuseInvalidCodesAndContexts) {
  auto bad = svc_->sanctions("12345", "procurement");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::bad_request);
  auto check = svc_->sanctions("330302198007151235", "procurement");  // wrong check digit
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, ErrorCode::bad_request);
  auto ctx = svc_->sanctions(add_subject("institution"), "lottery");
  ASSERT_FALSE(ctx.ok());
  EXPECT_EQ(ctx.error().errors.at(0).field, "context");
  const std::string person = add_subject("practitioner");
  auto ok = svc_->sanctions(person, "promotion");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["subject_type"], "id_number");
  EXPECT_FALSE((*ok)["restricted"]);
  auto bulk = svc_->sanctions_bulk("代码\n" + person + "\nABC\n", "promotion");
  ASSERT_TRUE(bulk.ok()) << bulk.error().detail;
  EXPECT_EQ((*bulk)["total"], 2);
  EXPECT_EQ((*bulk)["invalid"], 1);
  EXPECT_EQ((*bulk)["results"][1]["line"], 3);
}

// Another server sharing the store sees a change through the change log.
TEST_P(CreditServiceTest, SecondIndexFollowsTheChangeLog) {
  SanctionsIndex other(*db_, std::chrono::milliseconds(0));
  ASSERT_TRUE(other.load_all().ok());
  const std::string code = add_subject("institution");
  ASSERT_TRUE(svc_->create_entry(Principal::system(), {{"subject_code", code}, {"trigger_code", "medical_fraud"}, {"basis", "医疗欺诈"}})
                  .ok());
  const int ctx = context_index("procurement");
  EXPECT_FALSE(other.check(code, ctx, today_in_shanghai()).restricted);
  ASSERT_TRUE(other.sync().ok());
  EXPECT_TRUE(other.check(code, ctx, today_in_shanghai()).restricted);
}

TEST_P(CreditServiceTest, DualPublicationIsIncrementalAndFollowsTheLayout) {
  const std::string code = add_subject("institution");
  ASSERT_TRUE(penalty(code, "卫罚〔2026〕11号", "2026-03-02").ok());
  auto first = svc_->dual_publication(Principal::system(), "penalty", "incremental", "csv");
  ASSERT_TRUE(first.ok()) << first.error().detail;
  EXPECT_EQ(first->rows, 1);
  const std::string header = first->bytes.substr(3, first->bytes.find("\r\n") - 3);
  EXPECT_EQ(header, "行政相对人名称,行政相对人类别,行政相对人代码_1（统一社会信用代码）,法定代表人,证件类型,证件号码,决定书文号,"
                    "违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,公示截止期,处罚机关,"
                    "处罚机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码,备注");
  EXPECT_NE(first->bytes.find(",0.5,2026-03-02,2026-06-02,"), std::string::npos) << first->bytes;
  auto none = svc_->dual_publication(Principal::system(), "penalty", "incremental", "xlsx");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->rows, 0);
  auto all = svc_->dual_publication(Principal::system(), "penalty", "all", "csv");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->rows, 1);
  auto batches = svc_->export_batches(Principal::system());
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ(batches->size(), 2u);
  auto bad = svc_->dual_publication(Principal::system(), "tax", "incremental", "csv");
  EXPECT_FALSE(bad.ok());
}

TEST_P(CreditServiceTest, RecordCarriesPointsByCycleAndARating) {
  const std::string code = add_subject("institution");
  ASSERT_TRUE(penalty(code, "卫罚〔2026〕21号", "2026-03-02").ok());
  ASSERT_TRUE(svc_->assess(Principal::system(), {{"subject_code", code}, {"behaviour_code", "B02"}, {"source_kind", "penalty"},
                                                 {"source_ref", "卫罚〔2026〕21号"}, {"assessed_on", "2026-03-02"}})
                  .ok());
  auto r = svc_->record(Principal::system(), code);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ((*r)["points_by_cycle"][0]["cycle"], "2026");
  EXPECT_EQ((*r)["points_by_cycle"][0]["total"], 6);
  // 100 − 2×6 − 5×1 = 83 → B.
  EXPECT_EQ((*r)["rating"]["score"], 83);
  EXPECT_EQ((*r)["rating"]["grade"], "B");
}

WJ_INSTANTIATE_ENGINES(CreditServiceTest);

}  // namespace
}  // namespace weijian::credit
