#include "app/demo_registry.h"

#include <map>
#include <random>
#include <unordered_set>

#include "core/clock.h"
#include "core/date.h"
#include "identity/principal.h"
#include "ledger/ledger.h"
#include "registry/identifiers.h"
#include "registry/rules.h"

namespace weijian::app {
namespace {

using store::Conn;
using store::Value;

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
                                 "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
                              "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "文", "玲", "红", "婷", "鹏",
                              "辉", "宇", "晨", "欣", "怡", "浩", "雪", "琳", "颖", "佳"};
const char* const kRoads[] = {"人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "文化路", "胜利路", "长安街", "滨江路",
                              "朝阳路", "光明路", "东风路", "青年路", "学府路", "花园路", "府前路", "车站路", "工业路", "健康路"};
const char* const kPharmacyBrands[] = {"仁心", "百姓", "康宁", "益丰", "同济", "安泰", "惠民", "众康"};
const char* const kSpecialties[] = {"医疗服务", "公共场所卫生", "生活饮用水卫生", "学校卫生", "职业卫生",
                                    "放射卫生", "传染病防治", "血液安全", "医疗废物"};
const char* const kSubjects[] = {"内科", "外科", "妇产科", "儿科", "眼科", "耳鼻咽喉科", "口腔科", "皮肤科",
                                 "医学影像科", "医学检验科", "中医科", "康复医学科", "急诊医学科", "麻醉科", "预防保健科"};

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[static_cast<std::size_t>(uniform(0, static_cast<int>(N) - 1))]; }
  std::string person_name() {
    std::string n = pick(kSurnames);
    n += pick(kGiven);
    if (chance(0.6)) n += pick(kGiven);
    return n;
  }
  Date date_between(Date a, Date b) { return a.add_days(uniform(0, b.days_since_epoch() - a.days_since_epoch())); }
  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + uniform(0, 9)));
    return s;
  }

 private:
  std::mt19937_64 rng_;
};

struct Cell {
  std::int64_t id;
  std::string path;
  std::string town;
  std::string district;
  int district_index;
};

struct Category {
  const char* id;
  int weight;  // per thousand
};
constexpr Category kMix[] = {{"hospital", 40},  {"primary_care", 100}, {"public_health", 20}, {"clinic", 480}, {"pharmacy", 250},
                             {"health_check", 30}, {"elderly_care_clinic", 70}, {"blood_station", 2}, {"other", 8}};

}  // namespace

