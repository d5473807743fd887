#include "claims/engine.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/date.h"

namespace weijian::claims {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// Line numbers "2" < "10" when both are numbers.
bool natural_less(std::string_view a, std::string_view b) {
  if (a.size() != b.size() && all_digits(a) && all_digits(b)) return a.size() < b.size();
  return a < b;
}

std::string yuan(std::int64_t fen) { return format_yuan(fen) + " 元"; }
std::string q(std::string_view s) { return "“" + std::string(s) + "”"; }

std::int64_t scale(std::int64_t amount, std::int64_t num, std::int64_t den) {
  if (den <= 0) return 0;
  // Rounded half away from zero; amounts × quantities stay far below 2^63.
  const __int128 p = static_cast<__int128>(amount) * num;
  const __int128 r = (p >= 0 ? p + den / 2 : p - den / 2) / den;
  return static_cast<std::int64_t>(r);
}

int month_index(int day) {
  const Date d = Date::from_days(day);
  return d.year() * 12 + d.month() - 1;
}

std::string month_text(int index) {
  const int y = index / 12, m = index % 12 + 1;
  return std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
}

const char* med_type_label(int t) {
  switch (t) {
    case 11: return "普通门诊";
    case 14: return "门诊慢特病";
    case 21: return "住院";
    case 41: return "定点药店购药";
  }
  return "其他";
}

std::string join_ints(const std::vector<int>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "、" : "") + std::to_string(v[i]);
  return s;
}

std::string join_strings(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "、" : "") + v[i];
  return s;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

