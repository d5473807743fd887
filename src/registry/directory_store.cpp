#include "registry/directory.h"

#include "registry/identifiers.h"

namespace weijian::registry {

Result<std::optional<Subject>> Directory::subject(store::Conn& c, const std::string& raw) const {
  const std::string code = normalize_code(raw);
  auto inst = c.query("SELECT id, credit_code, name, legal_representative, jurisdiction_path FROM institutions WHERE credit_code = $1",
                      {code});
  if (!inst.ok()) return inst.error();
  if (!inst->empty()) {
    const store::Row r = inst->row(0);
    return std::optional<Subject>(Subject{"institution", r.integer("id"), r.text("credit_code"), r.text("name"), r.text("legal_representative"),
                   r.text("jurisdiction_path")});
  }
  auto pr = c.query("SELECT id, id_number, name, jurisdiction_path FROM practitioners WHERE id_number = $1", {code});
  if (!pr.ok()) return pr.error();
  return store::first_row(*pr, [](const store::Row& r) {
    return Subject{"practitioner", r.integer("id"), r.text("id_number"), r.text("name"), "", r.text("jurisdiction_path")};
  });
}

Result<Subject> Directory::find_subject(store::Conn& c, const std::string& code, const char* field, const store::Scope& scope) const {
  WJ_ASSIGN_OR_RETURN(auto found, subject(c, code));
  if (!found || (found->kind == "practitioner" && !scope.contains(found->jurisdiction_path)))
    return errors::validation("名录库中没有统一社会信用代码或身份证号为“" + normalize_code(code) + "”的机构或医务人员，或不在您的管辖范围内。",
                              {{field, "名录库中不存在"}});
  if (!scope.contains(found->jurisdiction_path)) return errors::validation("该机构不在您的管辖范围内。", {{field, "不在您的管辖范围内"}});
  return *found;
}

Result<Subject> Directory::read_subject(store::Conn& c, const store::Scope& scope, const std::optional<std::string>& code,
                                        FieldReader& r, const char* field) const {
  if (!code) return Subject{};
  auto found = find_subject(c, *code, field, scope);
  if (found.ok()) return found;
  if (found.error().errors.empty()) return found.error();
  for (const auto& e : found.error().errors) r.add(e.field, e.message);
  return Subject{};
}

}  // namespace weijian::registry
