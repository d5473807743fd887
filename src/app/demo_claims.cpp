#include "app/demo_claims.h"

#include "claims/generator.h"
#include "core/date.h"
#include "claims/routes.h"
#include "identity/principal.h"

namespace weijian::app {

namespace {

int level_of(const std::string& category, const std::string& grade) {
  if (category == "pharmacy") return 1;
  return grade.rfind("3", 0) == 0 ? 3 : grade.rfind("2", 0) == 0 ? 2 : 1;
}

}  // namespace

Status generator_registry(store::Db& db, claims::GeneratorOptions& o, std::int64_t max_providers) {
  // Over the generated period, every provider holds a valid licence and every practitioner is
  // registered where they bill; the injected violations are the only exceptions.
  const std::string first = Date::from_days(o.first_day).to_string(), last = Date::from_days(o.first_day + o.days - 1).to_string();
  const std::string practising =
      "p.practice_cert_no IS NOT NULL AND p.status = 'registered' AND p.kind IN ('physician', 'pharmacist') "
      "AND (p.registration_expires_on IS NULL OR p.registration_expires_on >= $2) "
      "AND NOT EXISTS (SELECT 1 FROM registration_events e WHERE e.practitioner_id = p.id AND e.effective_on > $1)";
  // Designated providers with such physicians or pharmacists, spread over the districts.
  auto inst = db.query("SELECT i.medins_code, i.category, i.grade FROM institutions i WHERE i.medins_code IS NOT NULL AND i.status = 'active' "
                       "AND i.category IN ('hospital', 'pharmacy') AND EXISTS (SELECT 1 FROM practitioners p WHERE p.institution_id = i.id AND " +
                           practising +
                           ") AND (i.category = 'pharmacy' OR EXISTS (SELECT 1 FROM practice_licenses l WHERE l.institution_id = i.id "
                           "AND l.status = 'valid' AND l.issued_on <= $1 AND l.valid_until >= $2)) "
                           "ORDER BY (i.id * 7919) % 3001, i.id LIMIT $3",
                       {first, last, max_providers});
  if (!inst.ok()) return inst.error();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < inst->size(); ++i) {
    index[inst->text(i, 0)] = o.providers.size();
    o.providers.push_back({inst->text(i, 0), level_of(inst->text(i, 1), inst->text(i, 2)), inst->text(i, 1) == "pharmacy"});
  }
  auto drs = db.query("SELECT p.practice_cert_no, i.medins_code FROM practitioners p JOIN institutions i ON i.id = p.institution_id "
                      "WHERE i.medins_code IS NOT NULL AND " + practising + " ORDER BY p.id",
                      {first, last});
  if (!drs.ok()) return drs.error();
  for (std::size_t i = 0; i < drs->size(); ++i)
    if (auto it = index.find(drs->text(i, 1)); it != index.end()) o.practitioners.push_back({drs->text(i, 0), it->second});
  auto lapsed = db.query("SELECT p.practice_cert_no, max(e.effective_on) FROM practitioners p JOIN registration_events e "
                         "ON e.practitioner_id = p.id AND e.kind = 'cancel' WHERE p.practice_cert_no IS NOT NULL AND p.status = 'cancelled' "
                         "AND p.kind IN ('physician', 'pharmacist') AND e.effective_on <= $1 GROUP BY p.id, p.practice_cert_no "
                         "ORDER BY p.id LIMIT 200",
                         {last});
  if (!lapsed.ok()) return lapsed.error();
  for (std::size_t i = 0; i < lapsed->size(); ++i) {
    auto ended = Date::parse(lapsed->text(i, 1));
    if (ended.ok()) o.lapsed_practitioners.push_back({lapsed->text(i, 0), ended->days_since_epoch()});
  }
  auto unlicensed = db.query("SELECT i.medins_code, i.category, i.grade FROM institutions i WHERE i.medins_code IS NOT NULL "
                             "AND i.category <> 'pharmacy' AND NOT EXISTS (SELECT 1 FROM practice_licenses l WHERE l.institution_id = i.id "
                             "AND l.status = 'valid') ORDER BY i.id LIMIT 20");
  if (!unlicensed.ok()) return unlicensed.error();
  for (std::size_t i = 0; i < unlicensed->size(); ++i)
    o.unlicensed_providers.push_back({unlicensed->text(i, 0), level_of(unlicensed->text(i, 1), unlicensed->text(i, 2)), false});
  return {};
}

Result<DemoClaimsCounts> load_demo_claims(store::Db& db, const std::string& data_dir, std::int64_t lines, std::uint64_t seed) {
  auto svc = claims::open_service(db, data_dir);
  if (!svc.ok()) return svc.error();
  claims::GeneratorOptions o;
  o.lines = lines;
  o.seed = seed;
  o.first_day = Date::from_ymd(2026, 7, 1).value().days_since_epoch();
  o.days = 92;
  WJ_TRY(generator_registry(db, o, 120));
  if (o.providers.empty()) return DemoClaimsCounts{};
  std::string text;
  claims::generate_fee_lines((*svc)->catalog(), o, [&](std::string_view chunk) { text += chunk; });
  ImportReport report;
  auto parsed = claims::parse_fee_csv(text, report);
  if (!parsed.ok()) return parsed.error();
  auto loaded = (*svc)->load_lines(*parsed);
  if (!loaded.ok()) return loaded.error();
  DemoClaimsCounts c{(*loaded)["inserted"].get<std::int64_t>(), (*loaded)["findings"].get<std::int64_t>()};
  // The monthly abnormal-usage warnings over what was loaded.
  for (const char* month : {"2026-07", "2026-08", "2026-09"}) {
    auto u = (*svc)->usage_audit(identity::Principal::system(), month);
    if (!u.ok()) return u.error();
    c.findings += (*u)["new_findings"].get<std::int64_t>();
  }
  return c;
}

}  // namespace weijian::app
