#include "fhir/resources.h"

#include "registry/service.h"

#include <algorithm>

#include "fhir/search.h"

namespace weijian::fhir {
namespace {

struct Code {
  const char* code;
  const char* display;
};


constexpr Code kInstitutionStatuses[] = {
    {"active", "正常执业"}, {"suspended", "暂停执业"}, {"revoked", "吊销"}, {"closed", "注销"}};

constexpr Code kKinds[] = {{"physician", "医师"}, {"nurse", "护士"}, {"pharmacist", "药师"}, {"technician", "技师"}};

// The common compound surnames (复姓).
constexpr std::string_view kCompoundSurnames[] = {
    "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛", "尉迟", "公羊",
    "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文",
    "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正",
    "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐", "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "左丘",
    "西门", "第五", "即墨", "达奚", "褚师", "梁丘", "东里"};

const char* display_of(const Code* begin, const Code* end, std::string_view code) {
  for (const Code* c = begin; c != end; ++c)
    if (code == c->code) return c->display;
  return "";
}

// Splits UTF-8 into code points; nullopt when the bytes are not valid UTF-8.
std::optional<std::vector<std::pair<char32_t, std::string_view>>> code_points(std::string_view s) {
  std::vector<std::pair<char32_t, std::string_view>> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 0x2) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    out.emplace_back(cp, s.substr(i, n));
    i += n;
  }
  return out;
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

// FHIR allows no empty objects: meta only when there is a time to put in it.
Json with_meta(Json resource, const std::string& updated_at) {
  if (!updated_at.empty()) resource["meta"] = {{"lastUpdated", updated_at}};
  return resource;
}

Json address_of(const InstitutionRow& r) {
  Json a = {{"use", "work"}, {"type", "physical"}, {"text", r.address}};
  if (!r.city.empty()) a["city"] = r.city;
  if (!r.district.empty()) a["district"] = r.district;
  a["country"] = "CN";
  return a;
}

Json telecom_of(const InstitutionRow& r) {
  Json t = Json::array();
  if (!r.phone.empty()) t.push_back({{"system", "phone"}, {"value", r.phone}, {"use", "work"}});
  return t;
}

Json kind_coding(std::string_view kind) {
  return {{"system", uri::kPractitionerKind}, {"code", kind}, {"display", kind_display(kind)}};
}

Json reference(std::string_view type, std::int64_t id, const std::string& display) {
  Json r = {{"reference", std::string(type) + "/" + std::to_string(id)}};
  if (!display.empty()) r["display"] = display;
  return r;
}

}  // namespace

const char* category_display(std::string_view category) { return registry::category_label(std::string(category)); }

const char* kind_display(std::string_view kind) { return display_of(std::begin(kKinds), std::end(kKinds), kind); }

const char* hl7_role_code(std::string_view kind) {
  if (kind == "physician") return "doctor";
  if (kind == "nurse") return "nurse";
  if (kind == "pharmacist") return "pharmacist";
  return "";
}

std::string kind_for_role_code(std::string_view code) {
  if (code == "doctor") return "physician";
  if (kind_display(code)[0] != '\0') return std::string(code);
  return {};
}

std::optional<NameParts> split_chinese_name(std::string_view name) {
  const auto cps = code_points(name);
  if (!cps || cps->size() < 2 || cps->size() > 6) return std::nullopt;
  if (!std::all_of(cps->begin(), cps->end(), [](const auto& c) { return is_han(c.first); })) return std::nullopt;
  std::size_t family_chars = 1;
  if (cps->size() >= 3) {
    const std::string first_two = std::string((*cps)[0].second) + std::string((*cps)[1].second);
    if (std::find(std::begin(kCompoundSurnames), std::end(kCompoundSurnames), first_two) != std::end(kCompoundSurnames))
      family_chars = 2;
  }
  NameParts parts;
  for (std::size_t i = 0; i < cps->size(); ++i) (i < family_chars ? parts.family : parts.given) += (*cps)[i].second;
  return parts;
}

