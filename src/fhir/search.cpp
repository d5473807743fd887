#include "fhir/search.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "http/message.h"

namespace weijian::fhir {
namespace {

constexpr std::string_view kResourceId = "http://hl7.org/fhir/SearchParameter/Resource-id";

const std::vector<ParamSpec> kOrganization = {
    {"_id", ParamType::token, kResourceId, "机构编号（与名录库机构编号相同）"},
    {"name", ParamType::string, "http://hl7.org/fhir/SearchParameter/Organization-name",
     "机构名称包含该文字（不区分大小写）；name:exact 为名称完全相同"},
    {"identifier", ParamType::token, "http://hl7.org/fhir/SearchParameter/Organization-identifier",
     "统一社会信用代码或医保定点机构编码：system|value 或 value，完全相同"},
    {"type", ParamType::token, "http://hl7.org/fhir/SearchParameter/Organization-type",
     "机构类别代码，如 hospital、clinic（本系统代码系统）；HL7 organization-type 的 prov 匹配全部"},
    {"address", ParamType::string, "http://hl7.org/fhir/SearchParameter/Organization-address", "地址包含该文字"},
    {"active", ParamType::boolean, "http://hl7.org/fhir/SearchParameter/Organization-active",
     "true：正常执业；false：暂停执业、吊销或注销"},
};

const std::vector<ParamSpec> kLocation = {
    {"_id", ParamType::token, kResourceId, "机构编号：每个机构一个执业地点，编号与机构相同"},
    {"name", ParamType::string, "http://hl7.org/fhir/SearchParameter/Location-name",
     "机构名称包含该文字（不区分大小写）；name:exact 为名称完全相同"},
    {"address", ParamType::string, "http://hl7.org/fhir/SearchParameter/Location-address", "地址包含该文字"},
    {"organization", ParamType::reference, "http://hl7.org/fhir/SearchParameter/Location-organization",
     "管理该地点的机构：Organization/编号 或 编号"},
};

const std::vector<ParamSpec> kPractitioner = {
    {"_id", ParamType::token, kResourceId, "医务人员编号（与名录库相同）"},
    {"name", ParamType::string, "http://hl7.org/fhir/SearchParameter/Practitioner-name",
     "姓名包含该文字；name:exact 为姓名完全相同"},
    {"identifier", ParamType::token, "http://hl7.org/fhir/SearchParameter/Practitioner-identifier",
     "执业证书编码：system|value 或 value，完全相同（不支持按身份证号查询）"},
    {"gender", ParamType::token, "http://hl7.org/fhir/SearchParameter/individual-gender", "male 或 female"},
    {"active", ParamType::boolean, "http://hl7.org/fhir/SearchParameter/Practitioner-active",
     "true：执业注册有效（已注册）；false：已注销或未注册"},
};

const std::vector<ParamSpec> kPractitionerRole = {
    {"_id", ParamType::token, kResourceId, "“人员编号-机构编号”，如 15-3"},
    {"practitioner", ParamType::reference, "http://hl7.org/fhir/SearchParameter/PractitionerRole-practitioner",
     "医务人员：Practitioner/编号 或 编号"},
    {"organization", ParamType::reference, "http://hl7.org/fhir/SearchParameter/PractitionerRole-organization",
     "执业机构（主要执业机构或多机构执业备案机构）：Organization/编号 或 编号"},
    {"location", ParamType::reference, "http://hl7.org/fhir/SearchParameter/PractitionerRole-location",
     "执业地点：Location/编号 或 编号（与机构编号相同）"},
    {"role", ParamType::token, "http://hl7.org/fhir/SearchParameter/PractitionerRole-role",
     "人员类别：physician、nurse、pharmacist、technician（本系统代码）或 HL7 practitioner-role 的 doctor、nurse、pharmacist"},
    {"active", ParamType::boolean, "http://hl7.org/fhir/SearchParameter/PractitionerRole-active",
     "true：已注册且注册未过有效期；false：其他"},
};

const std::vector<ParamSpec> kNone;

Error bad(std::string detail) {
  Error e = errors::bad_request(std::move(detail));
  return e;
}

Error not_supported(std::string detail) {
  Error e = errors::bad_request(std::move(detail));
  e.type = "not-supported";
  e.title = "不支持的请求";
  return e;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string supported_list(const std::vector<ParamSpec>& specs) {
  std::string out;
  for (const auto& p : specs) out += (out.empty() ? "" : "、") + std::string(p.name);
  return out + "，以及 _count、page、_summary=count、_format=json";
}

Result<int> parse_int(std::string_view value, std::string_view name, int min, int max) {
  int v = 0;
  const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || ec != std::errc() || p != value.data() + value.size() || v < min)
    return bad("参数 " + std::string(name) + " 应为不小于 " + std::to_string(min) + " 的整数，收到“" + std::string(value) + "”。");
  return std::min(v, max);
}

bool json_media_type(std::string_view type) {
  const std::string t = lower(trim(type.substr(0, type.find(';'))));
  return t == "json" || t == "application/json" || t == "application/fhir+json" || t == "application/json+fhir" ||
         t == "application/fhir json" || t == "application/json fhir";  // '+' decoded as a space
}

}  // namespace

bool is_resource_type(std::string_view type) {
  return std::find(kResourceTypes.begin(), kResourceTypes.end(), type) != kResourceTypes.end();
}

const std::vector<ParamSpec>& search_params(std::string_view type) {
  if (type == "Organization") return kOrganization;
  if (type == "Location") return kLocation;
  if (type == "Practitioner") return kPractitioner;
  if (type == "PractitionerRole") return kPractitionerRole;
  return kNone;
}

const char* param_type_name(ParamType t) {
  switch (t) {
    case ParamType::string: return "string";
    case ParamType::token: return "token";
    case ParamType::reference: return "reference";
    case ParamType::boolean: return "token";  // FHIR has no boolean search type: booleans are tokens
  }
  return "string";
}

std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      out.emplace_back(http::percent_decode(pair.substr(0, eq), true),
                       eq == std::string_view::npos ? std::string() : http::percent_decode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Result<Search> parse_search(std::string_view type, std::string_view query) {
  const auto& specs = search_params(type);
  Search s;
  bool count_seen = false, page_seen = false;
  for (auto& [raw_name, value] : query_pairs(query)) {
    const auto colon = raw_name.find(':');
    const std::string name = raw_name.substr(0, colon);
    const std::string modifier = colon == std::string::npos ? std::string() : raw_name.substr(colon + 1);
    if (name == "_format" || name == "_pretty") continue;  // checked by check_format; layout only
    if (name == "_count" || name == "page" || name == "_summary" || name == "_total") {
      if (!modifier.empty()) return bad("参数 " + name + " 不接受修饰符“:" + modifier + "”。");
      if (name == "_count") {
        if (count_seen) return bad("参数 _count 只能出现一次。");
        count_seen = true;
        auto v = parse_int(value, "_count", 0, kMaxCount);
        if (!v.ok()) return v.error();
        if (*v == 0) s.summary_count = true;
        else s.count = *v;
      } else if (name == "page") {
        if (page_seen) return bad("参数 page 只能出现一次。");
        page_seen = true;
        auto v = parse_int(value, "page", 1, kMaxPage);
        if (!v.ok()) return v.error();
        s.page = *v;
      } else if (name == "_summary") {
        if (value == "count") s.summary_count = true;
        else if (value != "false")
          return not_supported("参数 _summary 仅支持 count 或 false，收到“" + value + "”。");
      } else if (value != "accurate" && value != "estimate" && value != "none") {
        return bad("参数 _total 应为 none、estimate 或 accurate，收到“" + value + "”。");
      }
      continue;
    }
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.name == name; });
    if (spec == specs.end()) {
      if (!name.empty() && name[0] == '_')
        return not_supported("不支持参数 " + name + "。" + std::string(type) + " 可用的参数：" + supported_list(specs) + "。");
      return bad("不支持按 " + raw_name + " 查询 " + std::string(type) + "。可用的参数：" + supported_list(specs) + "。");
    }
    if (!modifier.empty() && !(spec->type == ParamType::string && (modifier == "contains" || modifier == "exact")))
      return not_supported("参数 " + name + " 不支持修饰符“:" + modifier + "”" +
                           (spec->type == ParamType::string ? "（可用 :contains、:exact）。" : "。"));
    if (value.empty()) continue;  // FHIR: a parameter without a value is ignored
    if (value.size() > 200) return bad("参数 " + name + " 的值过长（最多 200 个字节）。");
    s.criteria.push_back({name, modifier, value});
  }
  return s;
}

