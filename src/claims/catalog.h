#pragma once
// The knowledge base (知识库): the catalogue of drugs, services and consumables with the
// restrictions the audit rules check, loaded from data/claims/catalog.csv.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "claims/string_pool.h"
#include "core/error.h"

namespace weijian::claims {

enum class ItemType : std::uint8_t { drug, service, consumable };

// Flags an item may carry (bit set).
enum ItemFlag : std::uint8_t { kAdjuvant = 1, kHighValue = 2, kLab = 4, kImaging = 8, kBed = 16 };

struct CatalogItem {
  std::string code, name;
  ItemType type = ItemType::drug;
  std::string generic_group;   // empty: none
  char sex_limit = 0;          // 'M', 'F' or 0
  int age_min = -1, age_max = -1;  // whole years, inclusive; -1: no limit
  int min_medins_lv = 0;       // 0: no limit
  std::vector<int> med_types;  // empty: any
  std::vector<std::string> indications;  // ICD-10 prefixes; empty: any
  int max_prd_days = -1;
  std::int64_t max_daily_count_milli = -1;  // quantity × 1000
  std::int64_t price_cap_fen = -1;
  std::vector<std::string> included_in;  // service codes whose charge already includes this item
  std::vector<int> included_in_items;    // the same as catalogue indexes (codes not in the catalogue dropped)
  std::uint8_t flags = 0;
  int group = -1;  // index of generic_group among all groups, -1 if none
};

const char* item_type_label(ItemType t);

class Catalog {
 public:
  // Reads the catalogue file; an error names the line and field. Codes must follow the
  // national formats (drugs 23 characters, services 15 digits, consumables 27 characters).
  static Result<Catalog> load(const std::string& path);
  // The same from rows already read (header names as in the file).
  static Result<Catalog> from_rows(const std::vector<std::vector<std::string>>& rows, const std::string& source);

  // -1 when the code is not in the catalogue.
  int find(std::string_view code) const {
    const std::uint32_t i = index_.find(code);
    return i == StringPool::npos ? -1 : static_cast<int>(i);
  }
  const CatalogItem& at(int i) const { return items_[static_cast<std::size_t>(i)]; }
  std::size_t size() const { return items_.size(); }
  const std::vector<CatalogItem>& items() const { return items_; }
  std::size_t group_count() const { return groups_.size(); }
  const std::string& group_name(int g) const { return groups_[static_cast<std::size_t>(g)]; }

 private:
  std::vector<CatalogItem> items_;
  std::vector<std::string> groups_;
  StringPool index_;  // ids are item indexes
};

// National code format check for one item type; empty when fine, else the Chinese reason.
std::string code_format_problem(ItemType type, std::string_view code);

}  // namespace weijian::claims
