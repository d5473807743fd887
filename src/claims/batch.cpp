#include "claims/batch.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace weijian::claims {
namespace {

constexpr std::size_t kPartitions = 64;
constexpr std::size_t kBlockBytes = 16 << 20;

struct Partition {
  std::mutex mu;
  std::unique_ptr<Batch> batch;
};

struct BadRow {
  std::int64_t line;  // within its range until fixed up
  std::string field, value, reason;
};

struct RangeOut {
  std::int64_t lines = 0;  // physical lines in the range
  std::int64_t rows = 0;
  std::vector<BadRow> bad;
};

// Parses [begin, end) (whole lines) and hands each line to the partition of its person.
void parse_range(const char* begin, const char* end, const FeeCsv& csv, std::vector<Partition>& parts, RangeOut& out,
                 std::vector<std::vector<std::pair<FeeLineView, std::uint64_t>>>& local, std::size_t first_part) {
  for (auto& v : local) v.clear();
  FeeLineView v;
  std::string_view field;
  std::string reason, value;
  const char* p = begin;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* stop = nl ? nl : end;
    std::string_view line(p, static_cast<std::size_t>(stop - p));
    ++out.lines;
    p = nl ? nl + 1 : end;
    if (line.empty() || line == "\r") continue;
    ++out.rows;
    if (!csv.parse(line, v, field, reason, value)) {
      out.bad.push_back({out.lines, std::string(field), value, reason});
      continue;
    }
    // Partition by high bits: the pools inside a partition index their tables by the low bits.
    const std::uint64_t h = hash_bytes(v.psn_no);
    local[(h >> 40) % kPartitions].emplace_back(v, h);
  }
  for (std::size_t k = 0; k < kPartitions; ++k) {
    const std::size_t i = (first_part + k) % kPartitions;
    if (local[i].empty()) continue;
    std::lock_guard lock(parts[i].mu);
    for (const auto& [line, h] : local[i]) parts[i].batch->add(line, h);
  }
}

std::string csv_field(std::string_view s) { return csv_escape(s); }

}  // namespace

