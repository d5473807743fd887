#include "http/metrics.h"

#include <sstream>

namespace weijian::http {

Metrics::Metrics(std::vector<std::pair<std::string, std::string>> labels)
    : labels_(std::move(labels)), slots_(new Slot[labels_.size()]) {}

void Metrics::observe(std::size_t slot, int status, double seconds) {
  if (slot >= labels_.size()) return;
  Slot& s = slots_[slot];
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_class[cls - 1].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::ostringstream o;
  o << "# HELP weijian_http_requests_total HTTP requests answered, by route and status class.\n"
       "# TYPE weijian_http_requests_total counter\n";
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    for (int c = 0; c < 5; ++c) {
      const auto n = slots_[i].by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      o << "weijian_http_requests_total{method=\"" << labels_[i].first << "\",route=\"" << labels_[i].second
        << "\",status=\"" << (c + 1) << "xx\"} " << n << "\n";
    }
  }
  o << "# HELP weijian_http_request_duration_seconds Time from request parsed to response ready.\n"
       "# TYPE weijian_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    const Slot& s = slots_[i];
    std::uint64_t total = 0;
    for (const auto& b : s.buckets) total += b.load(std::memory_order_relaxed);
    if (total == 0) continue;
    const std::string l = "method=\"" + labels_[i].first + "\",route=\"" + labels_[i].second + "\"";
    std::uint64_t cum = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cum += s.buckets[b].load(std::memory_order_relaxed);
      o << "weijian_http_request_duration_seconds_bucket{" << l << ",le=\"" << kBuckets[b] << "\"} " << cum << "\n";
    }
    cum += s.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    o << "weijian_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << cum << "\n";
    o << "weijian_http_request_duration_seconds_sum{" << l << "} "
      << static_cast<double>(s.sum_micros.load(std::memory_order_relaxed)) / 1e6 << "\n";
    o << "weijian_http_request_duration_seconds_count{" << l << "} " << cum << "\n";
  }
  o << "# HELP weijian_http_open_connections Client connections open now.\n"
       "# TYPE weijian_http_open_connections gauge\n"
       "weijian_http_open_connections "
    << connections_.load(std::memory_order_relaxed) << "\n";
  if (extra_) o << extra_();
  return o.str();
}

}  // namespace weijian::http
