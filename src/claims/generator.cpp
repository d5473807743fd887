#include "claims/generator.h"

#include <algorithm>
#include <cstring>

#include "claims/fee_line.h"
#include "claims/number.h"
#include "core/date.h"

namespace weijian::claims {
namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int uniform(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }
};

// Diagnoses with the drugs that treat them (by indication prefix match at generation time).
const char* const kOutpatientDx[] = {"J06.900", "I10.x00", "E11.900", "K29.700", "M54.500", "I25.100", "J20.900", "E78.500",
                                     "R51.x00", "L30.900", "K59.000", "F32.900", "M81.000", "E03.900", "J45.900"};
const char* const kInpatientDx[] = {"I21.000", "I63.900", "J18.900", "K80.200", "K35.800", "M16.900", "C34.900", "I50.900", "N18.500",
                                    "O82.000"};

struct Person {
  std::string psn_no;
  int gend;
  int brdy;
  std::size_t home;  // usual hospital
};

struct Writer {
  std::string buf;
  const std::function<void(std::string_view)>& sink;
  std::int64_t lines = 0;
  void flush() {
    sink(buf);
    buf.clear();
  }
};

void put_day(std::string& out, int day) {
  const Date d = Date::from_days(day);
  char b[11];
  const int y = d.year(), m = d.month(), dd = d.day();
  b[0] = static_cast<char>('0' + y / 1000);
  b[1] = static_cast<char>('0' + y / 100 % 10);
  b[2] = static_cast<char>('0' + y / 10 % 10);
  b[3] = static_cast<char>('0' + y % 10);
  b[4] = '-';
  b[5] = static_cast<char>('0' + m / 10);
  b[6] = static_cast<char>('0' + m % 10);
  b[7] = '-';
  b[8] = static_cast<char>('0' + dd / 10);
  b[9] = static_cast<char>('0' + dd % 10);
  out.append(b, 10);
}

void put_time(std::string& out, int day, int secs) {
  put_day(out, day);
  const int h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
  const char t[9] = {' ', static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':', static_cast<char>('0' + m / 10),
                     static_cast<char>('0' + m % 10), ':', static_cast<char>('0' + s / 10), static_cast<char>('0' + s % 10)};
  out.append(t, 9);
}

class Gen {
 public:
  Gen(const Catalog& c, GeneratorOptions o, const std::function<void(std::string_view)>& sink)
      : cat_(c), o_(std::move(o)), rng_{o_.seed * 0x2545F4914F6CDD1DULL + 7}, w_{std::string(), sink} {
    if (o_.providers.empty()) synth_registry();
    for (std::size_t i = 0; i < o_.providers.size(); ++i) (o_.providers[i].pharmacy ? pharmacies_ : hospitals_).push_back(i);
    // Unlicensed providers are billed only by the injected violations, never picked otherwise.
    if (o_.unlicensed_providers.empty()) o_.unlicensed_providers.push_back({"H33030990001", 2, false});
    for (const auto& u : o_.unlicensed_providers) {
      unlicensed_.push_back(o_.providers.size());
      o_.providers.push_back(u);
    }
    dr_of_.resize(o_.providers.size());
    for (std::size_t i = 0; i < o_.practitioners.size(); ++i) dr_of_[o_.practitioners[i].provider].push_back(i);
    for (int i = 0; i < static_cast<int>(c.size()); ++i) {
      const auto& it = c.at(i);
      if (it.type == ItemType::drug) drugs_.push_back(i);
      if (it.flags & kBed) beds_.push_back(i);
      if (it.flags & (kLab | kImaging)) tests_.push_back(i);
      if (it.type == ItemType::service && it.name.find("诊查费") != std::string::npos) consults_.push_back(i);
      if (!it.included_in_items.empty()) included_.push_back(i);
      if (it.max_daily_count_milli > 0 && it.type == ItemType::service && !(it.flags & (kBed | kLab | kImaging))) daily_.push_back(i);
      if (it.type == ItemType::consumable && it.min_medins_lv == 0) consumables_.push_back(i);
    }
    const int persons = static_cast<int>(std::max<std::int64_t>(50, o_.lines / 18));
    for (int i = 0; i < persons; ++i) {
      char id[32];
      std::snprintf(id, sizeof id, "33030%010d", 1000000 + i * 7);
      const int age = rng_.chance(0.12) ? rng_.uniform(1, 14) : rng_.uniform(18, 90);
      persons_.push_back({id, rng_.chance(0.5) ? 1 : 2, o_.first_day - age * 365 - rng_.uniform(0, 364),
                          hospitals_[rng_.next() % hospitals_.size()]});
    }
    // A few providers use one drug far above their peers (abnormal_usage).
    for (int i = 0; i < 4 && !hospitals_.empty(); ++i) heavy_.push_back({hospitals_[rng_.next() % hospitals_.size()], drugs_[rng_.next() % drugs_.size()]});
    w_.buf.reserve(1 << 20);
  }