Result<BatchResult> audit_file(const std::string& path, const AuditContext& ctx, const BatchOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return errors::bad_request("无法读取费用明细文件“" + path + "”。");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, std::fclose);
  std::fseek(f, 0, SEEK_END);
  const std::uint64_t total = static_cast<std::uint64_t>(std::max<long>(0, std::ftell(f)));
  std::fseek(f, 0, SEEK_SET);

  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<Partition> parts(kPartitions);
  for (auto& p : parts) p.batch = std::make_unique<Batch>(ctx.catalog);

  std::vector<char> buf[2] = {std::vector<char>(kBlockBytes + 1), std::vector<char>(kBlockBytes + 1)};
  std::size_t carry = 0;  // bytes of an unfinished line at the start of the current buffer
  int cur = 0;
  auto fill = [&](std::vector<char>& b, std::size_t keep) -> std::size_t {
    if (b.size() < keep + kBlockBytes) b.resize(keep + kBlockBytes);
    return keep + std::fread(b.data() + keep, 1, kBlockBytes, f);
  };
  std::size_t have = fill(buf[cur], 0);
  BatchResult result;

  // The header: the first line.
  const char* nl = static_cast<const char*>(std::memchr(buf[cur].data(), '\n', have));
  if (!nl && have == 0) return errors::bad_request("费用明细为空：第一行应为表头。");
  const std::size_t header_len = nl ? static_cast<std::size_t>(nl - buf[cur].data()) : have;
  auto csv = FeeCsv::open(std::string_view(buf[cur].data(), header_len));
  if (!csv.ok()) return csv.error();
  std::size_t start = nl ? header_len + 1 : have;
  std::int64_t line_base = 1;  // physical lines before the current block's first line

  std::vector<RangeOut> outs(threads);
  std::vector<std::vector<std::vector<std::pair<FeeLineView, std::uint64_t>>>> locals(
      threads, std::vector<std::vector<std::pair<FeeLineView, std::uint64_t>>>(kPartitions));
  bool eof = have < kBlockBytes;
  for (;;) {
    // Whole lines of this buffer: [start, last newline]; the rest moves to the next buffer.
    char* data = buf[cur].data();
    std::size_t end = have;
    if (!eof) {
      const char* last = nullptr;
      for (std::size_t i = have; i > start; --i)
        if (data[i - 1] == '\n') {
          last = data + i;
          break;
        }
      if (!last) {
        // One line longer than a block: grow the buffer and read more.
        buf[cur].resize(buf[cur].size() * 2);
        const std::size_t more = std::fread(buf[cur].data() + have, 1, buf[cur].size() - have, f);
        eof = more == 0;
        have += more;
        continue;
      }
      end = static_cast<std::size_t>(last - data);
    }
    // Split into one range per thread at line boundaries.
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::size_t s = start;
    for (unsigned t = 0; t < threads; ++t) {
      std::size_t e = t + 1 == threads ? end : std::min(end, start + (end - start) * (t + 1) / threads);
      while (e < end && e > s && data[e - 1] != '\n') ++e;
      ranges.push_back({s, std::max(s, e)});
      s = std::max(s, e);
    }
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      outs[t] = RangeOut{};
      workers.emplace_back([&, t] {
        parse_range(data + ranges[t].first, data + ranges[t].second, *csv, parts, outs[t], locals[t], t * kPartitions / threads);
      });
    }
    // Meanwhile, read the next block behind the unfinished line.
    const int next = 1 - cur;
    std::size_t next_have = 0;
    bool next_eof = eof;
    if (!eof) {
      carry = have - end;
      if (buf[next].size() < carry + kBlockBytes) buf[next].resize(carry + kBlockBytes);
      std::memcpy(buf[next].data(), data + end, carry);
      next_have = fill(buf[next], carry);
      next_eof = next_have < carry + kBlockBytes;
    }
    for (auto& w : workers) w.join();
    for (unsigned t = 0; t < threads; ++t) {
      for (const auto& b : outs[t].bad) result.report.add(line_base + b.line, b.field, b.value, b.reason);
      line_base += outs[t].lines;
      result.lines += outs[t].rows;
    }
    if (options.strict && !result.report.ok()) {
      const auto& i = result.report.issues.front();
      return errors::bad_request("第 " + std::to_string(i.line) + " 行" + (i.field.empty() ? "" : "的 " + i.field) + "有误：" + i.reason +
                                 "。严格模式（--strict）下整个文件不予审核。");
    }
    if (options.progress) options.progress(std::min<std::uint64_t>(static_cast<std::uint64_t>(std::ftell(f)), total), total, 0);
    if (eof) break;
    cur = next;
    have = next_have;
    eof = next_eof;
    start = 0;
  }
  const auto t1 = clock::now();
  result.read_seconds = std::chrono::duration<double>(t1 - t0).count();

  // Audit the partitions in parallel, each sorted by its worker; hand them to the sink in
  // partition order as they are done. Workers stay at most `window` partitions ahead of the
  // sink, so unwritten findings are bounded whatever the input.
  std::vector<std::vector<Finding>> found(kPartitions);
  std::vector<char> ready(kPartitions, 0);
  std::vector<UsageTable> usage(threads);
  std::mutex mu;
  std::condition_variable cv;
  std::size_t emitted = 0;
  bool stop = false;
  const std::size_t window = 2 * static_cast<std::size_t>(threads) + 2;
  std::atomic<std::size_t> next_part{0};
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (std::size_t p; (p = next_part.fetch_add(1)) < kPartitions;) {
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return stop || p < emitted + window; });
          if (stop) return;
        }
        parts[p].batch->audit(ctx, found[p], &usage[t]);
        parts[p].batch.reset();  // free the lines as soon as they are audited
        sort_findings(found[p]);
        {
          std::lock_guard lock(mu);
          ready[p] = 1;
        }
        cv.notify_all();
      }
    });
  auto take = [&](std::vector<Finding>& v) -> Status {
    for (const auto& fnd : v) {
      ++result.counts[static_cast<std::size_t>(fnd.rule)];
      result.amounts_fen[static_cast<std::size_t>(fnd.rule)] += fnd.amount_fen;
    }
    result.finding_count += static_cast<std::int64_t>(v.size());
    if (options.sink) return options.sink(v);
    std::move(v.begin(), v.end(), std::back_inserter(result.findings));
    return {};
  };
  Status sunk;
  for (std::size_t p = 0; p < kPartitions && sunk.ok(); ++p) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return ready[p] != 0; });
    }
    sunk = take(found[p]);
    std::vector<Finding>().swap(found[p]);
    {
      std::lock_guard lock(mu);
      emitted = p + 1;
      stop = !sunk.ok();
    }
    cv.notify_all();
    if (options.progress) options.progress(p + 1, kPartitions, 1);
  }
  for (auto& w : workers) w.join();
  if (!sunk.ok()) return sunk.error();
  UsageTable merged;
  for (const auto& u : usage) merged.merge(u);
  std::vector<Finding> usage_findings;
  audit_usage(merged, ctx, usage_findings);
  sort_findings(usage_findings);
  if (Status st = take(usage_findings); !st.ok()) return st.error();
  result.audit_seconds = std::chrono::duration<double>(clock::now() - t1).count();
  return result;
}

