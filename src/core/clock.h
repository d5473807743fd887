#pragma once
// Time is UTC in storage (RFC 3339 with milliseconds, which sorts as text) and
// Asia/Shanghai (UTC+8, no daylight saving) on screen and in messages.
#include <chrono>
#include <cstdint>
#include <string>

namespace weijian {

std::string iso_utc(std::chrono::system_clock::time_point t);  // 2026-11-22T08:00:00.123Z
std::string utc_now_iso();
std::string utc_iso_after(std::chrono::seconds from_now);
std::int64_t unix_now();
// "2026-11-22 16:00" (Asia/Shanghai) from a stored UTC time; the input unchanged if unparseable.
std::string shanghai_display(const std::string& iso);
// "2026-11-23" (the Asia/Shanghai calendar date) from a stored UTC time; "" if unparseable.
std::string shanghai_date_of_iso(const std::string& iso);

}  // namespace weijian
