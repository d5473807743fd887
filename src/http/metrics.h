#pragma once
// Request counters and latency histograms per route, rendered in the Prometheus text
// format. Lock-free on the request path: one atomic add per counter.
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace weijian::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,   5,    10};
  // labels[i] = {method, route} for slot i.
  explicit Metrics(std::vector<std::pair<std::string, std::string>> labels);
  void observe(std::size_t slot, int status, double seconds);
  void connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  void set_extra(std::function<std::string()> extra) { extra_ = std::move(extra); }
  std::string render() const;

 private:
  struct Slot {
    std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx … 5xx
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<std::uint64_t> sum_micros{0};
  };
  std::vector<std::pair<std::string, std::string>> labels_;
  std::unique_ptr<Slot[]> slots_;
  std::atomic<std::int64_t> connections_{0};
  std::function<std::string()> extra_;
};

}  // namespace weijian::http
