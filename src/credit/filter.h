#pragma once
#include <string>

namespace weijian::credit {

// The filters of credit's lists (each list reads the fields it knows).
struct CreditFilter {
  std::string q, subject_code, subject_kind, status, list_kind, severity, trigger, cycle, department;
  int page = 1, page_size = 20;
};

}  // namespace weijian::credit
