#pragma once
// The HTTP/1.1 server. Boost.Beast is confined to server.cpp; this header shows none of it.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "core/log.h"
#include "http/metrics.h"
#include "http/router.h"

namespace weijian::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (reported to on_listening)
  int io_threads = 2;
  int workers = 4;  // threads for handlers that block (store, files)
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  int idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 10;
};

class Server {
 public:
  // The router must hold every route before the server is made: its route slots size the
  // metrics. Slots routes().size() and +1 are the web-app fallback and unmatched requests.
  Server(ServerOptions options, const Router& router, Metrics& metrics, AccessLog* access_log);
  ~Server();
  // Binds, calls on_listening(port), and serves until SIGINT/SIGTERM or stop(); then stops
  // accepting, lets requests in flight finish (up to the grace period) and returns.
  Status run(const std::function<void(int port)>& on_listening);
  void stop();  // thread-safe

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace weijian::http
