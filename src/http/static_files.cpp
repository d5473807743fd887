#include "http/static_files.h"

#include <fstream>
#include <sstream>

namespace weijian::http {

std::string content_type_for(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

const StaticFiles::Entry* StaticFiles::load(const std::string& relative) {
  const auto full = root_ / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(full, ec)) return nullptr;
  const auto mtime = std::filesystem::last_write_time(full, ec);
  if (ec) return nullptr;
  std::lock_guard lock(mu_);
  auto it = cache_.find(relative);
  if (it != cache_.end() && it->second.mtime == mtime) return &it->second;
  std::ifstream in(full, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream ss;
  ss << in.rdbuf();
  Entry e;
  e.body = ss.str();
  e.mtime = mtime;
  e.etag = "\"" + std::to_string(e.body.size()) + "-" + std::to_string(mtime.time_since_epoch().count()) + "\"";
  // Entries are never erased, so the returned pointer stays valid.
  auto [pos, inserted] = cache_.insert_or_assign(relative, std::move(e));
  return &pos->second;
}

Response StaticFiles::file_response(const Request& req, const std::string& relative, const Entry& e) {
  Response r;
  r.content_type = content_type_for(relative);
  r.headers.emplace_back("ETag", e.etag);
  r.headers.emplace_back("Cache-Control", relative.rfind("assets/", 0) == 0 ? "public, max-age=31536000, immutable"
                                                                             : "no-cache");
  if (r.content_type.rfind("text/html", 0) == 0) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                           "font-src 'self' data:; frame-ancestors 'none'");
    r.headers.emplace_back("X-Frame-Options", "DENY");
  }
  if (req.header("if-none-match") == e.etag) {
    r.status = 304;
    return r;
  }
  r.body = e.body;
  return r;
}

Response StaticFiles::serve(const Request& req) {
  const std::string& path = req.path;
  if (path == "/api" || path.rfind("/api/", 0) == 0 || path.rfind("/fhir/", 0) == 0)
    return Response::problem(errors::not_found("接口 " + path + " 不存在：请检查地址，或查阅 docs/api.md。"), path);
  // Refuse anything that could climb out of the root.
  if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
    return Response::problem(errors::bad_request("路径无效。"), path);
  std::string relative = path.substr(path.find_first_not_of('/') == std::string::npos ? path.size() : path.find_first_not_of('/'));
  if (relative.empty()) relative = "index.html";
  if (const Entry* e = load(relative)) return file_response(req, relative, *e);
  const auto slash = relative.rfind('/');
  const std::string last = slash == std::string::npos ? relative : relative.substr(slash + 1);
  if (last.find('.') != std::string::npos && last != "index.html")
    return Response::problem(errors::not_found("文件 " + path + " 不存在。"), path);
  if (const Entry* index = load("index.html")) return file_response(req, "index.html", *index);
  return Response::problem(errors::unavailable("网页界面尚未构建：请运行 make run（或 scripts/build-web）后刷新页面。"),
                           path);
}

}  // namespace weijian::http
