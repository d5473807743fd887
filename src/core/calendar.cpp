#include "core/calendar.h"

#include "core/json.h"
#include "core/lunar.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace weijian {
namespace {

namespace fs = std::filesystem;

// A year's file is a few dozen lines; anything far larger is the wrong file.
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;

const char* weekday_name(int iso) {
  static constexpr const char* kNames[] = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
  return kNames[iso - 1];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    out.push_back(trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

struct Where {
  std::string path;
  int line = 0;
  std::string text() const { return path + " 第 " + std::to_string(line) + " 行"; }
};

Error bad_line(const Where& w, const std::string& reason) {
  return errors::bad_request("工作日历文件 " + w.text() + "：" + reason);
}

struct Listed {
  bool workday = false;
  Where where;
};

// One year's file, parsed into `listed` (shared across files so a date given twice in two
// files is caught too).
Status parse_file(const std::string& path, int file_year, std::map<int, Listed>& listed) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return errors::bad_request("无法读取工作日历文件 " + path + "：" + ec.message());
  if (size > kMaxFileBytes) {
    return errors::bad_request("工作日历文件 " + path + " 过大（" + std::to_string(size) +
                               " 字节）：每年的文件只有几十行，请检查是否放错了文件。");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return errors::bad_request("无法打开工作日历文件 " + path + "。");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string content = buf.str();
  if (content.starts_with("\xEF\xBB\xBF")) content.erase(0, 3);  // spreadsheet programs add a BOM

  bool header_seen = false;
  bool has_own_holiday = false;
  std::map<std::string, std::vector<std::pair<int, Where>>> blocks;  // holiday name → its days
  std::istringstream lines(content);
  std::string raw;
  for (int lineno = 1; std::getline(lines, raw); ++lineno) {
    const Where where{path, lineno};
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto fields = split_commas(line);
    if (!header_seen) {
      if (fields.size() != 3 || fields[0] != "date" || fields[1] != "kind" || fields[2] != "name") {
        return bad_line(where, "第一行（注释之外）应为表头“date,kind,name”。");
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != 3) {
      return bad_line(where, "应有 3 列（date,kind,name），实有 " + std::to_string(fields.size()) +
                                 " 列；假期名称中不能含英文逗号。");
    }
    auto date = Date::parse(fields[0]);
    if (!date) return bad_line(where, date.error().detail);
    // A notice may reach back into the previous December (元旦 2023 began on 2022-12-31), so
    // those days belong in the file of the notice that set them.
    const bool own_year = date->year() == file_year;
    if (!own_year && !(date->year() == file_year - 1 && date->month() == 12)) {
      return bad_line(where, "日期 " + date->to_string() + " 不属于 " + std::to_string(file_year) +
                                 " 年：每个文件只列本年的日期，以及本年通知调整的上一年 12 月的日期。");
    }
    bool workday = false;
    if (fields[1] == "workday") {
      workday = true;
    } else if (fields[1] != "holiday") {
      return bad_line(where, "类别“" + std::string(fields[1]) + "”无效：应为 holiday（放假）或 workday（调休上班）。");
    }
    if (fields[2].empty()) return bad_line(where, "缺少假期名称（第 3 列），例如“春节”。");
    if (workday && !date->is_weekend()) {
      return bad_line(where, date->to_string() + " 是" + weekday_name(date->day_of_week()) +
                                 "，不能标为 workday：workday 只用于调休上班的星期六、星期日。");
    }
    const int day = date->days_since_epoch();
    if (auto it = listed.find(day); it != listed.end()) {
      return bad_line(where, "日期 " + date->to_string() + " 重复：已在 " + it->second.where.text() + " 列出。");
    }
    listed.emplace(day, Listed{workday, where});
    if (!workday) {
      blocks[std::string(fields[2])].emplace_back(day, where);
      has_own_holiday = has_own_holiday || own_year;
    }
  }
  if (!header_seen)
    return errors::bad_request("工作日历文件 " + path + " 是空的：应有表头“date,kind,name”和放假日期。");
  if (!has_own_holiday) {
    return errors::bad_request("工作日历文件 " + path + " 没有列出 " + std::to_string(file_year) +
                               " 年的任何放假日期（holiday），请对照国务院办公厅的节假日安排通知填写。");
  }
  // Each holiday is one block of consecutive days, weekends included: a gap is almost always
  // a typo (10-17 for 10-07) that would silently shift deadlines.
  for (auto& [name, days] : blocks) {
    std::sort(days.begin(), days.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < days.size(); ++i) {
      if (days[i].first != days[i - 1].first + 1) {
        return bad_line(days[i].second, "“" + name + "”的放假日期不连续：" +
                                            Date::from_days(days[i - 1].first).to_string() + " 之后是 " +
                                            Date::from_days(days[i].first).to_string() +
                                            "。同一假期的每一天（含周末）都应列出。");
      }
    }
  }
  return {};
}

// provisional.json: the statutory holidays by rule, for the years after the last file.
struct Provisional {
  int years_ahead = 0;
  bool compensate_weekends = false;
  std::vector<std::pair<std::string, std::function<Date(int)>>> starts;  // name → first day in a year
  std::vector<int> days;
};

Result<Provisional> load_provisional(const std::string& path) {
  Provisional out;
  std::error_code ec;
  if (!fs::exists(path, ec)) return out;
  std::ifstream in(path, std::ios::binary);
  const Json j = Json::parse(in, nullptr, false);
  auto bad = [&](const std::string& why) { return errors::bad_request("预估日历文件 " + path + "：" + why); };
  if (j.is_discarded() || !j.is_object()) return bad("不是有效的 JSON 对象。");
  if (!j.contains("years_ahead") || !j["years_ahead"].is_number_integer() || j["years_ahead"].get<int>() < 0 ||
      j["years_ahead"].get<int>() > 10)
    return bad("years_ahead 应为 0–10 的整数（最后一个年份文件之后估算几年）。");
  out.years_ahead = j["years_ahead"].get<int>();
  out.compensate_weekends = j.value("compensate_weekends", false);
  if (!j.contains("holidays") || !j["holidays"].is_array() || j["holidays"].empty()) return bad("holidays 应为非空数组。");
  for (const auto& h : j["holidays"]) {
    const std::string name = h.value("name", "");
    if (name.empty()) return bad("每个假日都要有 name。");
    if (!h.contains("days") || !h["days"].is_number_integer() || h["days"].get<int>() < 1 || h["days"].get<int>() > 7)
      return bad("“" + name + "”的 days 应为 1–7 的整数。");
    int month = 0, day = 0;
    auto month_day = [&](const std::string& text) {
      // A leap year (2000) accepts every day that some year has.
      return text.size() == 5 && text[2] == '-' && std::sscanf(text.c_str(), "%2d-%2d", &month, &day) == 2 &&
             Date::from_ymd(2000, month, day).ok();
    };
    std::function<Date(int)> start;
    if (h.contains("date") && h["date"].is_string() && month_day(h["date"].get<std::string>())) {
      start = [month, day](int y) {
        auto d = Date::from_ymd(y, month, day);  // 02-29 in a common year: 03-01
        return d.ok() ? *d : Date::from_ymd(y, 3, 1).value();
      };
    } else if (h.contains("lunar") && h["lunar"] == "eve") {
      start = [](int y) { return lunar::new_year_eve(y); };
    } else if (h.contains("lunar") && h["lunar"].is_string() && month_day(h["lunar"].get<std::string>()) && day <= 30) {
      start = [month, day](int y) {
        auto d = lunar::to_solar(y, month, day);  // day 30 of a short month: the next day
        return d ? *d : lunar::to_solar(y, month, 29).value().add_days(1);
      };
    } else if (h.contains("solar_term") && h["solar_term"].is_number() && h["solar_term"].get<double>() >= 0 &&
               h["solar_term"].get<double>() < 360) {
      const double degrees = h["solar_term"].get<double>();
      start = [degrees](int y) { return lunar::solar_term(y, degrees); };
    } else {
      return bad("“" + name + "”应有 date（公历 MM-DD）、lunar（农历 MM-DD 或 eve 即除夕）或 solar_term（太阳黄经度数）之一。");
    }
    out.starts.emplace_back(name, std::move(start));
    out.days.push_back(h["days"].get<int>());
  }
  return out;
}

// Marks the statutory holidays of a provisional `year` in `working` (indexed from first_day).
void mark_provisional_year(const Provisional& p, int year, int first_day, std::vector<unsigned char>& working) {
  auto at = [&](Date d) -> unsigned char* {
    const long long i = static_cast<long long>(d.days_since_epoch()) - first_day;
    return i >= 0 && i < static_cast<long long>(working.size()) ? &working[static_cast<std::size_t>(i)] : nullptr;
  };
  std::vector<std::pair<Date, int>> blocks;
  for (std::size_t i = 0; i < p.starts.size(); ++i) blocks.emplace_back(p.starts[i].second(year), p.days[i]);
  std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [start, days] : blocks)
    for (int k = 0; k < days; ++k)
      if (auto* w = at(start.add_days(k))) *w = 0;
  if (!p.compensate_weekends) return;
  // Art 6: a statutory day on a Saturday or Sunday is made up on the next working days after it.
  for (const auto& [start, days] : blocks) {
    int owed = 0;
    for (int k = 0; k < days; ++k) owed += start.add_days(k).is_weekend() ? 1 : 0;
    for (Date d = start.add_days(days); owed > 0; d = d.add_days(1)) {
      auto* w = at(d);
      if (!w) break;
      if (*w) {
        *w = 0;
        --owed;
      }
    }
  }
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::load(const std::string& dir) {
  std::error_code ec;
  std::map<int, std::string> files;  // year → path, in year order
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    if (entry.path().extension() != ".csv") continue;
    const std::string stem = entry.path().stem().string();
    const bool four_digits =
        stem.size() == 4 && std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!four_digits || stem == "0000") {
      return errors::bad_request("工作日历目录中的文件 " + entry.path().string() +
                                 " 命名不对：应为四位年份加 .csv，例如 2026.csv。");
    }
    files.emplace(std::stoi(stem), entry.path().string());
  }
  if (ec) return errors::bad_request("无法读取工作日历目录 " + dir + "：" + ec.message());
  if (files.empty()) {
    return errors::bad_request("工作日历目录 " + dir + " 中没有任何年份文件（如 2026.csv）：截止日期无法计算。");
  }
  int previous = 0;
  for (const auto& [year, path] : files) {
    if (previous != 0 && year != previous + 1) {
      return errors::bad_request("工作日历缺少 " + std::to_string(previous + 1) + " 年：已有 " +
                                 std::to_string(previous) + ".csv 和 " + std::to_string(year) +
                                 ".csv，覆盖的年份必须连续。");
    }
    previous = year;
  }

  std::map<int, Listed> listed;
  for (const auto& [year, path] : files) WJ_TRY(parse_file(path, year, listed));
  WJ_ASSIGN_OR_RETURN(const Provisional provisional, load_provisional((fs::path(dir) / "provisional.json").string()));

  WorkingCalendar cal;
  cal.dir_ = dir;
  cal.first_year_ = files.begin()->first;
  cal.last_official_year_ = files.rbegin()->first;
  cal.last_year_ = cal.last_official_year_ + provisional.years_ahead;
  cal.first_day_ = Date::from_ymd(cal.first_year_, 1, 1)->days_since_epoch();
  const int end_day = Date::from_ymd(cal.last_year_, 12, 31)->days_since_epoch() + 1;
  const std::size_t n = static_cast<std::size_t>(end_day - cal.first_day_);
  cal.working_.resize(n);
  cal.worked_through_.resize(n);
  int count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int day = cal.first_day_ + static_cast<int>(i);
    bool working = !Date::from_days(day).is_weekend();
    // Entries for a December before the first covered year fall outside the arrays: unused.
    if (auto l = listed.find(day); l != listed.end()) working = l->second.workday;
    cal.working_[i] = working ? 1 : 0;
  }
  for (int year = cal.last_official_year_ + 1; year <= cal.last_year_; ++year)
    mark_provisional_year(provisional, year, cal.first_day_, cal.working_);
  for (std::size_t i = 0; i < n; ++i) {
    count += cal.working_[i];
    cal.worked_through_[i] = count;
  }
  return cal;
}

Error WorkingCalendar::uncovered(int year) const {
  std::string dir = dir_;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  const int from = year > last_year_ ? last_year_ + 1 : year;
  const int to = year > last_year_ ? year : first_year_ - 1;
  const int add_from = year > last_year_ ? last_official_year_ + 1 : from;
  std::string add = std::to_string(add_from) + ".csv";
  if (to != add_from) add += " 至 " + std::to_string(to) + ".csv（覆盖的年份须连续）";
  std::string covered = std::to_string(first_year_) + "–" + std::to_string(last_official_year_) + " 年";
  if (last_year_ > last_official_year_)
    covered += "，" + std::to_string(last_official_year_ + 1) + "–" + std::to_string(last_year_) + " 年为预估";
  return errors::unavailable("工作日历未包含 " + std::to_string(year) + " 年的节假日安排（现覆盖 " + covered + "）：请在 " +
                             dir + " 中添加 " + add + "，见 docs/calendar.md。");
}

Result<int> WorkingCalendar::index_of(Date d) const {
  const long long i = static_cast<long long>(d.days_since_epoch()) - first_day_;
  if (i < 0 || i >= static_cast<long long>(working_.size())) return uncovered(d.year());
  return static_cast<int>(i);
}

Result<bool> WorkingCalendar::is_working_day(Date d) const {
  auto i = index_of(d);
  if (!i) return i.error();
  return working_[static_cast<std::size_t>(*i)] != 0;
}

Result<Date> WorkingCalendar::add_working_days(Date start, int n) const {
  if (n < 0) return errors::bad_request("工作日数不能为负数（收到 " + std::to_string(n) + "）。");
  auto i = index_of(start);
  if (!i) return i.error();
  const auto at = static_cast<std::size_t>(*i);
  // The answer is the first day whose running count reaches `target`: that day is a working
  // day, because the count only rises on working days.
  long long target = static_cast<long long>(worked_through_[at]) + n;
  if (n == 0 && !working_[at]) target += 1;
  if (target > worked_through_.back()) return uncovered(last_year_ + 1);
  const auto found = std::lower_bound(worked_through_.begin(), worked_through_.end(), target,
                                      [](int have, long long want) { return have < want; });
  return Date::from_days(first_day_ + static_cast<int>(found - worked_through_.begin()));
}

Result<int> WorkingCalendar::working_days_between(Date from, Date to) const {
  auto i = index_of(from);
  if (!i) return i.error();
  auto j = index_of(to);
  if (!j) return j.error();
  return worked_through_[static_cast<std::size_t>(*j)] - worked_through_[static_cast<std::size_t>(*i)];
}

}  // namespace weijian