Json human_name(std::string_view name) {
  Json n = {{"use", "official"}, {"text", name}};
  if (auto parts = split_chinese_name(name)) {
    n["family"] = parts->family;
    n["given"] = Json::array({parts->given});
  }
  return n;
}

Json organization(const InstitutionRow& r) {
  Json identifiers = Json::array();
  identifiers.push_back({{"use", "official"},
                         {"type", {{"text", "统一社会信用代码"}}},
                         {"system", uri::kUscc},
                         {"value", r.credit_code}});
  if (r.medins_code && !r.medins_code->empty())
    identifiers.push_back({{"use", "secondary"},
                           {"type", {{"text", "医保定点医药机构编码"}}},
                           {"system", uri::kMedinsCode},
                           {"value", *r.medins_code}});
  const char* category = category_display(r.category);
  Json out = with_meta({{"resourceType", "Organization"}, {"id", std::to_string(r.id)}}, r.updated_at);
  const char* status = display_of(std::begin(kInstitutionStatuses), std::end(kInstitutionStatuses), r.status);
  if (status[0] != '\0')
    out["extension"] = Json::array({{{"url", uri::kExtInstitutionStatus},
                                     {"valueCoding", {{"system", uri::kInstitutionStatus}, {"code", r.status}, {"display", status}}}}});
  out["identifier"] = identifiers;
  out["active"] = r.status == "active";
  out["type"] = Json::array({{{"coding", Json::array({{{"system", uri::kInstitutionCategory}, {"code", r.category}, {"display", category}},
                                                      {{"system", uri::kHl7OrganizationType}, {"code", "prov"}, {"display", "Healthcare Provider"}}})},
                              {"text", category[0] ? category : r.category.c_str()}}});
  out["name"] = r.name;
  if (Json t = telecom_of(r); !t.empty()) out["telecom"] = t;
  out["address"] = Json::array({address_of(r)});
  return out;
}

Json location(const InstitutionRow& r) {
  Json out = with_meta({{"resourceType", "Location"}, {"id", std::to_string(r.id)}}, r.updated_at);
  if (!r.jurisdiction.code.empty())
    out["extension"] = Json::array({{{"url", uri::kExtJurisdiction},
                                     {"valueCoding", {{"system", uri::kJurisdiction}, {"code", r.jurisdiction.code},
                                                      {"display", r.jurisdiction.name}}}}});
  out["status"] = r.status == "active" ? "active" : r.status == "suspended" ? "suspended" : "inactive";
  out["name"] = r.name;
  out["mode"] = "instance";
  if (Json t = telecom_of(r); !t.empty()) out["telecom"] = t;
  out["address"] = address_of(r);
  out["physicalType"] = {{"coding", Json::array({{{"system", uri::kHl7LocationPhysicalType}, {"code", "si"}, {"display", "Site"}}})},
                         {"text", "执业场所"}};
  out["managingOrganization"] = reference("Organization", r.id, r.name);
  return out;
}