  std::int64_t run() {
    w_.buf += FeeCsv::header();
    w_.buf += '\n';
    std::int64_t serial = 0;
    while (w_.lines < o_.lines) {
      Person& p = persons_[rng_.next() % persons_.size()];
      const int r = rng_.uniform(0, 99);
      const int mt = r < 55 ? 11 : r < 70 ? 14 : r < 80 ? 21 : 41;
      const int day = o_.first_day + rng_.uniform(0, o_.days - 1);
      encounter(p, mt, day, ++serial, rng_.chance(o_.violation_rate));
      if (w_.buf.size() > (1 << 20) - 8192) w_.flush();
    }
    w_.flush();
    return w_.lines;
  }

 private:
  struct Enc {
    const Person* p;
    std::string mdtrt;
    std::size_t provider;
    int mt, adm_day, adm_secs, dscg_day, dscg_secs;
    std::string dise;
    std::string dr;
    int sn = 0;
  };

  void synth_registry() {
    for (int i = 0; i < 600; ++i) {
      char id[16];
      const bool pharmacy = i >= 480;
      std::snprintf(id, sizeof id, "%c330300%05d", pharmacy ? 'P' : 'H', 10000 + i);
      o_.providers.push_back({id, pharmacy ? 1 : (i % 10 < 2 ? 3 : i % 10 < 6 ? 2 : 1), pharmacy});
      for (int d = 0; d < (pharmacy ? 1 : 6); ++d) {
        char dr[20];
        std::snprintf(dr, sizeof dr, "11033%09d", i * 10 + d + 1);
        o_.practitioners.push_back({dr, static_cast<std::size_t>(i)});
      }
    }
  }

  std::string dr_at(std::size_t provider) {
    const auto& v = dr_of_[provider];
    if (v.empty()) return "11033000000000";
    return o_.practitioners[v[rng_.next() % v.size()]].dr_codg;
  }

  // A certificate that may not bill at `provider`: unknown to the registry, registered at
  // another hospital, or (when known) no longer registered at all.
  std::string unqualified_dr(std::size_t provider, int day) {
    const int way = rng_.uniform(0, 2);
    if (way == 2 && !o_.lapsed_practitioners.empty()) {
      const auto& [dr, ended] = o_.lapsed_practitioners[rng_.next() % o_.lapsed_practitioners.size()];
      if (ended <= day) return dr;
    }
    if (way != 1) {
      char dr[20];
      std::snprintf(dr, sizeof dr, "1103399%07d", rng_.uniform(0, 9999999));
      return dr;
    }
    const std::size_t k = rng_.next() % hospitals_.size();
    return dr_at(hospitals_[hospitals_[k] == provider ? (k + 1) % hospitals_.size() : k]);
  }

