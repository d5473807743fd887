#include "http/router.h"

#include <algorithm>

namespace weijian::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto next = path.find('/', i);
    const auto end = next == std::string_view::npos ? path.size() : next;
    out.emplace_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler handler, Run run, std::string permission) {
  Route r{std::move(method), pattern, split_path(pattern), std::move(handler), run, routes_.size(), std::move(permission)};
  const bool has_params = std::any_of(r.segments.begin(), r.segments.end(),
                                      [](const std::string& s) { return !s.empty() && s.front() == '{'; });
  if (!has_params) exact_[pattern].push_back(routes_.size());
  routes_.push_back(std::move(r));
}

Router::Match Router::match(Request& req) const {
  const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
  Match m;
  std::vector<std::string> allowed;
  auto consider = [&](const Route& r) -> bool {
    if (r.method == method) {
      m.route = &r;
      return true;
    }
    if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) allowed.push_back(r.method);
    return false;
  };
  if (auto it = exact_.find(req.path); it != exact_.end()) {
    for (std::size_t idx : it->second)
      if (consider(routes_[idx])) return m;
  }
  const auto parts = split_path(req.path);
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::map<std::string, std::string, std::less<>> params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (!seg.empty() && seg.front() == '{' && seg.back() == '}') {
        if (parts[i].empty()) ok = false;
        else params[seg.substr(1, seg.size() - 2)] = percent_decode(parts[i], false);
      } else if (seg != parts[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (consider(r)) {
      req.params = std::move(params);
      return m;
    }
  }
  if (!allowed.empty()) {
    m.status = 405;
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) allowed.push_back("HEAD");
    for (const auto& a : allowed) m.allow += (m.allow.empty() ? "" : ", ") + a;
  }
  return m;
}

}  // namespace weijian::http