Result<DemoRegistryCounts> load_demo_registry(store::Db& db, std::uint64_t seed) {
  Gen g(seed);
  DemoRegistryCounts counts;
  const Date today = today_in_shanghai();
  const registry::RegistryRules rules;  // the defaults equal data/registry/rules.json
  Status st = db.transaction([&](Conn& c) -> Status {
    auto cells_rows = c.query(
        "SELECT g.id, g.path, t.name, d.name, d.id FROM jurisdictions g JOIN jurisdictions t ON t.id = g.parent_id "
        "JOIN jurisdictions d ON d.id = t.parent_id WHERE g.level = 'grid_cell' ORDER BY g.id");
    if (!cells_rows.ok()) return cells_rows.error();
    if (cells_rows->empty()) return errors::internal("演示辖区尚未生成。");
    std::vector<Cell> cells;
    std::map<std::int64_t, int> district_rank;  // district ids are not consecutive: rank them
    for (std::size_t i = 0; i < cells_rows->size(); ++i) district_rank.emplace(cells_rows->integer(i, 4), 0);
    int rank = 0;
    for (auto& [id, r] : district_rank) r = rank++;
    for (std::size_t i = 0; i < cells_rows->size(); ++i)
      cells.push_back({cells_rows->integer(i, 0), cells_rows->text(i, 1), cells_rows->text(i, 2), cells_rows->text(i, 3),
                       district_rank[cells_rows->integer(i, 4)] % 8});
    auto city = c.query("SELECT code, path FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!city.ok()) return city.error();
    const std::string city_code = city->text(0, 0).size() == 6 ? city->text(0, 0) : "330300";
    const std::string now = utc_now_iso();

    // --- institutions and licences ---
    struct Inst {
      std::int64_t id;
      std::string category;
      int beds;
      const Cell* cell;
    };
    std::vector<Inst> insts;
    std::unordered_set<std::string> used_names;
    const int total = 3000;
    int serial = 0;
    for (const auto& cat : kMix) {
      const int n = total * cat.weight / 1000;
      for (int k = 0; k < n; ++k, ++serial) {
        const Cell& cell = cells[static_cast<std::size_t>(g.uniform(0, static_cast<int>(cells.size()) - 1))];
        const std::string cid = cat.id;
        std::string name, grade, ownership = "private", profit = "for_profit";
        int beds = 0;
        if (cid == "hospital") {
          const int kind = g.uniform(0, 3);
          name = kind == 0 ? cell.district + "人民医院" + (k ? std::to_string(k) + "分院" : "")
                 : kind == 1 ? cell.town + "中医医院"
                 : kind == 2 ? cell.district + g.pick(kSurnames) + "氏骨科医院"
                             : cell.town + "妇产医院";
          if (kind <= 1) ownership = "public", profit = "non_profit";
          beds = kind <= 1 ? g.uniform(100, 1200) : g.uniform(20, 150);
          grade = kind == 0 ? (g.chance(0.3) ? "3A" : "2A") : kind == 1 ? "2A" : (g.chance(0.5) ? "1A" : "");
        } else if (cid == "primary_care") {
          name = cell.town + (cell.district_index == 5 ? "卫生院" : "社区卫生服务中心") + (k % 3 ? "第" + std::to_string(k % 3) + "服务站" : "");
          ownership = "public", profit = "non_profit";
          beds = g.uniform(0, 60);
        } else if (cid == "public_health") {
          const char* kinds[] = {"疾病预防控制中心", "妇幼保健院", "卫生监督所", "精神卫生中心"};
          name = cell.district + kinds[k % 4] + (k >= 4 ? "（" + cell.town + "分部）" : "");
          ownership = "public", profit = "non_profit";
          beds = k % 4 == 1 ? g.uniform(50, 200) : 0;
        } else if (cid == "clinic") {
          name = g.chance(0.6) ? g.person_name() + "诊所" : cell.town + g.pick(kRoads) + (g.chance(0.5) ? "口腔门诊部" : "综合门诊部");
        } else if (cid == "pharmacy") {
          name = std::string(g.pick(kPharmacyBrands)) + "大药房（" + cell.town + "店" + std::to_string(k % 7 + 1) + "）";
        } else if (cid == "health_check") {
          name = cell.district + "健康体检中心" + std::to_string(k + 1) + "部";
        } else if (cid == "elderly_care_clinic") {
          name = cell.town + "颐养院医务室" + (k ? std::to_string(k) : "");
          if (g.chance(0.4)) ownership = "public", profit = "non_profit";
          beds = g.uniform(0, 40);
        } else if (cid == "blood_station") {
          name = "示范市中心血站" + (k ? std::to_string(k) + "号采血点" : "");
          ownership = "public", profit = "non_profit";
        } else {
          name = cell.town + "医学检验实验室" + std::to_string(k + 1);
        }
        if (!used_names.insert(name).second) {  // names repeat across towns: number the repeats
          name += "（" + std::to_string(serial + 1) + "）";
          used_names.insert(name);
        }
        // Credit code: 1/2 for public institutions (事业单位), 5/2 for private non-profit, 9/2 for firms.
        const std::string head = ownership == "public" ? "12" : profit == "non_profit" ? "52" : "92";
        const std::string division = city_code.substr(0, 4) + std::string(1, static_cast<char>('0' + (cell.district_index % 9) + 1)) +
                                     std::to_string(cell.district_index + 1);
        char body[16];
        std::snprintf(body, sizeof body, "MA%07d", serial + 1);
        const std::string code = registry::make_credit_code(head + division.substr(0, 6) + body);
        const std::string address = cell.district + cell.town + g.pick(kRoads) + std::to_string(g.uniform(1, 999)) + "号";
        std::string subjects;
        if (cid != "pharmacy") {
          const int ns = cid == "hospital" ? g.uniform(6, 14) : g.uniform(1, 3);
          for (int s = 0; s < ns; ++s) {
            const std::string subj = kSubjects[(static_cast<std::size_t>(s) * 7 + static_cast<std::size_t>(serial)) % 15];
            if (subjects.find(subj) == std::string::npos) subjects += (subjects.empty() ? "" : ";") + subj;
          }
        }
        const std::string equipment = cid == "hospital" && beds >= 500 ? "CT;MRI;DSA" : cid == "hospital" ? "CT" : "";
        const bool designated = cid != "public_health" && cid != "blood_station" && g.chance(0.85);
        Value medins = designated ? Value(std::string(cid == "pharmacy" ? "P" : "H") + city_code + g.digits(0) +
                                          std::to_string(100000 + serial))
                                  : Value();
        const std::string status = g.chance(0.01) ? "suspended" : g.chance(0.01) ? "closed" : "active";
        auto id = c.query(
            "INSERT INTO institutions (credit_code, name, category, ownership, profit_type, grade, address, jurisdiction_id, "
            "jurisdiction_path, legal_representative, person_in_charge, phone, beds, clinical_subjects, large_equipment, "
            "medins_code, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18) "
            "RETURNING id",
            {code, name, cid, ownership, profit, grade, address, cell.id, cell.path, g.person_name(), g.person_name(),
             "0577-" + g.digits(8), std::int64_t{beds}, subjects, equipment, medins, status, now});
        if (!id.ok()) return id.error();
        insts.push_back({id->integer(0, 0), cid, beds, &cell});
        ++counts.institutions;
        if (cid == "pharmacy") continue;  // pharmacies hold a drug trading licence, not a practice licence
        const Date issued = g.date_between(Date::from_ymd(2012, 1, 1).value(), Date::from_ymd(2025, 6, 30).value());
        const Date valid_until = add_years(issued, cid == "hospital" ? 15 : 5).add_days(-1);
        // Validated on schedule up to a recent date; about 6% are behind (overdue).
        Date last = issued;
        const bool behind = g.chance(0.06);
        std::vector<Date> validations;
        for (;;) {
          const Date next = rules.validation_due(last, beds);
          const Date limit = behind ? today.add_days(-400) : today;
          if (next > limit) break;
          validations.push_back(next.add_days(g.uniform(-20, 0)));
          last = next;
        }
        const Date due = rules.validation_due(validations.empty() ? issued : validations.back(), beds);
        const std::string lstatus = valid_until < today ? "cancelled" : "valid";
        char license_no[32];
        std::snprintf(license_no, sizeof license_no, "PDY%06d%s%05d", std::stoi(city_code), cid == "clinic" ? "C" : "H", serial + 1);
        auto lid = c.query(
            "INSERT INTO practice_licenses (institution_id, license_no, issued_on, valid_until, clinical_subjects, beds, "
            "last_validated_on, validation_due_on, status, jurisdiction_path, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
            {id->integer(0, 0), std::string(license_no), issued.to_string(), valid_until.to_string(), subjects, std::int64_t{beds},
             validations.empty() ? Value() : Value(validations.back().to_string()), due.to_string(), lstatus, cell.path, now});
        if (!lid.ok()) return lid.error();
        const std::int64_t license_id = lid->integer(0, 0);
        const std::string ins = "INSERT INTO license_events (license_id, kind, effective_on, status_after, valid_until_after, detail, recorded_at) VALUES ($1, $2, $3, $4, $5, '{}', $6)";
        WJ_TRY(c.exec(ins, {license_id, std::string("issue"), issued.to_string(), std::string("valid"), valid_until.to_string(), now}));
        for (const Date& v : validations)
          WJ_TRY(c.exec(ins, {license_id, std::string("validate"), v.to_string(), std::string("valid"), valid_until.to_string(), now}));
        if (lstatus == "cancelled")
          WJ_TRY(c.exec(ins, {license_id, std::string("cancel"), valid_until.add_days(1).to_string(), std::string("cancelled"),
                              valid_until.to_string(), now}));
        ++counts.licenses;
      }
    }

    // --- practitioners: by institution size ---
    std::int64_t cert_serial = 0;
    std::unordered_set<std::string> used_ids;
    const Date born_from = Date::from_ymd(1960, 1, 1).value(), born_to = Date::from_ymd(2001, 12, 31).value();
    const std::string preg = "INSERT INTO practitioners (id_number, name, sex, birth_date, kind, qualification_no, practice_cert_no, "
                             "practice_category, practice_scope, institution_id, jurisdiction_path, status, registered_on, "
                             "registration_expires_on, e_registered, created_at, updated_at) VALUES "
                             "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16) RETURNING id";
    const std::string pev = "INSERT INTO registration_events (practitioner_id, kind, effective_on, institution_id, expires_on, detail, "
                            "recorded_at) VALUES ($1, $2, $3, $4, $5, '{}', $6)";
    std::vector<std::int64_t> hospital_ids;
    for (const auto& i : insts)
      if (i.category == "hospital") hospital_ids.push_back(i.id);
    for (const auto& inst : insts) {
      int staff = 0;
      if (inst.category == "hospital") staff = std::max(40, inst.beds * 3 / 2);
      else if (inst.category == "primary_care") staff = g.uniform(8, 30);
      else if (inst.category == "public_health") staff = g.uniform(15, 60);
      else if (inst.category == "clinic") staff = g.uniform(1, 4);
      else if (inst.category == "pharmacy") staff = g.uniform(1, 3);
      else staff = g.uniform(3, 12);
      for (int s = 0; s < staff && counts.practitioners < 40000; ++s) {
        const Date birth = g.date_between(born_from, born_to);
        const bool female = g.chance(inst.category == "pharmacy" ? 0.7 : 0.6);
        std::string kind;
        if (inst.category == "pharmacy") kind = "pharmacist";
        else {
          const int r = g.uniform(0, 99);
          kind = r < 40 ? "physician" : r < 85 ? "nurse" : r < 93 ? "pharmacist" : "technician";
        }
        int seq = g.uniform(0, 99) * 10 + g.uniform(0, 4) * 2 + (female ? 0 : 1);  // digit 17 odd for men
        std::string idn;
        do {  // random numbers collide now and then (birthday bound): step to the next free one
          char first17[20];
          std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%03d",
                        (city_code.substr(0, 4) + "0" + std::to_string(inst.cell->district_index + 2)).c_str(), birth.year(),
                        birth.month(), birth.day(), seq);
          idn = registry::make_id_number(first17);
          seq = (seq + 2) % 1000;
        } while (!used_ids.insert(idn).second);
        const Date earliest = std::max(birth.add_days(365 * 22 + 6), Date::from_ymd(2005, 1, 1).value());
        const Date registered = g.date_between(std::min(earliest, today.add_days(-30)), today.add_days(-30));
        std::optional<Date> expires;
        std::string status = "registered";
        if (kind == "nurse") {
          // Most nurses renewed on time; some (about 4%) let the registration lapse.
          Date start = registered;
          while (add_years(start, rules.nurse_registration_years) <= today && !g.chance(0.04))
            start = add_years(start, rules.nurse_registration_years);
          expires = add_years(start, rules.nurse_registration_years).add_days(-1);
        }
        if (g.chance(0.01)) status = "cancelled";
        ++cert_serial;
        char cert[24];
        std::snprintf(cert, sizeof cert, "%s%s%09lld", kind == "physician" ? "110" : kind == "nurse" ? "202" : kind == "pharmacist" ? "303" : "404",
                      city_code.substr(0, 2).c_str(), static_cast<long long>(cert_serial));
        const bool e = !g.chance(0.03);
        auto pid = c.query(preg, {idn, g.person_name(), std::string(female ? "F" : "M"), birth.to_string(), kind,
                                  "Q" + std::to_string(100000000 + cert_serial), std::string(cert),
                                  kind == "physician" ? std::string(g.chance(0.2) ? "中医" : "临床") : kind == "nurse" ? std::string("护理") : std::string(""),
                                  kind == "physician" ? std::string(kSubjects[static_cast<std::size_t>(g.uniform(0, 14))]) + "专业" : std::string(""),
                                  inst.id, inst.cell->path, status, registered.to_string(),
                                  expires ? Value(expires->to_string()) : Value(), std::int64_t{e ? 1 : 0}, now});
        if (!pid.ok()) return pid.error();
        const std::int64_t p = pid->integer(0, 0);
        WJ_TRY(c.exec(pev, {p, std::string("register"), registered.to_string(), inst.id,
                            kind == "nurse" ? Value(add_years(registered, rules.nurse_registration_years).add_days(-1).to_string()) : Value(), now}));
        if (kind == "nurse" && expires && add_years(registered, rules.nurse_registration_years).add_days(-1) < *expires) {
          const Date renewed = add_years(*expires, -rules.nurse_registration_years).add_days(1);
          WJ_TRY(c.exec(pev, {p, std::string("renew"), renewed.to_string(), inst.id, Value(expires->to_string()), now}));
        }
        if (status == "cancelled")
          WJ_TRY(c.exec(pev, {p, std::string("cancel"), today.add_days(-g.uniform(1, 300)).to_string(), inst.id, Value(), now}));
        if (kind == "physician" && status == "registered" && g.chance(0.05) && !hospital_ids.empty()) {
          const std::int64_t site = hospital_ids[static_cast<std::size_t>(g.uniform(0, static_cast<int>(hospital_ids.size()) - 1))];
          if (site != inst.id) {
            const Date filed = g.date_between(registered, today.add_days(-1));
            WJ_TRY(c.exec("INSERT INTO practice_sites (practitioner_id, institution_id, filed_on) VALUES ($1, $2, $3)", {p, site, filed.to_string()}));
            WJ_TRY(c.exec(pev, {p, std::string("add_site"), filed.to_string(), site, Value(), now}));
          }
        }
        ++counts.practitioners;
      }
    }

    // --- inspectors: about 60 per district, 40 city-wide; a few certificates expired ---
    auto depts = c.query("SELECT id, code FROM departments ORDER BY id");
    if (!depts.ok()) return depts.error();
    std::int64_t health = 0;
    std::vector<std::int64_t> others;
    for (std::size_t i = 0; i < depts->size(); ++i) {
      if (depts->text(i, 1) == "health") health = depts->integer(i, 0);
      else if (depts->text(i, 1) == "healthcare_security" || depts->text(i, 1) == "market_regulation" ||
               depts->text(i, 1) == "ecology_environment")
        others.push_back(depts->integer(i, 0));
    }
    auto districts = c.query("SELECT id, path FROM jurisdictions WHERE level = 'district' ORDER BY id");
    if (!districts.ok()) return districts.error();
    auto root = c.query("SELECT id, path FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!root.ok()) return root.error();
    for (int n = 0; n < 400; ++n) {
      const bool city_level = n < 40;
      const std::size_t d = static_cast<std::size_t>(n % static_cast<int>(districts->size()));
      const std::int64_t jid = city_level ? root->integer(0, 0) : districts->integer(d, 0);
      const std::string jpath = city_level ? root->text(0, 1) : districts->text(d, 1);
      const std::int64_t dept = g.chance(0.8) || others.empty() ? health : others[static_cast<std::size_t>(g.uniform(0, static_cast<int>(others.size()) - 1))];
      std::string specialties = g.pick(kSpecialties);
      const std::string second = g.pick(kSpecialties);
      if (second != specialties) specialties += ";" + second;
      const Date cert_until = g.chance(0.03) ? today.add_days(-g.uniform(1, 200)) : today.add_days(g.uniform(180, 1800));
      char cert[24];
      std::snprintf(cert, sizeof cert, "ZF%s%05d", city_code.c_str(), n + 1);
      auto id = c.query("INSERT INTO inspectors (name, department_id, jurisdiction_id, jurisdiction_path, cert_no, cert_valid_until, "
                        "specialties, status, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                        {g.person_name(), dept, jid, jpath, std::string(cert), cert_until.to_string(), specialties,
                         std::string(g.chance(0.02) ? "inactive" : "active"), now});
      if (!id.ok()) return id.error();
      ++counts.inspectors;
      if (g.chance(0.05)) {
        const auto& inst = insts[static_cast<std::size_t>(g.uniform(0, static_cast<int>(insts.size()) - 1))];
        WJ_TRY(c.exec("INSERT INTO inspector_conflicts (inspector_id, institution_id, reason, declared_on) VALUES ($1, $2, $3, $4)",
                      {id->integer(0, 0), inst.id, std::string(g.chance(0.5) ? "近亲属在该机构任职" : "曾在该机构任职未满两年"),
                       today.add_days(-g.uniform(1, 700)).to_string()}));
      }
    }

    // --- grid staff: one or two per grid cell ---
    for (const Cell& cell : cells) {
      const int n = g.uniform(1, 2);
      for (int k = 0; k < n; ++k) {
        WJ_TRY(c.exec("INSERT INTO grid_staff (grid_cell_id, jurisdiction_path, name, duty, phone) VALUES ($1, $2, $3, $4, $5)",
                      {cell.id, cell.path, g.person_name(), std::string(k == 0 ? "专职网格员" : "卫生监督协管员"), "13" + g.digits(9)}));
        ++counts.grid_staff;
      }
    }
    // One ledger entry for the whole load: what was loaded, from which generator and seed.
    return Status(ledger::append(c, db.engine(),
                                 identity::Principal::system().event(
                                     "registry.demo_load", "registry", "demo", city->text(0, 1),
                                     {{"seed", seed}, {"institutions", counts.institutions}, {"licenses", counts.licenses},
                                      {"practitioners", counts.practitioners}, {"inspectors", counts.inspectors},
                                      {"grid_staff", counts.grid_staff}}))
                      .ok()
                      ? Status()
                      : errors::internal("写入审计记录失败。"));
  });
  if (!st.ok()) return st.error();
  return counts;
}

}  // namespace weijian::app
