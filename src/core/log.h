#pragma once
// Structured logs: one JSON object a line. Application events go to stderr; the access log
// (one line per request) goes to a buffered sink flushed by a background thread so that
// logging costs the request path a short append and no system call.
#include <condition_variable>
#include <memory>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.h"
#include "core/error.h"
#include "core/json.h"

namespace weijian {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

// Never pass secrets (passwords, tokens, keys) in fields: logs are not protected.
void log_event(LogLevel level, std::string_view message, Json fields = Json::object());
void set_log_level(LogLevel level);
Result<LogLevel> parse_log_level(std::string_view s);


class AccessLog {
 public:
  // target: "-" for stdout, "off" for nothing, otherwise a file path (appended).
  static Result<std::unique_ptr<AccessLog>> open(const std::string& target);
  ~AccessLog();
  void write(std::string_view line);  // line without the newline
  void flush();

 private:
  explicit AccessLog(std::FILE* f, bool owned);
  void run();
  std::FILE* file_;
  bool owned_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buffer_;  // front: appended to by writers
  std::string back_;    // written out by the flusher
  std::mutex flush_mu_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace weijian