Status check_format(std::string_view query, std::string_view accept) {
  auto refuse = [](const std::string& what) -> Status {
    Error e = errors::not_acceptable("本接口只提供 JSON 格式（application/fhir+json），不支持“" + what + "”：请去掉该设置或改为 _format=json。");
    e.title = "不支持的格式";
    return e;
  };
  for (const auto& [name, value] : query_pairs(query))
    if (name == "_format" && !json_media_type(value)) return refuse("_format=" + value);
  if (accept.empty()) return {};
  std::string_view rest = accept;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string range = lower(trim(rest.substr(0, comma)));
    const std::string type = trim(std::string_view(range).substr(0, range.find(';')));
    if (type == "*/*" || type == "application/*" || json_media_type(type)) return {};
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return refuse("Accept: " + std::string(accept));
}

Token parse_token(std::string_view value) {
  Token t;
  const auto bar = value.find('|');
  if (bar == std::string_view::npos) {
    t.code = std::string(value);
    return t;
  }
  t.any_system = false;
  t.system = std::string(value.substr(0, bar));
  t.code = std::string(value.substr(bar + 1));
  return t;
}

Result<std::string> reference_id(std::string_view value, std::string_view type, std::string_view param) {
  const auto slash = value.rfind('/');
  if (slash == std::string_view::npos) return std::string(value);
  const std::string_view head = value.substr(0, slash);
  const auto prev = head.rfind('/');
  const std::string_view named = prev == std::string_view::npos ? head : head.substr(prev + 1);
  if (named != type)
    return bad("参数 " + std::string(param) + " 应引用 " + std::string(type) + "（如 " + std::string(type) +
               "/12），收到“" + std::string(value) + "”。");
  return std::string(value.substr(slash + 1));
}

Result<bool> parse_boolean(std::string_view value, std::string_view param) {
  if (value == "true") return true;
  if (value == "false") return false;
  return bad("参数 " + std::string(param) + " 应为 true 或 false，收到“" + std::string(value) + "”。");
}

std::optional<std::int64_t> numeric_id(std::string_view id) {
  if (id.empty() || id.size() > 18 || id[0] == '0') return std::nullopt;
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
  if (ec != std::errc() || p != id.data() + id.size() || v <= 0) return std::nullopt;
  return v;
}

bool valid_fhir_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string link_query(const Search& s, int page) {
  std::string q;
  for (const auto& c : s.criteria) {
    q += percent_encode(c.name);
    if (!c.modifier.empty()) q += ":" + percent_encode(c.modifier);
    q += "=" + percent_encode(c.value) + "&";
  }
  if (s.summary_count) return q + "_summary=count";
  return q + "_count=" + std::to_string(s.count) + "&page=" + std::to_string(page);
}

}  // namespace weijian::fhir
