// The only translation unit that includes Boost.Beast. One io_context per I/O thread, each
// run by a single thread, so a connection's coroutine never needs a strand; accepted
// sockets are dealt round-robin. Handlers that block run on a separate worker pool.
#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <thread>

namespace weijian::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

Error parse_error(const beast::error_code& ec, std::size_t header_limit, std::size_t body_limit) {
  if (ec == bhttp::error::header_limit) {
    Error e = errors::bad_request("请求头过大（上限 " + std::to_string(header_limit / 1024) +
                                  " KiB）：请减少 Cookie 或其他请求头的长度。");
    e.code = ErrorCode::header_too_large;
    e.type = "header-too-large";
    e.title = "请求头过大";
    return e;
  }
  if (ec == bhttp::error::body_limit) {
    Error e = errors::too_large("请求体过大（上限 " + std::to_string(body_limit / 1024 / 1024) +
                                " MiB）：请拆分后分批提交。");
    return e;
  }
  Error e = errors::bad_request("无法解析的 HTTP 请求：请检查请求行、请求头和正文格式。");
  e.type = "malformed-request";
  return e;
}

}  // namespace

struct Server::Impl {
  struct SessionState {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;  // touched only on the session's own io_context thread
  };

  ServerOptions opt;
  const Router& router;
  Metrics& metrics;
  AccessLog* access_log;
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::atomic<int> sessions{0};
  std::atomic<std::uint64_t> next_id{0};
  std::mutex registry_mu;
  std::list<std::pair<asio::io_context*, std::shared_ptr<SessionState>>> registry;
  std::size_t fallback_slot, unmatched_slot;

  Impl(ServerOptions o, const Router& r, Metrics& m, AccessLog* log)
      : opt(std::move(o)),
        router(r),
        metrics(m),
        access_log(log),
        ios(make_ios(opt.io_threads)),
        workers(static_cast<std::size_t>(std::max(1, opt.workers))),
        acceptor(*ios[0]),
        signals(*ios[0], SIGINT, SIGTERM),
        fallback_slot(r.routes().size()),
        unmatched_slot(r.routes().size() + 1) {
    for (auto& io : ios) guards.push_back(asio::make_work_guard(*io));
  }

  static std::vector<std::unique_ptr<asio::io_context>> make_ios(int n) {
    std::vector<std::unique_ptr<asio::io_context>> v;
    for (int i = 0; i < std::max(1, n); ++i) v.push_back(std::make_unique<asio::io_context>(1));
    return v;
  }

  static Response invoke(const Handler& h, Request& req) {
    try {
      return h(req);
    } catch (const std::exception& e) {
      log_event(LogLevel::error, "handler threw", {{"path", req.path}, {"what", e.what()}, {"id", req.request_id}});
      return Response::problem(errors::internal("处理请求时发生意外错误，请稍后重试；若问题持续，请联系系统管理员并提供请求编号 " +
                                                req.request_id + "。"),
                               req.path);
    }
  }

  awaitable<Response> on_worker(const Handler& h, Request& req) {
    co_return co_await asio::co_spawn(
        workers.get_executor(), [&h, &req]() -> awaitable<Response> { co_return invoke(h, req); }, use_awaitable);
  }

  awaitable<Response> dispatch(Request& req, std::size_t& slot) {
    auto m = router.match(req);
    if (m.route) {
      slot = m.route->slot;
      if (m.route->run == Run::on_io) co_return invoke(m.route->handler, req);
      co_return co_await on_worker(m.route->handler, req);
    }
    if (m.status == 405) {
      slot = unmatched_slot;
      Error e = errors::bad_request("接口 " + req.path + " 不支持 " + req.method + " 方法，可用的方法：" + m.allow + "。");
      e.code = ErrorCode::method_not_allowed;
      e.type = "method-not-allowed";
      e.title = "请求方法不被允许";
      Response r = Response::problem(e, req.path);
      r.headers.emplace_back("Allow", m.allow);
      co_return r;
    }
    if ((req.method == "GET" || req.method == "HEAD") && router.fallback()) {
      slot = fallback_slot;
      co_return co_await on_worker(router.fallback(), req);
    }
    slot = unmatched_slot;
    co_return Response::problem(errors::not_found("接口 " + req.path + " 不存在：请检查地址和请求方法。"), req.path);
  }

  static Request to_request(bhttp::request<bhttp::string_body>& b, const std::string& remote) {
    Request r;
    r.method = std::string(b.method_string());
    r.target = std::string(b.target());
    const auto q = r.target.find('?');
    r.path = percent_decode(std::string_view(r.target).substr(0, q), false);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    r.headers.reserve(8);
    for (const auto& f : b) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.body = std::move(b.body());
    r.remote = remote;
    return r;
  }