Json practitioner(const PractitionerRow& r) {
  Json out = with_meta({{"resourceType", "Practitioner"}, {"id", std::to_string(r.id)}}, r.updated_at);
  if (r.practice_cert_no && !r.practice_cert_no->empty())
    out["identifier"] = Json::array({{{"use", "official"},
                                      {"type", {{"text", "执业证书编码"}}},
                                      {"system", uri::kPracticeCert},
                                      {"value", *r.practice_cert_no}}});
  out["active"] = r.status == "registered";
  out["name"] = Json::array({human_name(r.name)});
  if (r.sex == "M") out["gender"] = "male";
  else if (r.sex == "F") out["gender"] = "female";
  else out["gender"] = "unknown";
  // No birthDate: it is personal data a registry client does not need (docs/fhir.md).
  const std::string kind = kind_display(r.kind);
  Json quals = Json::array();
  Json qualification = {{"code", {{"coding", Json::array({kind_coding(r.kind)})}, {"text", kind + "资格"}}}};
  if (!r.qualification_no.empty())
    qualification["identifier"] = Json::array({{{"system", uri::kQualificationCert}, {"value", r.qualification_no}}});
  quals.push_back(qualification);
  if (r.practice_cert_no && !r.practice_cert_no->empty()) {
    std::string text = kind + "执业注册";
    if (!r.practice_category.empty()) text += "：执业类别 " + r.practice_category;
    if (!r.practice_scope.empty()) text += (r.practice_category.empty() ? "：" : "，") + std::string("执业范围 ") + r.practice_scope;
    Json reg = {{"identifier", Json::array({{{"system", uri::kPracticeCert}, {"value", *r.practice_cert_no}}})},
                {"code", {{"coding", Json::array({kind_coding(r.kind)})}, {"text", text}}}};
    Json period = Json::object();
    if (r.registered_on) period["start"] = *r.registered_on;
    if (r.registration_expires_on) period["end"] = *r.registration_expires_on;
    if (!period.empty()) reg["period"] = period;
    quals.push_back(reg);
  }
  out["qualification"] = quals;
  return out;
}

Json practitioner_role(const RoleRow& r, std::string_view today) {
  Json out = {{"resourceType", "PractitionerRole"},
              {"id", role_id(r.practitioner_id, r.institution_id)},
              {"extension", Json::array({{{"url", uri::kExtPracticeSiteKind},
                                          {"valueCoding", {{"system", uri::kPracticeSiteKind},
                                                           {"code", r.primary ? "primary" : "additional"},
                                                           {"display", r.primary ? "主要执业机构" : "多机构执业备案机构"}}}}})}};
  out = with_meta(std::move(out), r.updated_at);
  out["active"] = r.status == "registered" && (!r.end_on || *r.end_on >= today);
  Json period = Json::object();
  if (r.start_on) period["start"] = *r.start_on;
  if (r.end_on) period["end"] = *r.end_on;
  if (!period.empty()) out["period"] = period;
  out["practitioner"] = reference("Practitioner", r.practitioner_id, r.practitioner_name);
  out["organization"] = reference("Organization", r.institution_id, r.institution_name);
  Json codings = Json::array();
  if (const char* hl7 = hl7_role_code(r.kind); hl7[0] != '\0') {
    std::string display = hl7;
    display[0] = static_cast<char>(display[0] - 'a' + 'A');
    codings.push_back({{"system", uri::kHl7PractitionerRole}, {"code", hl7}, {"display", display}});
  }
  codings.push_back(kind_coding(r.kind));
  out["code"] = Json::array({{{"coding", codings}, {"text", kind_display(r.kind)}}});
  if (!r.practice_scope.empty()) out["specialty"] = Json::array({{{"text", r.practice_scope}}});
  out["location"] = Json::array({reference("Location", r.institution_id, r.institution_name)});
  return out;
}

std::string role_id(std::int64_t practitioner_id, std::int64_t institution_id) {
  return std::to_string(practitioner_id) + "-" + std::to_string(institution_id);
}

std::optional<std::pair<std::int64_t, std::int64_t>> parse_role_id(std::string_view id) {
  const auto dash = id.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto p = numeric_id(id.substr(0, dash));
  const auto i = numeric_id(id.substr(dash + 1));
  if (!p || !i) return std::nullopt;
  return std::make_pair(*p, *i);
}