std::uint32_t Batch::sn_id(std::string_view sn) {
  if (!sn.empty() && sn.size() <= 9 && (sn[0] != '0' || sn.size() == 1)) {
    std::uint32_t v = 0;
    bool digits = true;
    for (char c : sn) {
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      v = v * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (digits) return v | kNumericSn;
  }
  return strings_.intern(sn);
}

std::string Batch::sn_text(std::uint32_t sn) const {
  return (sn & kNumericSn) ? std::to_string(sn & ~kNumericSn) : std::string(strings_.get(sn));
}

bool Batch::sn_less(std::uint32_t a, std::uint32_t b) const {
  if ((a & kNumericSn) && (b & kNumericSn)) return a < b;
  return natural_less(sn_text(a), sn_text(b));
}

void Batch::add(const FeeLineView& l, std::uint64_t psn_hash) {
  std::uint32_t enc;
  if (last_enc_ != UINT32_MAX && same(encounters_.get(last_enc_), l.mdtrt_id)) {
    enc = last_enc_;
  } else {
    const std::uint32_t before = static_cast<std::uint32_t>(encounters_.size());
    enc = encounters_.intern(l.mdtrt_id);
    if (enc == before) {
      // A new encounter: its person and attributes come from its first line.
      const std::uint32_t pbefore = static_cast<std::uint32_t>(persons_.size());
      const std::uint32_t person = persons_.intern(l.psn_no, psn_hash);
      if (person == pbefore) person_.push_back({l.brdy, static_cast<std::uint8_t>(l.gend)});
      enc_.push_back({person, strings_.intern(l.medins_id), strings_.intern(l.dise_codg), l.adm.day, l.adm.secs, l.dscg.day,
                      l.dscg.secs, static_cast<std::uint8_t>(l.medins_lv), static_cast<std::uint8_t>(l.med_type)});
    }
    last_enc_ = enc;
  }
  Line line;
  line.enc = enc;
  line.item = catalog_.find(l.med_list_codg);
  line.code = line.item < 0 ? strings_.intern(l.med_list_codg) : 0;
  line.sn = sn_id(l.feedetl_sn);
  if (last_dr_ == UINT32_MAX || !same(strings_.get(last_dr_), l.dr_codg)) last_dr_ = strings_.intern(l.dr_codg);
  line.dr = last_dr_;
  line.day = l.fee.day;
  line.secs = l.fee.secs;
  line.prd_days = l.prd_days;
  line.cnt = l.cnt_milli;
  line.pric = l.pric_fen;
  line.amount = l.amount_fen;
  lines_.push_back(line);
}

void UsageTable::add_key(std::uint32_t medins, int item, int month, int level, std::int64_t qty, std::int64_t amount) {
  if ((used_ + 1) * 2 > keys_.size()) grow();
  const std::uint64_t key = ((static_cast<std::uint64_t>(medins) << 32) | (static_cast<std::uint64_t>(item) << 16) |
                             static_cast<std::uint64_t>(month - kMonthBase)) + 1;
  const std::size_t mask = keys_.size() - 1;
  std::size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
  while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask;
  if (keys_[i] == 0) {
    keys_[i] = key;
    ++used_;
  }
  Cell& c = cells_[i];
  c.qty_milli += qty;
  c.amount_fen += amount;
  if (c.level == 0) c.level = level;
}

void UsageTable::grow() {
  std::vector<std::uint64_t> keys(keys_.empty() ? 1024 : keys_.size() * 2, 0);
  std::vector<Cell> cells(keys.size());
  const std::size_t mask = keys.size() - 1;
  for (std::size_t j = 0; j < keys_.size(); ++j) {
    if (keys_[j] == 0) continue;
    std::size_t i = (keys_[j] * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
    while (keys[i] != 0) i = (i + 1) & mask;
    keys[i] = keys_[j];
    cells[i] = cells_[j];
  }
  keys_.swap(keys);
  cells_.swap(cells);
}

void UsageTable::merge(const UsageTable& other) {
  other.each([&](std::string_view medins, int item, int month, const Cell& c) { add(medins, item, month, c.level, c.qty_milli, c.amount_fen); });
}

class Auditor {
 public:
  Auditor(const Batch& b, const AuditContext& ctx, std::vector<Finding>& out, UsageTable* usage)
      : b_(b), ctx_(ctx), cat_(ctx.catalog), rb_(ctx.rules), P_(ctx.rules.params()), out_(out), usage_(usage) {}

  void run() {
    index();
    for (std::uint32_t p = 0; p + 1 < person_off_.size(); ++p) {
      const std::uint32_t* encs = person_encs_.data() + person_off_[p];
      const std::size_t n = person_off_[p + 1] - person_off_[p];
      for (std::size_t i = 0; i < n; ++i) encounter(encs[i]);
      cross(encs, n);
    }
  }

 private:
  using Line = Batch::Line;
  using Enc = Batch::Enc;

  bool on(RuleId r) const { return rb_.enabled(r); }
  std::string_view mdtrt(std::uint32_t e) const { return b_.encounters_.get(e); }
  std::string_view str(std::uint32_t id) const { return b_.strings_.get(id); }
  const CatalogItem& item(const Line& l) const { return cat_.at(l.item); }
  std::string sn(const Line& l) const { return b_.sn_text(l.sn); }

  Finding& emit(RuleId r, std::uint32_t e, const Line* l) {
    const Enc& enc = b_.enc_[e];
    Finding& f = out_.emplace_back();
    f.rule = r;
    f.psn_no = b_.persons_.get(enc.person);
    f.mdtrt_id = mdtrt(e);
    f.medins_id = str(enc.medins);
    if (l) {
      f.feedetl_sn = sn(*l);
      f.dr_codg = str(l->dr);
      f.amount_fen = l->amount;
      f.day = l->day;
    } else {
      f.day = enc.adm_day;
      // The encounter's practitioner: that of its first line.
      const std::uint32_t first = enc_off_[e] < enc_off_[e + 1] ? enc_lines_[enc_off_[e]] : UINT32_MAX;
      if (first != UINT32_MAX) f.dr_codg = str(b_.lines_[first].dr);
    }
    return f;
  }

  std::int64_t enc_total(std::uint32_t e) const {
    std::int64_t t = 0;
    for (std::uint32_t k = enc_off_[e]; k < enc_off_[e + 1]; ++k) t += b_.lines_[enc_lines_[k]].amount;
    return t;
  }

  // Lines grouped by encounter in (date, time, line number) order; encounters grouped by
  // person in (admission, mdtrt_id) order. Counting sorts: linear in the batch.
  void index() {
    const std::size_t ne = b_.enc_.size(), np = b_.person_.size();
    enc_off_.assign(ne + 1, 0);
    for (const auto& l : b_.lines_) ++enc_off_[l.enc + 1];
    for (std::size_t i = 0; i < ne; ++i) enc_off_[i + 1] += enc_off_[i];
    enc_lines_.resize(b_.lines_.size());
    std::vector<std::uint32_t> fill(enc_off_.begin(), enc_off_.end() - 1);
    for (std::uint32_t i = 0; i < b_.lines_.size(); ++i) enc_lines_[fill[b_.lines_[i].enc]++] = i;
    for (std::size_t e = 0; e < ne; ++e)
      std::sort(enc_lines_.begin() + enc_off_[e], enc_lines_.begin() + enc_off_[e + 1], [&](std::uint32_t x, std::uint32_t y) {
        const Line &a = b_.lines_[x], &c = b_.lines_[y];
        if (a.day != c.day) return a.day < c.day;
        if (a.secs != c.secs) return a.secs < c.secs;
        if (a.sn != c.sn) return b_.sn_less(a.sn, c.sn);
        return x < y;
      });
    person_off_.assign(np + 1, 0);
    for (const auto& e : b_.enc_) ++person_off_[e.person + 1];
    for (std::size_t i = 0; i < np; ++i) person_off_[i + 1] += person_off_[i];
    person_encs_.resize(ne);
    fill.assign(person_off_.begin(), person_off_.end() - 1);
    for (std::uint32_t i = 0; i < ne; ++i) person_encs_[fill[b_.enc_[i].person]++] = i;
    for (std::size_t p = 0; p < np; ++p)
      std::sort(person_encs_.begin() + person_off_[p], person_encs_.begin() + person_off_[p + 1],
                [&](std::uint32_t x, std::uint32_t y) {
                  const Enc &a = b_.enc_[x], &c = b_.enc_[y];
                  if (a.adm_day != c.adm_day) return a.adm_day < c.adm_day;
                  if (a.adm_secs != c.adm_secs) return a.adm_secs < c.adm_secs;
                  return mdtrt(x) < mdtrt(y);
                });
  }

  // ---- single lines ----
  void line_rules(std::uint32_t e, const Line& l) {
    const Enc& enc = b_.enc_[e];
    const Batch::Person& person = b_.person_[enc.person];
    if (ctx_.registry) registry_rules(e, l);
    if (l.item < 0) {
      if (on(RuleId::out_of_catalog))
        emit(RuleId::out_of_catalog, e, &l).evidence = "项目编码" + q(str(l.code)) + "不在医保目录（知识库）中，不应纳入医保结算。";
      return;
    }
    const CatalogItem& it = item(l);
    if (it.sex_limit && on(RuleId::sex_limit) && (it.sex_limit == 'M') != (person.gend == 1)) {
      emit(RuleId::sex_limit, e, &l).evidence = q(it.name) + "限" + (it.sex_limit == 'M' ? "男" : "女") + "性使用，患者性别为" +
                                                 (person.gend == 1 ? "男" : "女") + "。";
    }
    if ((it.age_min >= 0 || it.age_max >= 0) && on(RuleId::age_limit)) {
      const int age = age_on(person.brdy, l.day);
      if ((it.age_min >= 0 && age < it.age_min) || (it.age_max >= 0 && age > it.age_max)) {
        std::string range = it.age_min >= 0 && it.age_max >= 0 ? std::to_string(it.age_min) + "–" + std::to_string(it.age_max) + " 岁"
                            : it.age_min >= 0                ? std::to_string(it.age_min) + " 岁及以上"
                                                             : std::to_string(it.age_max) + " 岁及以下";
        emit(RuleId::age_limit, e, &l).evidence =
            q(it.name) + "限 " + range + "患者使用，患者于 " + format_day(l.day) + " 为 " + std::to_string(age) + " 岁。";
      }
    }
    if (it.min_medins_lv > 0 && enc.lv < it.min_medins_lv && on(RuleId::provider_level))
      emit(RuleId::provider_level, e, &l).evidence = q(it.name) + "限 " + std::to_string(it.min_medins_lv) +
                                                      " 级及以上医疗机构使用，本机构为 " + std::to_string(enc.lv) + " 级。";
    if (!it.med_types.empty() && on(RuleId::med_type_limit) &&
        std::find(it.med_types.begin(), it.med_types.end(), enc.med_type) == it.med_types.end())
      emit(RuleId::med_type_limit, e, &l).evidence = q(it.name) + "限医疗类别 " + join_ints(it.med_types) + " 结算，本次为 " +
                                                      std::to_string(enc.med_type) + "（" + med_type_label(enc.med_type) + "）。";
    if (!it.indications.empty() && on(RuleId::indication)) {
      const std::string_view dise = str(enc.dise);
      bool ok = false;
      for (const auto& p : it.indications)
        if (dise.substr(0, p.size()) == p) ok = true;
      if (!ok)
        emit(RuleId::indication, e, &l).evidence = q(it.name) + "限适应症 " + join_strings(it.indications) +
                                                    "，本次主要诊断为 " + (dise.empty() ? std::string("（空）") : std::string(dise)) + "。";
    }
    if (it.max_prd_days >= 0 && l.prd_days > it.max_prd_days && on(RuleId::supply_days)) {
      Finding& f = emit(RuleId::supply_days, e, &l);
      f.amount_fen = scale(l.amount, l.prd_days - it.max_prd_days, l.prd_days);
      f.evidence = q(it.name) + "每次最多开具 " + std::to_string(it.max_prd_days) + " 天用量，本行开具 " +
                   std::to_string(l.prd_days) + " 天，超出 " + std::to_string(l.prd_days - it.max_prd_days) + " 天。";
    }
    if (it.price_cap_fen >= 0 && l.pric > it.price_cap_fen && on(RuleId::price_cap)) {
      Finding& f = emit(RuleId::price_cap, e, &l);
      f.amount_fen = scale(l.pric - it.price_cap_fen, l.cnt, 1000);
      f.evidence = q(it.name) + "限价 " + yuan(it.price_cap_fen) + "，本行单价 " + yuan(l.pric) + "，数量 " + format_milli(l.cnt) + "。";
    }
  }

  void registry_rules(std::uint32_t e, const Line& l) {
    const Enc& enc = b_.enc_[e];
    // Registry answers are memoised by practitioner and provider for the days they hold: a
    // partition asks about each certificate about once, not once per line.
    if (on(RuleId::practitioner_unqualified)) {
      if (practice_memo_.size() <= l.dr) practice_memo_.resize(l.dr + 1);
      PracticeMemo& m = practice_memo_[l.dr];
      if (m.medins != enc.medins || !m.holds.contains(l.day)) {
        m.medins = enc.medins;
        m.answer = ctx_.registry->practitioner(str(l.dr), str(enc.medins), l.day, &m.holds);
      }
      if (m.answer != Practice::practising) {
        const std::string who = "执业证书编号" + q(str(l.dr));
        std::string why = m.answer == Practice::unknown ? who + "在医务人员登记库中不存在"
                          : m.answer == Practice::not_practising
                              ? who + "于 " + format_day(l.day) + " 不在注册执业状态（未注册、已注销或注册过期）"
                              : who + "于 " + format_day(l.day) + " 未在" + q(str(enc.medins)) + "注册或备案执业";
        emit(RuleId::practitioner_unqualified, e, &l).evidence = why + "。";
      }
    }
    if (on(RuleId::provider_unlicensed)) {
      if (licence_memo_.size() <= enc.medins) licence_memo_.resize(enc.medins + 1);
      LicenceMemo& m = licence_memo_[enc.medins];
      if (!m.asked || !m.holds.contains(l.day)) {
        m.asked = true;
        m.answer = ctx_.registry->provider(str(enc.medins), l.day, &m.holds);
      }
      if (m.answer == Licence::unknown_provider || m.answer == Licence::not_valid) {
        emit(RuleId::provider_unlicensed, e, &l).evidence =
            "定点机构" + q(str(enc.medins)) +
            (m.answer == Licence::unknown_provider ? "在机构登记库中不存在" : "于 " + format_day(l.day) + " 无有效的医疗机构执业许可证") + "。";
      }
    }
  }

  // ---- one encounter ----
  void encounter(std::uint32_t e) {
    const Enc& enc = b_.enc_[e];
    const std::uint32_t begin = enc_off_[e], end = enc_off_[e + 1];
    std::int64_t drug_total = 0, bed_cnt = 0, bed_amount = 0;
    distinct_.clear();
    groups_.clear();
    daily_.clear();
    for (std::uint32_t k = begin; k < end; ++k) {
      const Line& l = b_.lines_[enc_lines_[k]];
      line_rules(e, l);
      if (l.item < 0) continue;
      const CatalogItem& it = item(l);
      if (it.type == ItemType::drug) {
        drug_total += l.amount;
        if (std::find(distinct_.begin(), distinct_.end(), l.item) == distinct_.end()) distinct_.push_back(l.item);
        if (usage_) {
          // The provider's id in the caller's table, looked up once per provider and batch.
          if (usage_medins_.size() <= enc.medins) usage_medins_.resize(enc.medins + 1, UINT32_MAX);
          if (usage_medins_[enc.medins] == UINT32_MAX) usage_medins_[enc.medins] = usage_->medins_id(str(enc.medins));
          if (l.day != month_day_) {
            month_day_ = l.day;
            month_ = month_index(l.day);
          }
          usage_->add_key(usage_medins_[enc.medins], l.item, month_, enc.lv, l.cnt, l.amount);
        }
        if (it.group >= 0 && on(RuleId::duplicate_therapy)) {
          auto g = std::find_if(groups_.begin(), groups_.end(), [&](const auto& x) { return x.first == it.group; });
          if (g == groups_.end()) groups_.push_back({it.group, enc_lines_[k]});
          else if (b_.lines_[g->second].item != l.item) {
            const Line& first = b_.lines_[g->second];
            Finding& f = emit(RuleId::duplicate_therapy, e, &l);
            f.related = sn(first);
            f.evidence = "同一就诊中开具通用名组" + q(it.generic_group) + "的不同药品：" + q(item(first).name) + "（明细 " +
                         std::string(sn(first)) + "）与" + q(it.name) + "。";
          }
        }
      }
      if ((it.flags & kBed) != 0) {
        bed_cnt += l.cnt;
        bed_amount += l.amount;
      }
      if (!it.included_in_items.empty() && on(RuleId::included_charge)) {
        for (std::uint32_t j = begin; j < end; ++j) {
          const Line& y = b_.lines_[enc_lines_[j]];
          if (y.day != l.day || y.item < 0) continue;
          if (std::find(it.included_in_items.begin(), it.included_in_items.end(), y.item) == it.included_in_items.end()) continue;
          Finding& f = emit(RuleId::included_charge, e, &l);
          f.related = sn(y);
          f.evidence = q(it.name) + "已包含在同日收费的" + q(item(y).name) + "（明细 " + std::string(sn(y)) + "）中，不应另行收费。";
          break;
        }
      }
      if (it.max_daily_count_milli >= 0 && on(RuleId::daily_frequency)) {
        auto d = std::find_if(daily_.begin(), daily_.end(), [&](const Daily& x) { return x.item == l.item && x.day == l.day; });
        if (d == daily_.end()) {
          daily_.push_back({l.item, l.day, 0, 0, UINT32_MAX});
          d = daily_.end() - 1;
        }
        d->cnt += l.cnt;
        d->amount += l.amount;
        if (d->over == UINT32_MAX && d->cnt > it.max_daily_count_milli) d->over = enc_lines_[k];
      }
    }
    for (const Daily& d : daily_) {
      if (d.over == UINT32_MAX) continue;
      const CatalogItem& it = cat_.at(d.item);
      const std::int64_t excess = d.cnt - it.max_daily_count_milli;
      Finding& f = emit(RuleId::daily_frequency, e, &b_.lines_[d.over]);
      f.amount_fen = scale(d.amount, excess, d.cnt);
      f.evidence = q(it.name) + "每日最多收费 " + format_milli(it.max_daily_count_milli) + " 次，" + format_day(d.day) + " 共收费 " +
                   format_milli(d.cnt) + " 次，超出 " + format_milli(excess) + " 次。";
    }
    if (enc.med_type == 21 && bed_cnt > 0 && on(RuleId::bed_days)) {
      const std::int64_t los = std::max(P_.bed_min_stay_days, enc.dscg_day - enc.adm_day);
      if (bed_cnt > los * 1000) {
        std::int64_t run = 0;
        for (std::uint32_t k = begin; k < end; ++k) {
          const Line& l = b_.lines_[enc_lines_[k]];
          if (l.item < 0 || (item(l).flags & kBed) == 0) continue;
          run += l.cnt;
          if (run > los * 1000) {
            const std::int64_t excess = bed_cnt - los * 1000;
            Finding& f = emit(RuleId::bed_days, e, &l);
            f.amount_fen = scale(bed_amount, excess, bed_cnt);
            f.evidence = "住院 " + std::to_string(los) + " 天（" + format_day(enc.adm_day) + " 至 " + format_day(enc.dscg_day) +
                         "），床位费共收 " + format_milli(bed_cnt) + " 天，超出 " + format_milli(excess) + " 天。";
            break;
          }
        }
      }
    }
    if ((enc.med_type == 11 || enc.med_type == 14) && on(RuleId::large_prescription)) {
      const std::int64_t limit = enc.med_type == 11 ? P_.large_outpatient_fen : P_.large_chronic_fen;
      const bool too_much = drug_total > limit;
      const bool too_many = distinct_.size() > static_cast<std::size_t>(P_.large_max_distinct_drugs);
      if (too_much || too_many) {
        Finding& f = emit(RuleId::large_prescription, e, nullptr);
        f.amount_fen = drug_total;
        f.evidence = std::string(med_type_label(enc.med_type)) + "药品合计 " + yuan(drug_total) + "（限 " + yuan(limit) + "），共 " +
                     std::to_string(distinct_.size()) + " 种药品（限 " + std::to_string(P_.large_max_distinct_drugs) + " 种）。";
      }
    }
  }

  // ---- across the encounters of one person ----
  struct Event {
    int key;  // generic group or item
    int day, secs;
    std::uint32_t rank;  // encounter position in the person's order
    std::uint32_t line;
  };

  void cross(const std::uint32_t* encs, std::size_t n) {
    if (n < 2) return;
    if (on(RuleId::repeat_dispensing)) repeat_dispensing(encs, n);
    if (on(RuleId::repeat_test)) repeat_test(encs, n);
    for (std::size_t i = 0; i < n; ++i) {
      const Enc& e = b_.enc_[encs[i]];
      if (e.med_type == 21) {
        if (on(RuleId::split_admission)) split_admission(encs, i);
        if (on(RuleId::overlapping_stay)) overlapping_stay(encs, i);
      } else if (on(RuleId::outpatient_during_stay) &&
                 std::find(P_.during_stay_med_types.begin(), P_.during_stay_med_types.end(), e.med_type) !=
                     P_.during_stay_med_types.end()) {
        outpatient_during_stay(encs, n, i);
      }
    }
  }

  void collect(const std::uint32_t* encs, std::size_t n, bool drugs) {
    events_.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const Enc& e = b_.enc_[encs[i]];
      if (!drugs && e.med_type == 21) continue;  // tests during a stay are not repeats
      for (std::uint32_t k = enc_off_[encs[i]]; k < enc_off_[encs[i] + 1]; ++k) {
        const Line& l = b_.lines_[enc_lines_[k]];
        if (l.item < 0) continue;
        const CatalogItem& it = item(l);
        if (drugs ? (it.type == ItemType::drug && it.group >= 0) : (it.flags & (kLab | kImaging)) != 0)
          events_.push_back({drugs ? it.group : l.item, l.day, l.secs, static_cast<std::uint32_t>(i), enc_lines_[k]});
      }
    }
    std::sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
      return std::tie(a.key, a.day, a.secs, a.rank, a.line) < std::tie(b.key, b.day, b.secs, b.rank, b.line);
    });
  }

  void repeat_dispensing(const std::uint32_t* encs, std::size_t n) {
    collect(encs, n, true);
    for (std::size_t i = 1; i < events_.size(); ++i) {
      const Event& cur = events_[i];
      for (std::size_t j = i; j-- > 0;) {
        const Event& prev = events_[j];
        if (prev.key != cur.key || cur.day - prev.day > 3650) break;
        if (prev.rank == cur.rank) continue;
        const Line& p = b_.lines_[prev.line];
        if (p.prd_days <= 0) continue;
        const int threshold = p.prd_days * P_.dispensing_ratio_num / P_.dispensing_ratio_den;
        const int gap = cur.day - prev.day;
        if (gap >= threshold) continue;
        const Line& l = b_.lines_[cur.line];
        Finding& f = emit(RuleId::repeat_dispensing, l.enc, &l);
        f.related = mdtrt(p.enc);
        f.evidence = "通用名组" + q(cat_.group_name(cur.key)) + "的药品于 " + format_day(prev.day) + " 在就诊 " + std::string(mdtrt(p.enc)) +
                     " 开具 " + std::to_string(p.prd_days) + " 天用量，" + format_day(cur.day) + " 再次开具，间隔 " + std::to_string(gap) +
                     " 天，少于 " + std::to_string(threshold) + " 天。";
        break;
      }
    }
  }

  void repeat_test(const std::uint32_t* encs, std::size_t n) {
    collect(encs, n, false);
    for (std::size_t i = 1; i < events_.size(); ++i) {
      const Event& cur = events_[i];
      for (std::size_t j = i; j-- > 0;) {
        const Event& prev = events_[j];
        if (prev.key != cur.key || cur.day - prev.day > P_.repeat_test_window_days) break;
        if (prev.rank == cur.rank) continue;
        const Line& l = b_.lines_[cur.line];
        const Line& p = b_.lines_[prev.line];
        Finding& f = emit(RuleId::repeat_test, l.enc, &l);
        f.related = mdtrt(p.enc);
        f.evidence = q(item(l).name) + "已于 " + format_day(prev.day) + " 在就诊 " + std::string(mdtrt(p.enc)) + " 检查，" +
                     format_day(cur.day) + " 再次检查，间隔 " + std::to_string(cur.day - prev.day) + " 天（" +
                     std::to_string(P_.repeat_test_window_days) + " 天内）。";
        break;
      }
    }
  }

  void split_admission(const std::uint32_t* encs, std::size_t i) {
    const Enc& e = b_.enc_[encs[i]];
    const std::string_view dise = str(e.dise);
    const std::size_t len = static_cast<std::size_t>(P_.split_diagnosis_prefix);
    if (dise.size() < len) return;
    for (std::size_t j = i; j-- > 0;) {
      const Enc& p = b_.enc_[encs[j]];
      if (p.med_type != 21 || p.medins != e.medins) continue;
      const int gap = e.adm_day - p.dscg_day;
      if (gap < 0 || gap > P_.split_max_gap_days) continue;
      const std::string_view pd = str(p.dise);
      if (pd.size() < len || pd.substr(0, len) != dise.substr(0, len)) continue;
      Finding& f = emit(RuleId::split_admission, encs[i], nullptr);
      f.amount_fen = enc_total(encs[i]);
      f.related = mdtrt(encs[j]);
      f.evidence = "同一机构再次住院：上次住院（就诊 " + std::string(mdtrt(encs[j])) + "）于 " + format_day(p.dscg_day) + " 出院，" +
                   std::to_string(gap) + " 天后于 " + format_day(e.adm_day) + " 再次入院，主要诊断同属 " + std::string(dise.substr(0, len)) + "。";
      return;
    }
  }

  void overlapping_stay(const std::uint32_t* encs, std::size_t i) {
    const Enc& e = b_.enc_[encs[i]];
    for (std::size_t j = 0; j < i; ++j) {
      const Enc& p = b_.enc_[encs[j]];
      if (p.med_type != 21) continue;
      const int nights = std::min(p.dscg_day, e.dscg_day) - std::max(p.adm_day, e.adm_day);
      if (nights < P_.overlap_min_nights) continue;
      Finding& f = emit(RuleId::overlapping_stay, encs[i], nullptr);
      f.amount_fen = enc_total(encs[i]);
      f.related = mdtrt(encs[j]);
      f.evidence = "住院（" + format_day(e.adm_day) + " 至 " + format_day(e.dscg_day) + "，" + q(str(e.medins)) + "）与住院（就诊 " +
                   std::string(mdtrt(encs[j])) + "，" + format_day(p.adm_day) + " 至 " + format_day(p.dscg_day) + "，" + q(str(p.medins)) +
                   "）重叠 " + std::to_string(nights) + " 晚。";
      return;
    }
  }

  void outpatient_during_stay(const std::uint32_t* encs, std::size_t n, std::size_t i) {
    const Enc& o = b_.enc_[encs[i]];
    for (std::size_t j = 0; j < n; ++j) {
      const Enc& s = b_.enc_[encs[j]];
      if (s.med_type != 21 || s.medins == o.medins) continue;
      if (!(o.adm_day > s.adm_day && o.adm_day < s.dscg_day)) continue;
      Finding& f = emit(RuleId::outpatient_during_stay, encs[i], nullptr);
      f.amount_fen = enc_total(encs[i]);
      f.related = mdtrt(encs[j]);
      f.evidence = format_day(o.adm_day) + " 在" + q(str(o.medins)) + med_type_label(o.med_type) + "结算，而患者正在" + q(str(s.medins)) +
                   "住院（就诊 " + std::string(mdtrt(encs[j])) + "，" + format_day(s.adm_day) + " 至 " + format_day(s.dscg_day) + "）。";
      return;
    }
  }

  struct Daily {
    int item, day;
    std::int64_t cnt, amount;
    std::uint32_t over;
  };

  const Batch& b_;
  const AuditContext& ctx_;
  const Catalog& cat_;
  const RuleBase& rb_;
  const RuleParams& P_;
  std::vector<Finding>& out_;
  UsageTable* usage_;
  std::vector<std::uint32_t> enc_lines_, enc_off_, person_encs_, person_off_;
  std::vector<int> distinct_;
  std::vector<std::pair<int, std::uint32_t>> groups_;
  std::vector<Daily> daily_;
  std::vector<Event> events_;
  std::vector<std::uint32_t> usage_medins_;
  int month_day_ = INT32_MIN, month_ = 0;
  struct PracticeMemo {
    std::uint32_t medins = UINT32_MAX;
    DayRange holds;
    Practice answer = Practice::practising;
  };
  struct LicenceMemo {
    bool asked = false;
    DayRange holds;
    Licence answer = Licence::valid;
  };
  std::vector<PracticeMemo> practice_memo_;  // by the certificate's pool id
  std::vector<LicenceMemo> licence_memo_;    // by the provider's pool id
};

