#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace weijian {

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string utc_now_iso() { return iso_utc(std::chrono::system_clock::now()); }

std::string utc_iso_after(std::chrono::seconds from_now) { return iso_utc(std::chrono::system_clock::now() + from_now); }

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
// The Asia/Shanghai wall time of a stored "YYYY-MM-DDTHH:MM…" UTC time.
bool shanghai_tm(const std::string& iso, std::tm& local) {
  std::tm tm{};
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
    return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t t = timegm(&tm) + 8 * 3600;
  gmtime_r(&t, &local);
  return true;
}
}  // namespace

std::string shanghai_display(const std::string& iso) {
  std::tm local{};
  if (!shanghai_tm(iso, local)) return iso;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday,
                local.tm_hour, local.tm_min);
  return buf;
}

std::string shanghai_date_of_iso(const std::string& iso) {
  std::tm local{};
  if (!shanghai_tm(iso, local)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  return buf;
}

}  // namespace weijian