  bool fits(const CatalogItem& it, const Person& p, const Enc& e, int day) const {
    if (it.sex_limit && (it.sex_limit == 'M') != (p.gend == 1)) return false;
    const int age = age_on(p.brdy, day);
    if ((it.age_min >= 0 && age < it.age_min) || (it.age_max >= 0 && age > it.age_max)) return false;
    if (it.min_medins_lv > o_.providers[e.provider].level) return false;
    if (!it.med_types.empty() && std::find(it.med_types.begin(), it.med_types.end(), e.mt) == it.med_types.end()) return false;
    if (!it.indications.empty()) {
      bool ok = false;
      for (const auto& ind : it.indications)
        if (e.dise.compare(0, ind.size(), ind) == 0) ok = true;
      if (!ok) return false;
    }
    return true;
  }

  int pick_fitting(const std::vector<int>& pool, const Enc& e, int day, int tries = 12) {
    for (int t = 0; t < tries; ++t) {
      const int i = pool[rng_.next() % pool.size()];
      if (fits(cat_.at(i), *e.p, e, day)) return i;
    }
    return -1;
  }

  std::int64_t price_of(const CatalogItem& it) {
    if (it.price_cap_fen > 0) return it.price_cap_fen * rng_.uniform(80, 100) / 100;
    if (it.type == ItemType::drug) return (it.flags & kHighValue) ? rng_.uniform(80000, 400000) : rng_.uniform(50, 3000);
    return (it.flags & kHighValue) ? rng_.uniform(100000, 800000) : rng_.uniform(100, 5000);
  }

  void line(Enc& e, int item, std::int64_t cnt_milli, std::int64_t pric, int day, int secs, int prd, std::string_view code = {}) {
    std::string& b = w_.buf;
    const Person& p = *e.p;
    b += p.psn_no;
    b += p.gend == 1 ? ",1," : ",2,";
    put_day(b, p.brdy);
    b += ',';
    b += e.mdtrt;
    b += ',';
    b += o_.providers[e.provider].medins_id;
    b += ',';
    b += static_cast<char>('0' + o_.providers[e.provider].level);
    b += ',';
    b += std::to_string(e.mt);
    b += ',';
    put_time(b, e.adm_day, e.adm_secs);
    b += ',';
    put_time(b, e.dscg_day, e.dscg_secs);
    b += ',';
    b += e.dise;
    b += ',';
    b += e.dr;
    b += ',';
    b += std::to_string(++e.sn);
    b += ',';
    b += code.empty() ? std::string_view(cat_.at(item).code) : code;
    b += ',';
    b += format_milli(cnt_milli);
    b += ',';
    b += format_yuan(pric);
    b += ',';
    b += format_yuan((pric * cnt_milli + 500) / 1000);
    b += ',';
    put_time(b, day, secs);
    b += ',';
    if (prd >= 0) b += std::to_string(prd);
    b += '\n';
    ++w_.lines;
  }

  void drug_line(Enc& e, int item, int day, int secs, int prd_override = -1) {
    const CatalogItem& it = cat_.at(item);
    const int max_prd = it.max_prd_days > 0 ? it.max_prd_days : 14;
    const int prd = prd_override >= 0 ? prd_override : (e.mt == 21 ? 1 : rng_.uniform(std::min(3, max_prd), max_prd));
    std::int64_t cnt = (e.mt == 21 ? rng_.uniform(1, 3) : std::max(1, prd / 7)) * 1000LL;
    for (const auto& h : heavy_)
      if (h.first == e.provider && h.second == item) cnt *= 12;
    line(e, item, cnt, price_of(it), day, secs, prd);
  }