std::string finding_csv_header() {
  return "rule_id,rule_name,verdict,psn_no,mdtrt_id,feedetl_sn,related,medins_id,dr_codg,amount,evidence\r\n";
}

std::string finding_csv_row(const Finding& f, const RuleBase& rules) {
  const Rule& r = rules.rule(f.rule);
  std::string row;
  row.reserve(256);
  for (std::string_view v : {std::string_view(rule_key(f.rule)), std::string_view(r.name), std::string_view(verdict_key(r.verdict)),
                             std::string_view(f.psn_no), std::string_view(f.mdtrt_id), std::string_view(f.feedetl_sn),
                             std::string_view(f.related), std::string_view(f.medins_id), std::string_view(f.dr_codg)}) {
    row += csv_field(v);
    row += ',';
  }
  row += format_yuan(f.amount_fen);
  row += ',';
  row += csv_field(f.evidence);
  row += "\r\n";
  return row;
}

Json finding_json(const Finding& f, const RuleBase& rules) {
  const Rule& r = rules.rule(f.rule);
  return Json{{"rule_id", rule_key(f.rule)}, {"rule_name", r.name},   {"verdict", verdict_key(r.verdict)}, {"psn_no", f.psn_no},
              {"mdtrt_id", f.mdtrt_id},      {"feedetl_sn", f.feedetl_sn}, {"related", f.related}, {"medins_id", f.medins_id},
              {"dr_codg", f.dr_codg},        {"amount", format_yuan(f.amount_fen)}, {"evidence", f.evidence}};
}

FindingWriter::FindingWriter(std::string path, const RuleBase& rules, std::FILE* f, bool json)
    : path_(std::move(path)), rules_(rules), file_(f), json_(json) {
  chunk_.reserve(1 << 20);
  if (json_) chunk_ += "[\n";
  else chunk_ += "\xEF\xBB\xBF" + finding_csv_header();
}

FindingWriter::FindingWriter(FindingWriter&& o) noexcept
    : path_(std::move(o.path_)), rules_(o.rules_), file_(std::exchange(o.file_, nullptr)), json_(o.json_), first_(o.first_),
      chunk_(std::move(o.chunk_)) {}

FindingWriter::~FindingWriter() {
  if (!file_) return;
  std::fclose(file_);
  std::remove((path_ + ".partial").c_str());
}

Result<FindingWriter> FindingWriter::open(const std::string& path, const RuleBase& rules) {
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  std::FILE* f = std::fopen((path + ".partial").c_str(), "wb");
  if (!f) return errors::bad_request("无法写入“" + path + "”：目录不存在或无写权限。");
  return FindingWriter(path, rules, f, json);
}

Status FindingWriter::flush() {
  if (!chunk_.empty() && std::fwrite(chunk_.data(), 1, chunk_.size(), file_) != chunk_.size())
    return errors::internal("写入“" + path_ + "”失败（磁盘已满？）。");
  chunk_.clear();
  return {};
}

Status FindingWriter::write(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    if (json_) {
      if (!first_) chunk_ += ",\n";
      chunk_ += finding_json(f, rules_).dump();
    } else {
      chunk_ += finding_csv_row(f, rules_);
    }
    first_ = false;
    if (chunk_.size() > (1 << 20) - 4096) WJ_TRY(flush());
  }
  return {};
}

Status FindingWriter::finish() {
  if (json_) chunk_ += first_ ? "]\n" : "\n]\n";
  WJ_TRY(flush());
  std::FILE* f = std::exchange(file_, nullptr);
  const std::string partial = path_ + ".partial";
  if (std::fclose(f) != 0) {
    std::remove(partial.c_str());
    return errors::internal("写入“" + path_ + "”失败（磁盘已满？）。");
  }
  if (std::rename(partial.c_str(), path_.c_str()) != 0) {
    std::remove(partial.c_str());
    return errors::internal("无法将结果文件改名为“" + path_ + "”。");
  }
  return {};
}

}  // namespace weijian::claims
