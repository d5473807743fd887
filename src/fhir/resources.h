#pragma once
// FHIR R4 resources made from registry rows: pure functions from plain row values to JSON,
// so that every mapping rule is tested without a store. What is deliberately left out
// (national ID numbers, birth dates, legal representatives …) never reaches these rows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace weijian::fhir {

// Our naming systems and code systems. They are names, not web pages: stable URIs under a
// domain of ours (docs/fhir.md lists them). A deployment that registers OIDs (WS/T 682)
// can map them one to one.
namespace uri {
constexpr const char* kBase = "https://weijian.example/fhir";
constexpr const char* kUscc = "https://weijian.example/fhir/sid/uscc";                  // 统一社会信用代码
constexpr const char* kMedinsCode = "https://weijian.example/fhir/sid/medins-code";      // 医保定点医药机构编码
constexpr const char* kPracticeCert = "https://weijian.example/fhir/sid/practice-cert";  // 执业证书编码
constexpr const char* kQualificationCert = "https://weijian.example/fhir/sid/qualification-cert";  // 资格证书编码
constexpr const char* kInstitutionCategory = "https://weijian.example/fhir/CodeSystem/institution-category";
constexpr const char* kInstitutionStatus = "https://weijian.example/fhir/CodeSystem/institution-status";
constexpr const char* kPractitionerKind = "https://weijian.example/fhir/CodeSystem/practitioner-kind";
constexpr const char* kJurisdiction = "https://weijian.example/fhir/CodeSystem/jurisdiction";
constexpr const char* kPracticeSiteKind = "https://weijian.example/fhir/CodeSystem/practice-site-kind";
constexpr const char* kExtInstitutionStatus = "https://weijian.example/fhir/StructureDefinition/institution-status";
constexpr const char* kExtJurisdiction = "https://weijian.example/fhir/StructureDefinition/jurisdiction";
constexpr const char* kExtPracticeSiteKind = "https://weijian.example/fhir/StructureDefinition/practice-site-kind";
constexpr const char* kHl7OrganizationType = "http://terminology.hl7.org/CodeSystem/organization-type";
constexpr const char* kHl7PractitionerRole = "http://terminology.hl7.org/CodeSystem/practitioner-role";
constexpr const char* kHl7LocationPhysicalType = "http://terminology.hl7.org/CodeSystem/location-physical-type";
}  // namespace uri

struct JurisdictionRef {
  std::string code, name, level;  // the jurisdiction the institution is placed in (usually a grid cell)
};

struct InstitutionRow {
  std::int64_t id = 0;
  std::string credit_code, name, category, status, address, phone, updated_at;
  std::optional<std::string> medins_code;
  JurisdictionRef jurisdiction;
  std::string city, district;  // names of the ancestor city and district; "" when unknown
};

struct PractitionerRow {
  std::int64_t id = 0;
  std::string name, sex, kind, qualification_no, practice_category, practice_scope, status, updated_at;
  std::optional<std::string> practice_cert_no, registered_on, registration_expires_on;
};

// One PractitionerRole: the primary institution or one additional practice site (多机构执业).
struct RoleRow {
  std::int64_t practitioner_id = 0, institution_id = 0;
  bool primary = true;
  std::optional<std::string> start_on, end_on;
  std::string practitioner_name, institution_name, kind, practice_scope, status, updated_at;
};

const char* category_display(std::string_view category);  // 医院 …; "" when unknown
const char* kind_display(std::string_view kind);          // 医师 …
// HL7 practitioner-role code for our kind; "" when HL7 has none (technician).
const char* hl7_role_code(std::string_view kind);
// Our kind for an HL7 practitioner-role code or our own code; "" when neither.
std::string kind_for_role_code(std::string_view code);

// A Chinese name as a FHIR HumanName split: the family name is the first character, or the
// first two for a known compound surname (欧阳、司马 …) when the name has at least three.
// nullopt when the name is not 2–6 Han characters (e.g. "阿依古丽·买买提"): text only then.
struct NameParts {
  std::string family, given;
};
std::optional<NameParts> split_chinese_name(std::string_view name);
Json human_name(std::string_view name);

Json organization(const InstitutionRow& r);
Json location(const InstitutionRow& r);
Json practitioner(const PractitionerRow& r);
// today: YYYY-MM-DD in Asia/Shanghai; a role whose registration ended before it is inactive.
Json practitioner_role(const RoleRow& r, std::string_view today);

// "<practitioner>-<institution>" and back.
std::string role_id(std::int64_t practitioner_id, std::int64_t institution_id);
std::optional<std::pair<std::int64_t, std::int64_t>> parse_role_id(std::string_view id);

// The jurisdiction ids on a path "/1/4/12/" → {1, 4, 12}.
std::vector<std::int64_t> path_ids(std::string_view path);

// OperationOutcome with one issue; `code` from the FHIR issue-type value set.
Json operation_outcome(std::string_view code, std::string_view diagnostics, std::string_view severity = "error");
// The issue-type code for an Error (status and type).
const char* issue_code(const Error& e);

struct BundleLink {
  std::string relation, url;
};
// A searchset Bundle; base is the absolute service base ("http://host/fhir").
Json searchset(std::string_view base, const std::vector<Json>& resources, std::int64_t total,
               const std::vector<BundleLink>& links, std::string_view now);

// The CapabilityStatement of this server (GET /fhir/metadata).
Json capability_statement(std::string_view base, std::string_view software_version, std::string_view now);

}  // namespace weijian::fhir
