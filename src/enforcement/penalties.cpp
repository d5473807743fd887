#include "enforcement/penalties.h"

#include <algorithm>

#include "core/clock.h"
#include "core/fields.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"

namespace weijian::enforcement {

using identity::Principal;
using store::Conn;

const std::vector<std::string>& penalty_categories() {
  static const std::vector<std::string> c = {"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件",
                                             "降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业",
                                             "责令关闭", "限制从业", "其他"};
  return c;
}

Json to_json(const PenaltyDecision& d) {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"id", d.id},
          {"decision_no", d.decision_no},
          {"subject_kind", d.subject_kind},
          {"subject_id", d.subject_id},
          {"subject_code", d.subject_code},
          {"subject_name", d.subject_name},
          {"legal_representative", d.legal_representative},
          {"violation_type", d.violation_type},
          {"facts", d.facts},
          {"basis", d.basis},
          {"category", d.category},
          {"content", d.content},
          {"fine_fen", d.fine_fen},
          {"decision_date", d.decision_date},
          {"publication_ends_on", d.publication_ends_on},
          {"authority", d.authority},
          {"authority_code", d.authority_code},
          {"source_unit", d.source_unit},
          {"source_unit_code", d.source_unit_code},
          {"revoked", d.revoked},
          {"revoked_on", opt(d.revoked_on)},
          {"revocation_decision_no", opt(d.revocation_decision_no)},
          {"revocation_reason", opt(d.revocation_reason)}};
}

Result<PenaltyDecision> PenaltyRegister::record(const Principal& p, const Json& body) {
  FieldReader r(body);
  auto code = r.text("subject_code", true, 18);
  auto no = r.text("decision_no", true, 60);
  auto type = r.text("violation_type", true, 100);
  auto facts = r.text("facts", true, 2000);
  auto basis = r.text("basis", true, 1000);
  auto category = r.text("category", true, 20);
  if (category && std::find(penalty_categories().begin(), penalty_categories().end(), *category) == penalty_categories().end())
    r.add("category", "处罚类别应为：警告、罚款、没收违法所得、吊销许可证件等法定类别之一");
  auto content = r.text("content", true, 1000);
  auto fine = r.integer("fine_fen", false, 0, std::int64_t{1} << 40);
  auto decided = r.date("decision_date", true);
  if (decided && *decided > today_in_shanghai()) r.add("decision_date", "处罚决定日期不能晚于今天");
  auto ends = r.date("publication_ends_on", false);
  if (ends && decided && *ends < *decided) r.add("publication_ends_on", "公示截止期不能早于处罚决定日期");
  PenaltyDecision out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(const registry::Subject s, directory_.read_subject(c, p.scope(), code, r, "subject_code"));
    if (no) {
      WJ_ASSIGN_OR_RETURN(auto dup, penalty_store::by_decision_no(c, *no));
      if (dup) r.add("decision_no", "该决定书文号已登记");
    }
    WJ_TRY(r.finish());
    PenaltyDecision d;
    d.decision_no = *no;
    d.subject_kind = s.kind;
    d.subject_id = s.id;
    d.subject_code = s.code;
    d.subject_name = s.name;
    d.legal_representative = s.legal_representative;
    d.violation_type = *type;
    d.facts = *facts;
    d.basis = *basis;
    d.category = *category;
    d.content = *content;
    d.fine_fen = fine.value_or(0);
    d.decision_date = decided->to_string();
    // 公示截止期: by default the minimum publication period of an ordinary penalty (3 months).
    d.publication_ends_on = ends ? ends->to_string() : add_months(*decided, 3).to_string();
    d.authority = authority_.name;
    d.authority_code = authority_.credit_code;
    d.source_unit = authority_.source_unit;
    d.source_unit_code = authority_.source_unit_code;
    d.jurisdiction_path = s.jurisdiction_path;
    WJ_ASSIGN_OR_RETURN(const std::int64_t pid, penalty_store::insert(c, d, utc_now_iso()));
    WJ_ASSIGN_OR_RETURN(auto saved, penalty_store::by_id(c, pid));
    out = std::move(saved.value());
    WJ_TRY(ledger::append(c, db_.engine(), p.event("penalty.record", "penalty_decision", std::to_string(pid), s.jurisdiction_path, to_json(out))));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<PenaltyDecision> PenaltyRegister::revoke(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto no = r.text("revocation_decision_no", true, 60);
  auto reason = r.text("reason", true, 1000);
  auto on = r.date("revoked_on", true);
  if (on && *on > today_in_shanghai()) r.add("revoked_on", "撤销日期不能晚于今天");
  WJ_TRY(r.finish());
  PenaltyDecision out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto found, penalty_store::in_scope(c, p.scope(), id));
    if (!found) return errors::not_found("处罚决定不存在，或不在您的管辖范围内。");
    const PenaltyDecision& d = *found;
    if (d.revoked) return errors::conflict("该处罚决定已于 " + d.revoked_on.value_or("") + " 撤销。");
    if (on->to_string() < d.decision_date)
      return errors::validation("撤销日期不能早于处罚决定日期（" + d.decision_date + "）。", {{"revoked_on", "早于处罚决定日期"}});
    WJ_TRY(penalty_store::revoke(c, id, on->to_string(), *no, *reason, utc_now_iso()));
    for (const auto& hook : hooks_) WJ_TRY(hook(c, p, id, d.decision_no, *no, *reason, on->to_string()));
    WJ_ASSIGN_OR_RETURN(auto after, penalty_store::by_id(c, id));
    out = std::move(after.value());
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("penalty.revoke", "penalty_decision", std::to_string(id), d.jurisdiction_path,
                                  {{"decision_no", d.decision_no}, {"revocation_decision_no", *no}, {"reason", *reason},
                                   {"revoked_on", on->to_string()}})));
    return {};
  });
  if (!st.ok()) return st.error();
  for (const auto& hook : after_revoke_) WJ_TRY(hook());
  return out;
}

Result<store::PageOf<PenaltyDecision>> PenaltyRegister::list(const Principal& p, PenaltyFilter f) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  if (!f.subject_code.empty()) f.subject_code = registry::normalize_code(f.subject_code);
  return penalty_store::page(*lease, p.scope(), f);
}

Result<PenaltyDecision> PenaltyRegister::get(const Principal& p, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
  WJ_ASSIGN_OR_RETURN(auto found, penalty_store::in_scope(*lease, p.scope(), id));
  if (!found) return errors::not_found("处罚决定不存在，或不在您的管辖范围内。");
  return *found;
}

Result<std::optional<PenaltyDecision>> decision_by_no(Conn& c, const std::string& decision_no) {
  return penalty_store::by_decision_no(c, decision_no);
}

Result<std::vector<PenaltyDecision>> decisions_of(Conn& c, const std::string& subject_code) {
  return penalty_store::of_subject(c, subject_code);
}

Result<std::int64_t> unrevoked_count_since(Conn& c, const std::string& subject_code, Date since) {
  return penalty_store::unrevoked_count_since(c, subject_code, since);
}

Result<std::set<std::string>> subjects_penalised_since(Conn& c, Date since) {
  return penalty_store::subjects_with_unrevoked_since(c, since);
}

Result<std::vector<PenaltyEvent>> events_after(Conn& c, const store::Scope& scope, std::int64_t after_id) {
  return penalty_store::events_after(c, scope, after_id);
}

}  // namespace weijian::enforcement
