#include "core/log.h"

#include <atomic>
#include <chrono>
#include <ctime>

namespace weijian {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::info)};
std::mutex g_stderr_mu;
const char* level_name(LogLevel l) {
  switch (l) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}
}  // namespace

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }

Result<LogLevel> parse_log_level(std::string_view s) {
  if (s == "debug") return LogLevel::debug;
  if (s == "info") return LogLevel::info;
  if (s == "warn") return LogLevel::warn;
  if (s == "error") return LogLevel::error;
  return errors::bad_request("日志级别应为 debug、info、warn 或 error 之一。", {{"log-level", "取值无效"}});
}

void log_event(LogLevel level, std::string_view message, Json fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  Json line = Json::object();
  line["time"] = utc_now_iso();
  line["level"] = level_name(level);
  line["msg"] = message;
  for (auto& [k, v] : fields.items()) line[k] = std::move(v);
  const std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  std::lock_guard lock(g_stderr_mu);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& target) {
  if (target == "off") return std::unique_ptr<AccessLog>();
  if (target == "-" || target.empty()) return std::unique_ptr<AccessLog>(new AccessLog(stdout, false));
  std::FILE* f = std::fopen(target.c_str(), "a");
  if (!f) return errors::bad_request("无法打开访问日志文件“" + target + "”：请检查目录是否存在、是否可写。");
  return std::unique_ptr<AccessLog>(new AccessLog(f, true));
}

// Double buffering: writers append to front_ under a short lock; the flusher swaps front_
// and back_ and writes back_ outside the lock. Both keep their capacity, so a warm log
// allocates nothing, and writers wake the flusher once per threshold, not once per line.
constexpr std::size_t kWakeBytes = 1 << 18;

AccessLog::AccessLog(std::FILE* f, bool owned) : file_(f), owned_(owned) {
  buffer_.reserve(2 * kWakeBytes);
  back_.reserve(2 * kWakeBytes);
  flusher_ = std::thread([this] { run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  flusher_.join();
  if (owned_) std::fclose(file_);
}

void AccessLog::write(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    const std::size_t before = buffer_.size();
    buffer_.append(line);
    buffer_.push_back('\n');
    wake = before < kWakeBytes && buffer_.size() >= kWakeBytes;
  }
  if (wake) cv_.notify_one();
}

void AccessLog::flush() {
  std::lock_guard flushing(flush_mu_);  // one flusher at a time owns back_
  {
    std::lock_guard lock(mu_);
    buffer_.swap(back_);
  }
  if (!back_.empty()) {
    std::fwrite(back_.data(), 1, back_.size(), file_);
    std::fflush(file_);
    back_.clear();
  }
}

void AccessLog::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(200));
    lock.unlock();
    flush();
    lock.lock();
  }
  lock.unlock();
  flush();
}

}  // namespace weijian
