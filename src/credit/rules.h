#pragma once
// Credit rules officials may change, from data/credit/: the points table (points.csv) and
// rules.json (scoring cycle, thresholds and their consequences, list triggers, publication
// periods, working-day limits, the rating formula, the publishing authority).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace weijian::credit {

// The contexts another department asks about before it grants something.
constexpr const char* kContexts[] = {"insurance_designation", "key_specialty", "grade_review", "public_funding",
                                     "procurement", "promotion", "license_application"};
constexpr int kContextCount = 7;
int context_index(std::string_view context);  // -1 if unknown
const char* context_label(std::string_view context);
// "a,b" → bit mask over kContexts; unknown names are ignored (rules are validated at load).
std::uint8_t context_mask(const std::vector<std::string>& contexts);
std::string join_contexts(const std::vector<std::string>& contexts);

struct Behaviour {
  std::string code, description, basis;
  int institution_points = 0, practitioner_points = 0;
  int points_for(std::string_view subject_kind) const {
    return subject_kind == "institution" ? institution_points : practitioner_points;
  }
};

struct Threshold {
  int points = 0;
  std::string code, label;
  bool until_cycle_end = false;      // else months (or months_min…months_max)
  int months = 0, months_if_at_once = 0, months_min = 0, months_max = 0;
  std::vector<std::string> contexts, departments;
  bool dishonesty_list = false;
};

struct ListTrigger {
  std::string code, list, label, severity;
  bool responsible_persons = false;
};

struct Period {
  int min_months = 0, max_months = 0;
};

struct RatingFormula {
  int start = 100, per_point = 2, per_penalty = 5, per_serious = 40, per_ordinary = 20, per_honour = 5, max = 100;
  std::vector<std::pair<std::string, int>> grades;  // grade, minimum score; highest first
};

struct Authority {
  std::string name, credit_code, source_unit, source_unit_code;
};

struct CreditRules {
  int cycle_start_month = 1, cycle_start_day = 1;
  std::vector<Behaviour> behaviours;
  std::vector<Threshold> institution_thresholds, practitioner_thresholds;  // ascending points
  std::vector<ListTrigger> triggers;
  Period serious, ordinary;
  std::vector<std::string> serious_contexts, ordinary_contexts;
  int publish_within_wd = 7, restoration_review_wd = 10, notify_within_wd = 5;
  RatingFormula rating;
  Authority authority;
  int sanctions_sync_ms = 1000;
  int sanctions_session_cache_ms = 1000;  // 0: every sanctions query looks its session up

  static Result<CreditRules> load(const std::string& data_dir);

  const Behaviour* behaviour(std::string_view code) const;
  const ListTrigger* trigger(std::string_view code) const;
  const std::vector<Threshold>& thresholds(std::string_view subject_kind) const {
    return subject_kind == "institution" ? institution_thresholds : practitioner_thresholds;
  }
  const Period& period(std::string_view severity) const { return severity == "serious" ? serious : ordinary; }
  const std::vector<std::string>& list_contexts(std::string_view severity) const {
    return severity == "serious" ? serious_contexts : ordinary_contexts;
  }
  // The scoring cycle containing d: its label ("2026" for calendar years, else its first day)
  // and its first and last day.
  struct Cycle {
    std::string label;
    Date first, last;
  };
  Cycle cycle_of(Date d) const;
  // Grade for a score by the formula's bands.
  std::string grade_of(int score) const;
};


}  // namespace weijian::credit
