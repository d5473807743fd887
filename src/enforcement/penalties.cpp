#include "enforcement/penalties.h"

#include <algorithm>

#include "core/clock.h"
#include "core/fields.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"

namespace weijian::enforcement {

using identity::Principal;
using store::Conn;
using store::Rows;

const std::vector<std::string>& penalty_categories() {
  static const std::vector<std::string> c = {"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件",
                                             "降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业",
                                             "责令关闭", "限制从业", "其他"};
  return c;
}

Json PenaltyRegister::row_json(const Rows& r, std::size_t i) {
  auto opt = [&](std::size_t col) { return r.is_null(i, col) ? Json(nullptr) : Json(r.text(i, col)); };
  return {{"id", r.integer(i, 0)},
          {"decision_no", r.text(i, 1)},
          {"subject_kind", r.text(i, 2)},
          {"subject_id", r.integer(i, 3)},
          {"subject_code", r.text(i, 4)},
          {"subject_name", r.text(i, 5)},
          {"legal_representative", r.text(i, 6)},
          {"violation_type", r.text(i, 7)},
          {"facts", r.text(i, 8)},
          {"basis", r.text(i, 9)},
          {"category", r.text(i, 10)},
          {"content", r.text(i, 11)},
          {"fine_fen", r.integer(i, 12)},
          {"decision_date", r.text(i, 13)},
          {"publication_ends_on", r.text(i, 14)},
          {"authority", r.text(i, 15)},
          {"authority_code", r.text(i, 16)},
          {"source_unit", r.text(i, 17)},
          {"source_unit_code", r.text(i, 18)},
          {"revoked", r.integer(i, 19) == 1},
          {"revoked_on", opt(20)},
          {"revocation_decision_no", opt(21)},
          {"revocation_reason", opt(22)}};
}

Result<Json> PenaltyRegister::record(const Principal& p, const Json& body) {
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
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto found = directory_.read_subject(c, p.scope(), code, r, "subject_code");
    if (!found.ok()) return found.error();
    const registry::Subject s = *found;
    if (no) {
      auto dup = c.query("SELECT 1 FROM penalty_decisions WHERE decision_no = $1", {*no});
      if (!dup.ok()) return dup.error();
      if (!dup->empty()) r.add("decision_no", "该决定书文号已登记");
    }
    WJ_TRY(r.finish());
    // 公示截止期: by default the minimum publication period of an ordinary penalty (3 months).
    const std::string publication_end = ends ? ends->to_string() : add_months(*decided, 3).to_string();
    const std::string now = utc_now_iso();
    auto id = c.query(
        "INSERT INTO penalty_decisions (decision_no, subject_kind, subject_id, subject_code, subject_name, legal_representative, "
        "violation_type, facts, basis, category, content, fine_fen, decision_date, publication_ends_on, authority, authority_code, "
        "source_unit, source_unit_code, revoked, jurisdiction_path, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,"
        "$13,$14,$15,$16,$17,$18,0,$19,$20) RETURNING id",
        {*no, s.kind, s.id, s.code, s.name, s.legal_representative, *type, *facts, *basis, *category, *content,
         fine.value_or(0), decided->to_string(), publication_end, authority_.name, authority_.credit_code, authority_.source_unit,
         authority_.source_unit_code, s.jurisdiction_path, now});
    if (!id.ok()) return id.error();
    const std::int64_t pid = id->integer(0, 0);
    WJ_TRY(c.exec("INSERT INTO penalty_events (penalty_id, kind, at) VALUES ($1, 'record', $2)", {pid, now}));
    auto row = c.query(std::string(kSelect) + " WHERE id = $1", {pid});
    if (!row.ok()) return row.error();
    out = row_json(*row, 0);
    WJ_TRY(ledger::append(c, db_.engine(), p.event("penalty.record", "penalty_decision", std::to_string(pid), s.jurisdiction_path, out)));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> PenaltyRegister::revoke(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto no = r.text("revocation_decision_no", true, 60);
  auto reason = r.text("reason", true, 1000);
  auto on = r.date("revoked_on", true);
  if (on && *on > today_in_shanghai()) r.add("revoked_on", "撤销日期不能晚于今天");
  WJ_TRY(r.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto row = store::Query::scoped(p.scope(), kSelect, "jurisdiction_path").where("id = ?", id).all(c);
    if (!row.ok()) return row.error();
    if (row->empty()) return errors::not_found("处罚决定不存在，或不在您的管辖范围内。");
    if (row->integer(0, 19) == 1) return errors::conflict("该处罚决定已于 " + row->text(0, 20) + " 撤销。");
    if (on->to_string() < row->text(0, 13))
      return errors::validation("撤销日期不能早于处罚决定日期（" + row->text(0, 13) + "）。", {{"revoked_on", "早于处罚决定日期"}});
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE penalty_decisions SET revoked = 1, revoked_on = $1, revocation_decision_no = $2, revocation_reason = $3 "
                  "WHERE id = $4",
                  {on->to_string(), *no, *reason, id}));
    WJ_TRY(c.exec("INSERT INTO penalty_events (penalty_id, kind, at) VALUES ($1, 'revoke', $2)", {id, now}));
    for (const auto& hook : hooks_) WJ_TRY(hook(c, p, id, row->text(0, 1), *no, *reason, on->to_string()));
    auto after = c.query(std::string(kSelect) + " WHERE id = $1", {id});
    if (!after.ok()) return after.error();
    out = row_json(*after, 0);
    WJ_TRY(ledger::append(c, db_.engine(),
                          p.event("penalty.revoke", "penalty_decision", std::to_string(id), row->text(0, 23),
                                  {{"decision_no", row->text(0, 1)}, {"revocation_decision_no", *no}, {"reason", *reason},
                                   {"revoked_on", on->to_string()}})));
    return {};
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> PenaltyRegister::list(const Principal& p, const PenaltyFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), kSelect, "jurisdiction_path");
  q.search({"decision_no", "subject_name", "subject_code", "violation_type"}, f.q);
  if (!f.subject_code.empty()) q.where("subject_code = ?", registry::normalize_code(f.subject_code));
  q.order_by("decision_date DESC, id DESC");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  Json items = Json::array();
  for (std::size_t i = 0; i < page->rows.size(); ++i) items.push_back(row_json(page->rows, i));
  return Json{{"items", items}, {"total", page->total}, {"page", page->page}, {"page_size", page->page_size}};
}

Result<Json> PenaltyRegister::get(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto row = store::Query::scoped(p.scope(), kSelect, "jurisdiction_path").where("id = ?", id).all(**lease);
  if (!row.ok()) return row.error();
  if (row->empty()) return errors::not_found("处罚决定不存在，或不在您的管辖范围内。");
  return row_json(*row, 0);
}

}  // namespace weijian::enforcement
