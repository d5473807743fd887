#pragma once
// Routes by method and path pattern; `{name}` segments capture path parameters.
// A route says where its handler runs: on the I/O thread (cheap, no blocking: health,
// metrics) or on the worker pool (anything that touches the store or does real work).
#include <cstddef>
#include <functional>
#include <string>
#include <any>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.h"

namespace weijian::http {

using Handler = std::function<Response(Request&)>;
enum class Run { on_io, on_worker };

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  Run run;
  std::size_t slot;        // index for metrics
  std::string permission;  // the action a caller must be allowed; empty: public
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, Run run = Run::on_worker,
           std::string permission = {});

  struct Match {
    const Route* route = nullptr;
    int status = 404;   // 404 or 405 when route is null
    std::string allow;  // for 405: the methods the path does accept
  };
  // HEAD is answered by the GET route. Fills req.params on success.
  Match match(Request& req) const;

  // Serves GET/HEAD requests that match no route (the web application).
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }
  const Handler& fallback() const { return fallback_; }

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::unordered_map<std::string, std::vector<std::size_t>> exact_;  // path → routes without parameters
  Handler fallback_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace weijian::http