  awaitable<void> write(beast::tcp_stream& stream, const Request& req, Response& res, bool keep_alive) {
    bhttp::response<bhttp::string_body> out;
    out.version(11);
    out.result(static_cast<unsigned>(res.status));
    out.keep_alive(keep_alive);
    if (res.status != 304 && res.status != 204) out.set(bhttp::field::content_type, res.content_type);
    out.set("X-Content-Type-Options", "nosniff");
    out.set("X-Request-Id", req.request_id);
    if (req.path.rfind("/api/", 0) == 0 && res.status < 300) out.set(bhttp::field::cache_control, "no-store");
    for (auto& [k, v] : res.headers) out.set(k, v);
    const std::size_t size = res.body.size();
    if (req.method == "HEAD") {
      out.set(bhttp::field::content_length, std::to_string(size));
    } else if (res.status != 304 && res.status != 204) {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    auto [ec, n] = co_await bhttp::async_write(stream, out, as_tuple);
    (void)n;
    if (ec) stream.socket().close();
  }

  // RFC 3339 UTC with milliseconds; the part up to the second is formatted once a second
  // per thread, since the access log asks for it on every request.
  static void append_now(std::string& out) {
    thread_local std::int64_t cached_second = -1;
    thread_local char prefix[32];
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
    const std::int64_t sec = ms / 1000;
    if (sec != cached_second) {
      const std::string iso = iso_utc(std::chrono::system_clock::time_point(std::chrono::seconds(sec)));
      std::snprintf(prefix, sizeof prefix, "%.19s", iso.c_str());  // up to the seconds
      cached_second = sec;
    }
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms % 1000));
    out += prefix;
    out += frac;
  }

  void log_access(const Request& req, std::size_t slot, int status, std::size_t bytes, double seconds) {
    if (!access_log) return;
    thread_local std::string line;  // reused: no allocation per request once warm
    line.clear();
    line += "{\"time\":\"";
    append_now(line);
    line += "\",\"id\":\"";
    line += req.request_id;
    line += "\",\"remote\":\"";
    line += req.remote;
    line += "\",\"method\":";
    append_json_string(line, req.method);
    line += ",\"path\":";
    append_json_string(line, req.path);
    line += ",\"route\":";
    const auto& routes = router.routes();
    append_json_string(line, slot < routes.size() ? std::string_view(routes[slot].pattern)
                             : slot == fallback_slot ? std::string_view("(web)") : std::string_view("(none)"));
    char tail[96];
    std::snprintf(tail, sizeof tail, ",\"status\":%d,\"bytes\":%zu,\"ms\":%.3f}", status, bytes, seconds * 1000.0);
    line += tail;
    access_log->write(line);
  }

  // After an error answer, stop sending and drain briefly so the client reads the answer
  // instead of a connection reset.
  static awaitable<void> close_gracefully(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    char sink[8192];
    std::size_t drained = 0;
    stream.expires_after(std::chrono::milliseconds(500));
    while (drained < (1u << 20)) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), as_tuple);
      if (rec) break;
      drained += n;
    }
    stream.socket().close(ec);
  }

  awaitable<void> session(tcp::socket socket, asio::io_context* io) {
    sessions.fetch_add(1);
    metrics.connection_opened();
    auto state = std::make_shared<SessionState>();
    std::list<std::pair<asio::io_context*, std::shared_ptr<SessionState>>>::iterator reg;
    {
      std::lock_guard lock(registry_mu);
      reg = registry.emplace(registry.end(), io, state);
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::string remote;
    if (auto ep = socket.remote_endpoint(ignored); !ignored) remote = ep.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    state->stream = &stream;
    beast::flat_buffer buffer;
    bool graceful_close = false;
    while (!stopping.load()) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
      parser.body_limit(opt.max_body_bytes);
      stream.expires_after(std::chrono::seconds(opt.idle_timeout_seconds));
      state->busy = false;
      // Headers first: once they are in, the request is in flight and shutdown waits for it.
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, as_tuple);
      state->busy = true;
      if (!ec && !parser.is_done()) std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, as_tuple);
      (void)n;
      const auto start = std::chrono::steady_clock::now();
      if (ec) {
        const bool quiet = ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
                           ec == beast::error::timeout || ec == asio::error::connection_reset ||
                           ec == asio::error::eof || ec == asio::error::bad_descriptor;
        if (quiet || !stream.socket().is_open()) break;
        // Malformed or oversized: answer with problem+json, then close.
        Request req;
        req.method = "?";
        req.path = "?";
        req.remote = remote;
        req.request_id = "r" + std::to_string(++next_id);
        Response res = Response::problem(parse_error(ec, opt.max_header_bytes, opt.max_body_bytes));
        const int status = res.status;
        const std::size_t bytes = res.body.size();
        stream.expires_after(std::chrono::seconds(5));
        co_await write(stream, req, res, false);
        metrics.observe(unmatched_slot, status, 0);
        log_access(req, unmatched_slot, status, bytes, 0);
        graceful_close = true;
        break;
      }
      auto& breq = parser.get();
      const bool client_keep_alive = breq.keep_alive();
      Request req = to_request(breq, remote);
      req.request_id = "r" + std::to_string(++next_id);
      std::size_t slot = unmatched_slot;
      Response res = co_await dispatch(req, slot);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const int status = res.status;
      const std::size_t bytes = res.body.size();
      metrics.observe(slot, status, seconds);
      log_access(req, slot, status, bytes, seconds);
      const bool keep = client_keep_alive && !stopping.load();
      stream.expires_after(std::chrono::seconds(opt.idle_timeout_seconds));
      co_await write(stream, req, res, keep);
      if (!keep || !stream.socket().is_open()) break;
    }
    if (graceful_close && stream.socket().is_open()) co_await close_gracefully(stream);
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
    {
      std::lock_guard lock(registry_mu);
      registry.erase(reg);
    }
    metrics.connection_closed();
    sessions.fetch_sub(1);
  }

  awaitable<void> accept_loop() {
    std::size_t next = 0;
    while (!stopping.load()) {
      asio::io_context* io = ios[next++ % ios.size()].get();
      auto [ec, socket] = co_await acceptor.async_accept(io->get_executor(), as_tuple);
      if (ec) {
        if (stopping.load() || ec == asio::error::operation_aborted) break;
        log_event(LogLevel::warn, "accept failed", {{"error", ec.message()}});
        asio::steady_timer t(*ios[0], std::chrono::milliseconds(50));  // e.g. out of file descriptors
        co_await t.async_wait(use_awaitable);
        continue;
      }
      asio::co_spawn(*io, session(std::move(socket), io), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log_event(LogLevel::error, "session failed", {{"what", ex.what()}});
        }
      });
    }
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    log_event(LogLevel::info, "shutting down: finishing requests in flight");
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    std::lock_guard lock(registry_mu);
    for (auto& [io, state] : registry) {
      asio::post(*io, [state = state] {
        // Idle keep-alive connections close now; busy ones close after their answer.
        if (!state->busy && state->stream) state->stream->socket().cancel();
      });
    }
  }

  awaitable<void> drain_then_stop() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opt.shutdown_grace_seconds);
    asio::steady_timer t(*ios[0]);
    while (sessions.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      t.expires_after(std::chrono::milliseconds(20));
      co_await t.async_wait(use_awaitable);
    }
    if (sessions.load() > 0)
      log_event(LogLevel::warn, "grace period over; closing remaining connections", {{"open", sessions.load()}});
    for (auto& g : guards) g.reset();
    for (auto& io : ios) io->stop();
  }
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics, AccessLog* access_log)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics, access_log)) {}

