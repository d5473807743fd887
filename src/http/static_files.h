#pragma once
// Serves the built web application (web/dist): hashed assets cached for a year, index.html
// revalidated every time, and every other unknown GET path answered with index.html so the
// single-page application can route it (SPA fallback). API paths never fall back.
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/message.h"

namespace weijian::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  Response serve(const Request& req);

 private:
  struct Entry {
    std::string body;
    std::string etag;
    std::filesystem::file_time_type mtime;
  };
  // Returns null when the file does not exist; reloads when the file changed on disk.
  const Entry* load(const std::string& relative);
  Response file_response(const Request& req, const std::string& relative, const Entry& e);

  std::filesystem::path root_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> cache_;
};

std::string content_type_for(std::string_view path);

}  // namespace weijian::http
