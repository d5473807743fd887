#include "claims/catalog.h"

#include <algorithm>
#include <map>

#include "claims/number.h"
#include "core/csv.h"

namespace weijian::claims {
namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

const std::vector<CsvColumn>& columns() {
  static const std::vector<CsvColumn> cols = {
      {"catalog_code"}, {"name"},          {"item_type"},   {"generic_group", {}, false}, {"sex_limit", {}, false},
      {"age_min", {}, false}, {"age_max", {}, false}, {"min_medins_lv", {}, false}, {"med_types", {}, false},
      {"indications", {}, false}, {"max_prd_days", {}, false}, {"max_daily_count", {}, false}, {"price_cap", {}, false},
      {"included_in", {}, false}, {"flags", {}, false}};
  return cols;
}

}  // namespace

const char* item_type_label(ItemType t) {
  switch (t) {
    case ItemType::drug: return "药品";
    case ItemType::service: return "诊疗项目";
    case ItemType::consumable: return "医用耗材";
  }
  return "";
}

std::string code_format_problem(ItemType type, std::string_view code) {
  switch (type) {
    case ItemType::drug:
      if (code.size() != 23 || !alnum(code)) return "药品代码应为 23 位大写字母或数字（国家医保药品编码）";
      break;
    case ItemType::service:
      if (code.size() != 15 || !all_digits(code)) return "医疗服务项目代码应为 15 位数字（国家医疗服务项目编码）";
      break;
    case ItemType::consumable:
      if (code.size() != 27 || !alnum(code)) return "医用耗材代码应为 27 位大写字母或数字（国家医保医用耗材编码）";
      break;
  }
  return {};
}

Result<Catalog> Catalog::load(const std::string& path) {
  auto rows = read_data_file(path, columns());
  if (!rows.ok()) return rows.error();
  return from_rows(*rows, path);
}

Result<Catalog> Catalog::from_rows(const std::vector<std::vector<std::string>>& rows, const std::string& source) {
  Catalog c;
  std::map<std::string, int> groups;
  auto bad = [&](std::size_t row, const char* field, const std::string& why) {
    return errors::unavailable("知识库“" + source + "”第 " + std::to_string(row + 1) + " 个条目的 " + field + " 有误：" + why +
                               "。");
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& v = rows[r];
    CatalogItem it;
    it.code = v[0];
    it.name = v[1];
    if (it.name.empty()) return bad(r, "name", "名称不能为空");
    if (v[2] == "drug") it.type = ItemType::drug;
    else if (v[2] == "service") it.type = ItemType::service;
    else if (v[2] == "consumable") it.type = ItemType::consumable;
    else return bad(r, "item_type", "应为 drug、service 或 consumable");
    if (auto p = code_format_problem(it.type, it.code); !p.empty()) return bad(r, "catalog_code", p);
    it.generic_group = v[3];
    if (!it.generic_group.empty()) {
      auto [g, inserted] = groups.emplace(it.generic_group, static_cast<int>(c.groups_.size()));
      if (inserted) c.groups_.push_back(it.generic_group);
      it.group = g->second;
    }
    if (v[4] == "M" || v[4] == "F") it.sex_limit = v[4][0];
    else if (!v[4].empty()) return bad(r, "sex_limit", "应为 M、F 或留空");
    auto int_field = [&](std::size_t col, int min, int max, int& out) {
      if (v[col].empty()) return true;
      auto n = parse_int(v[col]);
      if (!n || *n < min || *n > max) return false;
      out = *n;
      return true;
    };
    if (!int_field(5, 0, 150, it.age_min)) return bad(r, "age_min", "应为 0–150 的整数");
    if (!int_field(6, 0, 150, it.age_max)) return bad(r, "age_max", "应为 0–150 的整数");
    if (it.age_min >= 0 && it.age_max >= 0 && it.age_min > it.age_max) return bad(r, "age_max", "不能小于 age_min");
    if (!int_field(7, 1, 3, it.min_medins_lv)) return bad(r, "min_medins_lv", "应为 1、2 或 3");
    for (const auto& t : split_list(v[8])) {
      auto n = parse_int(t);
      if (!n || (*n != 11 && *n != 14 && *n != 21 && *n != 41)) return bad(r, "med_types", "医疗类别应为 11、14、21、41，以分号分隔");
      it.med_types.push_back(*n);
    }
    it.indications = split_list(v[9]);
    if (!int_field(10, 1, 365, it.max_prd_days)) return bad(r, "max_prd_days", "应为 1–365 的整数");
    if (!v[11].empty()) {
      auto n = parse_milli(v[11]);
      if (!n || *n <= 0) return bad(r, "max_daily_count", "应为正数");
      it.max_daily_count_milli = *n;
    }
    if (!v[12].empty()) {
      auto n = parse_fen(v[12]);
      if (!n || *n <= 0) return bad(r, "price_cap", "应为正的金额（元）");
      it.price_cap_fen = *n;
    }
    it.included_in = split_list(v[13]);
    for (const auto& f : split_list(v[14])) {
      if (f == "adjuvant") it.flags |= kAdjuvant;
      else if (f == "high_value") it.flags |= kHighValue;
      else if (f == "lab") it.flags |= kLab;
      else if (f == "imaging") it.flags |= kImaging;
      else if (f == "bed") it.flags |= kBed;
      else return bad(r, "flags", "“" + f + "”不是可用的标记（adjuvant、high_value、lab、imaging、bed）");
    }
    if (c.index_.intern(it.code) != c.items_.size()) return bad(r, "catalog_code", "代码“" + it.code + "”重复");
    c.items_.push_back(std::move(it));
  }
  for (auto& it : c.items_)
    for (const auto& code : it.included_in)
      if (int i = c.find(code); i >= 0) it.included_in_items.push_back(i);
  return c;
}

}  // namespace weijian::claims
