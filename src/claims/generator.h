#pragma once
// Deterministic, realistic fee lines with injected violations of every rule, for the
// benchmark (`weijian demo claims`) and the demo store. Same seed, same bytes.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "claims/catalog.h"

namespace weijian::claims {

struct GenProvider {
  std::string medins_id;
  int level = 2;         // 1–3
  bool pharmacy = false;
};
struct GenPractitioner {
  std::string dr_codg;
  std::size_t provider = 0;  // index into providers
};

struct GeneratorOptions {
  std::int64_t lines = 100000;
  std::uint64_t seed = 1;
  int first_day = 20454;  // days since 1970-01-01: 2026-01-01
  int days = 181;      // spread over this many days
  double violation_rate = 0.04;  // share of encounters given an injected violation
  // Empty: synthetic providers and practitioners (H/P + 11 digits, 14-digit certificates).
  std::vector<GenProvider> providers;
  std::vector<GenPractitioner> practitioners;
  // For the two registry rules' injected violations: certificates whose registration has
  // ended (with the day it ended), and institutions without a valid licence (billed under another
  // hospital's physician). Empty: certificates and a provider code unknown to any registry.
  std::vector<std::pair<std::string, int>> lapsed_practitioners;
  std::vector<GenProvider> unlicensed_providers;
};

// Calls `sink` with chunks of CSV text (header first); returns the number of lines written.
std::int64_t generate_fee_lines(const Catalog& catalog, GeneratorOptions options, const std::function<void(std::string_view)>& sink);

}  // namespace weijian::claims