  void encounter(const Person& p, int mt, int day, std::int64_t serial, bool inject) {
    Enc e;
    e.p = &p;
    char id[32];
    std::snprintf(id, sizeof id, "MD%016lld", static_cast<long long>(serial));
    e.mdtrt = id;
    e.mt = mt;
    e.provider = mt == 41 && !pharmacies_.empty() ? pharmacies_[rng_.next() % pharmacies_.size()]
                 : rng_.chance(0.7)               ? p.home
                                                  : hospitals_[rng_.next() % hospitals_.size()];
    e.adm_day = day;
    e.adm_secs = rng_.uniform(8 * 3600, 17 * 3600);
    const int los = mt == 21 ? rng_.uniform(2, 12) : 0;
    e.dscg_day = day + los;
    e.dscg_secs = mt == 21 ? rng_.uniform(8 * 3600, 12 * 3600) : e.adm_secs;
    e.dise = mt == 21 ? kInpatientDx[rng_.next() % std::size(kInpatientDx)] : kOutpatientDx[rng_.next() % std::size(kOutpatientDx)];
    if (e.dise == "O82.000" && p.gend == 1) e.dise = "K80.200";
    e.dr = dr_at(e.provider);
    const int kind = inject ? rng_.uniform(0, 19) : -1;
    if (kind == 13) e.dr = unqualified_dr(e.provider, day);
    // An unlicensed hospital billing under the physician drawn above (registered elsewhere).
    if (kind == 19 && mt != 41) e.provider = unlicensed_[rng_.next() % unlicensed_.size()];
    if (mt == 21) inpatient(e, kind);
    else outpatient(e, kind);
    // Cross-encounter patterns: a second encounter of the same person shortly after.
    if (kind == 14) {  // repeat dispensing: same generic group again within a third of the supply
      Enc f = e;
      follow(f, serial, 11, day + rng_.uniform(1, 8));
      const int item = pick_fitting(drugs_, f, f.adm_day, 40);
      if (item >= 0 && cat_.at(item).group >= 0) {
        drug_line(e, item, e.adm_day, e.adm_secs + 60, 30);
        drug_line(f, item, f.adm_day, f.adm_secs, 30);
      }
    } else if (kind == 15 && mt == 21) {  // split admission
      Enc f = e;
      follow(f, serial, 21, e.dscg_day + rng_.uniform(0, 10), e.provider);
      f.dscg_day = f.adm_day + rng_.uniform(2, 6);
      inpatient(f, -1);
    } else if (kind == 16 && mt == 21) {  // overlapping stay elsewhere
      Enc f = e;
      follow(f, serial, 21, e.adm_day + 1, hospitals_[rng_.next() % hospitals_.size()]);
      f.dise = "J18.900";
      f.dscg_day = f.adm_day + rng_.uniform(2, 5);
      inpatient(f, -1);
    } else if (kind == 17 && mt == 21 && los >= 2) {  // outpatient during the stay
      Enc f = e;
      follow(f, serial, rng_.chance(0.5) ? 11 : 41, e.adm_day + 1);
      if (f.provider == e.provider) f.provider = pharmacies_.empty() ? hospitals_[0] : pharmacies_[0];
      f.dr = dr_at(f.provider);
      outpatient(f, -1);
    } else if (kind == 18) {  // repeat test within a week
      Enc f = e;
      follow(f, serial, 11, day + rng_.uniform(1, 6));
      const int t = tests_[rng_.next() % tests_.size()];
      line(e, t, 1000, price_of(cat_.at(t)), e.adm_day, e.adm_secs + 120, -1);
      line(f, t, 1000, price_of(cat_.at(t)), f.adm_day, f.adm_secs + 120, -1);
    }
  }

  void follow(Enc& f, std::int64_t serial, int mt, int day, std::size_t provider = SIZE_MAX) {
    char id[32];
    std::snprintf(id, sizeof id, "MF%016lld", static_cast<long long>(serial));
    f.mdtrt = id;
    f.mt = mt;
    f.sn = 0;
    if (provider != SIZE_MAX) f.provider = provider;
    else if (mt != 41) f.provider = f.p->home;
    else if (!pharmacies_.empty()) f.provider = pharmacies_[rng_.next() % pharmacies_.size()];
    f.adm_day = day;
    f.dscg_day = day;
    f.dscg_secs = f.adm_secs;
    if (mt != 21) f.dise = kOutpatientDx[rng_.next() % std::size(kOutpatientDx)];
    f.dr = dr_at(f.provider);
  }