std::vector<std::int64_t> path_ids(std::string_view path) {
  std::vector<std::int64_t> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (auto id = numeric_id(part)) out.push_back(*id);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

Json operation_outcome(std::string_view code, std::string_view diagnostics, std::string_view severity) {
  return {{"resourceType", "OperationOutcome"},
          {"issue", Json::array({{{"severity", severity}, {"code", code}, {"diagnostics", diagnostics}}})}};
}

const char* issue_code(const Error& e) {
  if (e.type == "not-supported") return "not-supported";
  switch (e.code) {
    case ErrorCode::bad_request:
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::unauthorized: return "login";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not-found";
    case ErrorCode::method_not_allowed:
    case ErrorCode::not_acceptable:
    case ErrorCode::unsupported_media_type: return "not-supported";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::too_large:
    case ErrorCode::header_too_large: return "too-long";
    case ErrorCode::unavailable: return "transient";
    default: return "exception";
  }
}

Json searchset(std::string_view base, const std::vector<Json>& resources, std::int64_t total,
               const std::vector<BundleLink>& links, std::string_view now) {
  Json link = Json::array();
  for (const auto& l : links) link.push_back({{"relation", l.relation}, {"url", l.url}});
  Json entries = Json::array();
  for (const auto& r : resources)
    entries.push_back({{"fullUrl", std::string(base) + "/" + r["resourceType"].get<std::string>() + "/" + r["id"].get<std::string>()},
                       {"resource", r},
                       {"search", {{"mode", "match"}}}});
  Json out = {{"resourceType", "Bundle"}, {"meta", {{"lastUpdated", now}}}, {"type", "searchset"}, {"total", total}, {"link", link}};
  if (!entries.empty()) out["entry"] = entries;
  return out;
}

Json capability_statement(std::string_view base, std::string_view software_version, std::string_view now) {
  Json resources = Json::array();
  for (std::string_view type : kResourceTypes) {
    Json params = Json::array();
    for (const auto& p : search_params(type))
      params.push_back({{"name", p.name}, {"definition", p.definition}, {"type", param_type_name(p.type)},
                        {"documentation", p.documentation}});
    resources.push_back({{"type", type},
                         {"profile", "http://hl7.org/fhir/StructureDefinition/" + std::string(type)},
                         {"interaction", Json::array({{{"code", "read"}}, {{"code", "search-type"}}})},
                         {"versioning", "no-version"},
                         {"readHistory", false},
                         {"updateCreate", false},
                         {"searchParam", params}});
  }
  return {
      {"resourceType", "CapabilityStatement"},
      {"id", "weijian-registry"},
      {"url", std::string(base) + "/metadata"},
      {"version", software_version},
      {"name", "WeijianRegistry"},
      {"title", "卫监名录库 FHIR 接口"},
      {"status", "active"},
      {"experimental", false},
      {"date", now},
      {"publisher", "卫监（医疗卫生行业综合监管平台）"},
      {"description",
       "以 FHIR R4 只读提供医疗卫生机构（Organization、Location）与医务人员（Practitioner、PractitionerRole）名录。"
       "Read-only FHIR R4 access to the registry of healthcare institutions and practitioners."},
      {"kind", "instance"},
      {"software", {{"name", "Weijian 卫监"}, {"version", software_version}}},
      {"implementation", {{"description", "卫监名录库 FHIR 接口"}, {"url", base}}},
      {"fhirVersion", "4.0.1"},
      {"format", Json::array({"json", "application/fhir+json"})},
      {"rest",
       Json::array({{{"mode", "server"},
                     {"documentation",
                      "分页：_count（默认 20，最多 100）与 page（从 1 开始），Bundle 的 next/previous 链接给出相邻页；"
                      "_summary=count 只返回总数。不认识的参数答复 400，不会被忽略。数据范围：只返回调用者管辖范围内的记录。"},
                     {"security",
                      {{"cors", false},
                       {"description",
                        "除 /metadata 外均需登录：Authorization: Bearer <会话令牌>（POST /api/v1/auth/login 取得）或会话 Cookie，"
                        "且角色具有 registry.read（查看名录库）权限。"}}},
                     {"resource", resources}}})},
  };
}

}  // namespace weijian::fhir