Server::~Server() = default;

Status Server::run(const std::function<void(int)>& on_listening) {
  Impl& s = *impl_;
  beast::error_code ec;
  const auto address = asio::ip::make_address(s.opt.host, ec);
  if (ec) return errors::bad_request("监听地址“" + s.opt.host + "”无效：请填写 IP 地址，例如 127.0.0.1 或 0.0.0.0。", {{"host", "无效的 IP 地址"}});
  const tcp::endpoint ep(address, static_cast<unsigned short>(s.opt.port));
  s.acceptor.open(ep.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(ep, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return errors::unavailable("无法在 " + s.opt.host + ":" + std::to_string(s.opt.port) + " 上监听（" + ec.message() +
                               "）：端口可能已被占用，请换一个端口（--port）。");
  const int port = s.acceptor.local_endpoint().port();
  s.signals.async_wait([&s](const beast::error_code& e, int) {
    if (!e) s.begin_shutdown();
  });
  asio::co_spawn(*s.ios[0], s.accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (auto& io : s.ios) threads.emplace_back([io = io.get()] { io->run(); });
  on_listening(port);
  // Wait on a separate thread-free path: the first io_context's stop is signalled by drain.
  while (!s.stopping.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  asio::co_spawn(*s.ios[0], s.drain_then_stop(), asio::detached);
  for (auto& t : threads) t.join();
  s.workers.join();
  if (s.access_log) s.access_log->flush();
  return {};
}

void Server::stop() {
  asio::post(*impl_->ios[0], [s = impl_.get()] { s->begin_shutdown(); });
}

}  // namespace weijian::http