  void outpatient(Enc& e, int kind) {
    const int day = e.adm_day;
    int secs = e.adm_secs;
    if (e.mt != 41 && !consults_.empty()) {
      const int c = consults_[rng_.next() % consults_.size()];
      line(e, c, 1000, price_of(cat_.at(c)), day, secs, -1);
    }
    const int n = rng_.uniform(1, e.mt == 14 ? 4 : 3);
    std::vector<int> used;
    for (int i = 0; i < n; ++i) {
      const int d = pick_fitting(drugs_, e, day);
      if (d < 0) continue;
      const auto& it = cat_.at(d);
      bool dup = false;
      for (int u : used)
        if (cat_.at(u).group == it.group) dup = true;
      if (dup) continue;
      used.push_back(d);
      drug_line(e, d, day, secs += 30);
    }
    if (e.mt != 41 && rng_.chance(0.25)) {
      const int t = pick_fitting(tests_, e, day);
      if (t >= 0) line(e, t, 1000, price_of(cat_.at(t)), day, secs += 60, -1);
    }
    if (kind >= 0) inject_line(e, kind, day, secs + 90);
  }

  void inpatient(Enc& e, int kind) {
    const int los = std::max(1, e.dscg_day - e.adm_day);
    const int bed = pick_fitting(beds_, e, e.adm_day);
    if (bed >= 0) line(e, bed, static_cast<std::int64_t>(los) * 1000, price_of(cat_.at(bed)), e.dscg_day, 0, -1);
    // The stay's medication: a few drugs of different generic groups, given day after day.
    std::vector<int> meds;
    for (int i = 0, n = rng_.uniform(1, 4); i < n; ++i) {
      const int d = pick_fitting(drugs_, e, e.adm_day);
      if (d < 0) continue;
      bool dup = false;
      for (int m : meds)
        if (cat_.at(m).group == cat_.at(d).group) dup = true;
      if (!dup) meds.push_back(d);
    }
    for (int d = 0; d < los; ++d) {
      const int day = e.adm_day + d;
      for (std::size_t i = 0; i < meds.size(); ++i)
        if (rng_.chance(0.8)) drug_line(e, meds[i], day, 9 * 3600 + static_cast<int>(i) * 60);
      if (rng_.chance(0.3)) {
        const int t = pick_fitting(tests_, e, day);
        if (t >= 0) line(e, t, 1000, price_of(cat_.at(t)), day, 10 * 3600, -1);
      }
      if (rng_.chance(0.3) && !daily_.empty()) {
        const int s = pick_fitting(daily_, e, day);
        if (s >= 0) line(e, s, 1000, price_of(cat_.at(s)), day, 11 * 3600, -1);
      }
    }
    if (rng_.chance(0.2) && !consumables_.empty()) {
      const int c = consumables_[rng_.next() % consumables_.size()];
      line(e, c, 1000, price_of(cat_.at(c)), e.adm_day, 12 * 3600, -1);
    }
    if (kind >= 0) inject_line(e, kind, e.adm_day + 1 <= e.dscg_day ? e.adm_day + 1 : e.adm_day, 15 * 3600);
  }