void Batch::audit(const AuditContext& ctx, std::vector<Finding>& out, UsageTable* usage) const {
  Auditor(*this, ctx, out, usage).run();
}

void audit_usage(const UsageTable& usage, const AuditContext& ctx, std::vector<Finding>& out) {
  if (!ctx.rules.enabled(RuleId::abnormal_usage)) return;
  const RuleParams& P = ctx.rules.params();
  // Providers of one level, one drug, one month.
  struct Member {
    std::string_view medins;
    UsageTable::Cell cell;
  };
  std::map<std::tuple<int, int, int>, std::vector<Member>> groups;
  usage.each([&](std::string_view medins, int item, int month, const UsageTable::Cell& c) {
    groups[{c.level, item, month}].push_back({medins, c});
  });
  std::vector<double> qty;
  for (auto& [key, members] : groups) {
    if (members.size() < static_cast<std::size_t>(P.abnormal_min_providers)) continue;
    // A fixed order, so that sums (and so z) do not depend on which thread merged what.
    std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.medins < b.medins; });
    qty.clear();
    double sum = 0;
    for (const auto& m : members) {
      qty.push_back(static_cast<double>(m.cell.qty_milli) / 1000.0);
      sum += qty.back();
    }
    const double mean = sum / static_cast<double>(qty.size());
    double ss = 0;
    for (double v : qty) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / static_cast<double>(qty.size()));
    std::vector<double> sorted = qty;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t h = sorted.size() / 2;
    const double median = sorted.size() % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2.0;
    if (sd <= 0) continue;
    // The thresholds are decided exactly, in integers (quantities in thousandths, parameters to
    // three decimals), so that a provider exactly at a threshold is not flagged by rounding:
    // z > z0 ⇔ n·q − S > 0 and (n·q − S)² > z0²·(n·ΣQ² − S²); q > m·median ⇔ 2000·q > 1000·m·(2·median).
    using i128 = __int128;
    const i128 n = static_cast<i128>(members.size());
    i128 S = 0, SQ = 0;
    std::vector<std::int64_t> milli;
    for (const auto& m : members) {
      milli.push_back(m.cell.qty_milli);
      S += m.cell.qty_milli;
      SQ += static_cast<i128>(m.cell.qty_milli) * m.cell.qty_milli;
    }
    std::vector<std::int64_t> milli_sorted = milli;
    std::sort(milli_sorted.begin(), milli_sorted.end());
    const i128 median2 = milli_sorted.size() % 2 ? 2 * static_cast<i128>(milli_sorted[h]) : static_cast<i128>(milli_sorted[h - 1]) + milli_sorted[h];
    const i128 var_n2 = n * SQ - S * S;  // n² × the population variance
    const i128 multiple_k = std::llround(P.abnormal_median_multiple * 1000), z_k = std::llround(P.abnormal_min_z * 1000);
    // Beyond ~10^12 units a month the products could overflow: compare in long double there.
    const bool exact = S < (static_cast<i128>(1) << 50) && n < 100000;
    const auto& [level, item, month] = key;
    for (std::size_t i = 0; i < members.size(); ++i) {
      const double z = (qty[i] - mean) / sd;
      const i128 dev = n * milli[i] - S;
      const bool above_median = 2000 * static_cast<i128>(milli[i]) > multiple_k * median2;
      const bool above_z = exact ? dev > 0 && dev * dev * 1000000 > z_k * z_k * var_n2
                                 : static_cast<long double>(dev) > static_cast<long double>(z_k) / 1000 *
                                                                      std::sqrt(static_cast<long double>(var_n2));
      if (!above_median || !above_z) continue;
      const auto& cell = members[i].cell;
      const CatalogItem& it = ctx.catalog.at(item);
      Finding f;
      f.rule = RuleId::abnormal_usage;
      f.medins_id = members[i].medins;
      f.related = month_text(month) + "/" + it.code;  // month and drug: one warning per both
      f.day = Date::from_ymd(month / 12, month % 12 + 1, 1).value().days_since_epoch();
      const double excess = qty[i] - P.abnormal_median_multiple * median;
      f.amount_fen = static_cast<std::int64_t>(std::llround(static_cast<double>(cell.amount_fen) * excess / qty[i]));
      f.evidence = month_text(month) + " 本机构" + q(it.name) + "用量 " + format_milli(cell.qty_milli) + "，同级（" + std::to_string(level) +
                   " 级）" + std::to_string(members.size()) + " 家机构的中位数为 " + format_number(median) + "，超过其 " +
                   format_number(P.abnormal_median_multiple) + " 倍，z 值 " + format_number(z) + "。";
      out.push_back(std::move(f));
    }
  }
}

std::vector<Finding> audit_lines(const std::vector<FeeLine>& lines, const AuditContext& ctx, bool with_usage) {
  Batch b(ctx.catalog);
  for (const auto& l : lines) b.add(l.view());
  std::vector<Finding> out;
  UsageTable usage;
  b.audit(ctx, out, with_usage ? &usage : nullptr);
  if (with_usage) audit_usage(usage, ctx, out);
  sort_findings(out);
  return out;
}

void sort_findings(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.psn_no != b.psn_no) return a.psn_no < b.psn_no;
    if (a.mdtrt_id != b.mdtrt_id) return a.mdtrt_id < b.mdtrt_id;
    if (a.feedetl_sn != b.feedetl_sn) return natural_less(a.feedetl_sn, b.feedetl_sn);
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.medins_id != b.medins_id) return a.medins_id < b.medins_id;
    return a.related < b.related;
  });
}

}  // namespace weijian::claims
