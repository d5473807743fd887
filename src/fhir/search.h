#pragma once
// FHIR R4 search parameters: which ones each resource type supports (one table serves the
// checks below and the CapabilityStatement) and the parsing of a search's query string into
// criteria and paging. Every mistake is an Error with a Chinese detail, answered as a 400
// OperationOutcome; nothing here touches the store.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace weijian::fhir {

enum class ParamType { string, token, reference, boolean };

struct ParamSpec {
  std::string_view name;
  ParamType type;
  std::string_view definition;     // the canonical SearchParameter it implements
  std::string_view documentation;  // Chinese: how this server matches it
};

constexpr std::array<std::string_view, 4> kResourceTypes = {"Organization", "Location", "Practitioner", "PractitionerRole"};
bool is_resource_type(std::string_view type);
// The search parameters of a type, _id first; empty for a type this server does not serve.
const std::vector<ParamSpec>& search_params(std::string_view type);
const char* param_type_name(ParamType t);  // "string", "token", …

constexpr int kDefaultCount = 20;
constexpr int kMaxCount = 100;
constexpr int kMaxPage = 100000;

struct Criterion {
  std::string name;
  std::string modifier;  // "" or e.g. "exact"
  std::string value;
};

struct Search {
  std::vector<Criterion> criteria;  // every one must match (repeats are AND)
  int count = kDefaultCount;
  int page = 1;
  bool summary_count = false;  // _summary=count or _count=0: the total only, no entries
};

// The query string as (name, value) pairs in order, percent-decoded with '+' as space.
std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view query);

// Checks every parameter against the type's table; unknown parameters, modifiers and
// malformed paging are refused (400) rather than silently ignored, so that a client never
// mistakes an unfiltered result for a filtered one.
Result<Search> parse_search(std::string_view type, std::string_view query);

// _format and Accept: JSON is the one format served; anything else is a 406.
Status check_format(std::string_view query, std::string_view accept);

// A token "system|code", "|code" (no system) or "code" (any system).
struct Token {
  bool any_system = true;
  std::string system;
  std::string code;
};
Token parse_token(std::string_view value);

// A reference parameter: "Organization/12", "12" or an absolute URL ending in
// "Organization/12" → "12". Naming another resource type is a 400.
Result<std::string> reference_id(std::string_view value, std::string_view type, std::string_view param);

// "true" / "false"; anything else is a 400 naming the parameter.
Result<bool> parse_boolean(std::string_view value, std::string_view param);

// A positive decimal database id, or nullopt (a FHIR id this server never issues).
std::optional<std::int64_t> numeric_id(std::string_view id);
// Syntax of a FHIR id: [A-Za-z0-9\-.]{1,64}.
bool valid_fhir_id(std::string_view id);

std::string percent_encode(std::string_view s);
// The query string that asks for `page` of the same search (criteria, then _count, page).
std::string link_query(const Search& s, int page);

}  // namespace weijian::fhir