  // One line (or a few) breaking a single-encounter rule.
  void inject_line(Enc& e, int kind, int day, int secs) {
    const Person& p = *e.p;
    auto find = [&](auto pred) {
      for (int t = 0; t < 60; ++t) {
        const int i = static_cast<int>(rng_.next() % cat_.size());
        if (pred(cat_.at(i))) return i;
      }
      return -1;
    };
    int i = -1;
    switch (kind) {
      case 0: i = find([&](const CatalogItem& it) { return it.sex_limit && (it.sex_limit == 'M') != (p.gend == 1); }); break;
      case 1: i = find([&](const CatalogItem& it) {
          const int age = age_on(p.brdy, day);
          return (it.age_min >= 0 && age < it.age_min) || (it.age_max >= 0 && age > it.age_max);
        });
        break;
      case 2: i = find([&](const CatalogItem& it) { return it.min_medins_lv > o_.providers[e.provider].level; }); break;
      case 3: i = find([&](const CatalogItem& it) {
          return !it.med_types.empty() && std::find(it.med_types.begin(), it.med_types.end(), e.mt) == it.med_types.end();
        });
        break;
      case 4: i = find([&](const CatalogItem& it) { return !it.indications.empty(); }); break;
      case 5: {
        const int d = find([](const CatalogItem& it) { return it.max_prd_days > 0; });
        if (d >= 0) drug_line(e, d, day, secs, cat_.at(d).max_prd_days + rng_.uniform(5, 30));
        return;
      }
      case 6: {
        const int s = find([](const CatalogItem& it) { return it.price_cap_fen > 0; });
        if (s >= 0) line(e, s, 1000, cat_.at(s).price_cap_fen * rng_.uniform(110, 160) / 100, day, secs, -1);
        return;
      }
      case 7: {
        if (included_.empty()) return;
        const int x = included_[rng_.next() % included_.size()];
        const int y = cat_.at(x).included_in_items.front();
        line(e, y, 1000, price_of(cat_.at(y)), day, secs, -1);
        line(e, x, 1000, price_of(cat_.at(x)), day, secs + 600, -1);
        return;
      }
      case 8: {
        if (daily_.empty()) return;
        const int s = daily_[rng_.next() % daily_.size()];
        const auto& it = cat_.at(s);
        line(e, s, it.max_daily_count_milli + 1000 * rng_.uniform(1, 3), price_of(it), day, secs, -1);
        return;
      }
      case 9: {
        if (e.mt != 21 || beds_.empty()) return;
        const int b = beds_[0];
        line(e, b, 1000 * rng_.uniform(1, 3), price_of(cat_.at(b)), e.dscg_day, secs, -1);
        return;
      }
      case 10: {  // two makers of one generic
        const int d = find([&](const CatalogItem& it) { return it.type == ItemType::drug && it.group >= 0 && fits(it, p, e, day); });
        if (d < 0) return;
        for (int j = 0; j < static_cast<int>(cat_.size()); ++j)
          if (j != d && cat_.at(j).group == cat_.at(d).group) {
            drug_line(e, d, day, secs);
            drug_line(e, j, day, secs + 30);
            return;
          }
        return;
      }
      case 11: {
        char code[24];
        std::snprintf(code, sizeof code, "XZ99ZZZ%03d%013d", rng_.uniform(0, 999), rng_.uniform(0, 999999));
        line(e, -1, 1000, rng_.uniform(500, 50000), day, secs, -1, code);
        return;
      }
      case 12: {  // large prescription
        if (e.mt != 11 && e.mt != 14) return;
        for (int k = 0; k < 6; ++k) {
          const int d = pick_fitting(drugs_, e, day);
          if (d >= 0) line(e, d, 1000 * rng_.uniform(2, 6), price_of(cat_.at(d)) + 5000, day, secs + k, 7);
        }
        return;
      }
      default: return;  // 13–19: registry (13, 19) and cross-encounter patterns
    }
    if (i >= 0) line(e, i, 1000, price_of(cat_.at(i)), day, secs, cat_.at(i).type == ItemType::drug ? 3 : -1);
  }

  const Catalog& cat_;
  GeneratorOptions o_;
  Rng rng_;
  Writer w_;
  std::vector<std::size_t> hospitals_, pharmacies_, unlicensed_;
  std::vector<std::vector<std::size_t>> dr_of_;
  std::vector<int> drugs_, beds_, tests_, consults_, included_, daily_, consumables_;
  std::vector<Person> persons_;
  std::vector<std::pair<std::size_t, int>> heavy_;
};

}  // namespace

std::int64_t generate_fee_lines(const Catalog& catalog, GeneratorOptions options, const std::function<void(std::string_view)>& sink) {
  return Gen(catalog, std::move(options), sink).run();
}

}  // namespace weijian::claims
