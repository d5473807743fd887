#include "app/demo_claims.h"

#include "claims/generator.h"
#include "core/date.h"
#include "claims/routes.h"
#include "identity/principal.h"

namespace weijian::app {

Result<DemoClaimsCounts> load_demo_claims(store::Db& db, const std::string& data_dir, std::int64_t lines, std::uint64_t seed) {
  auto svc = claims::open_service(db, data_dir);
  if (!svc.ok()) return svc.error();
  claims::GeneratorOptions o;
  o.lines = lines;
  o.seed = seed;
  o.first_day = Date::from_ymd(2026, 7, 1).value().days_since_epoch();
  o.days = 92;
  // Designated providers of the registry; a hospital's level from its grade.
  auto inst = db.query("SELECT i.medins_code, i.category, i.grade FROM institutions i WHERE i.medins_code IS NOT NULL AND i.status = 'active' "
                       "AND i.category IN ('hospital', 'pharmacy') AND EXISTS (SELECT 1 FROM practitioners p WHERE p.institution_id = i.id "
                       "AND p.status = 'registered' AND p.kind IN ('physician', 'pharmacist')) "
                       "ORDER BY (i.id * 7919) % 3001, i.id LIMIT 120");  // spread over the districts
  if (!inst.ok()) return inst.error();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < inst->size(); ++i) {
    const std::string grade = inst->text(i, 2);
    const bool pharmacy = inst->text(i, 1) == "pharmacy";
    index[inst->text(i, 0)] = o.providers.size();
    o.providers.push_back({inst->text(i, 0), pharmacy ? 1 : grade.rfind("3", 0) == 0 ? 3 : grade.rfind("2", 0) == 0 ? 2 : 1, pharmacy});
  }
  auto drs = db.query("SELECT p.practice_cert_no, i.medins_code FROM practitioners p JOIN institutions i ON i.id = p.institution_id "
                      "WHERE p.practice_cert_no IS NOT NULL AND p.status = 'registered' AND p.kind IN ('physician', 'pharmacist') "
                      "AND i.medins_code IS NOT NULL");
  if (!drs.ok()) return drs.error();
  for (std::size_t i = 0; i < drs->size(); ++i)
    if (auto it = index.find(drs->text(i, 1)); it != index.end()) o.practitioners.push_back({drs->text(i, 0), it->second});
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
