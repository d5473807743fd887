#pragma once
// Interned strings for the audit engine: each distinct string stored once in an arena and
// named by a dense 32-bit id, so that fee lines hold ids and compare codes as integers.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace weijian::claims {

inline std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  std::uint64_t v = 0;
  std::memcpy(&v, p, n);
  h = (h ^ v) * 0x94D049BB133111EBULL;
  return h ^ (h >> 29);
}

// Equality of short strings without a library call (codes and ids are 10–30 bytes).
inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  std::size_t n = a.size();
  for (; n >= 8; p += 8, q += 8, n -= 8) {
    std::uint64_t x, y;
    std::memcpy(&x, p, 8);
    std::memcpy(&y, q, 8);
    if (x != y) return false;
  }
  for (; n > 0; --n)
    if (*p++ != *q++) return false;
  return true;
}

class StringPool {
 public:
  static constexpr std::uint32_t npos = UINT32_MAX;

  std::uint32_t intern(std::string_view s) { return intern(s, hash_bytes(s)); }
  std::uint32_t intern(std::string_view s, std::uint64_t h) {
    if ((views_.size() + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = h >> 32;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = (tag << 32) | (views_.size() + 1);
        views_.push_back(store(s));
        hashes_.push_back(h);
        return static_cast<std::uint32_t>(views_.size() - 1);
      }
      if ((slot >> 32) == tag && same(views_[(slot & 0xFFFFFFFFU) - 1], s)) return static_cast<std::uint32_t>((slot & 0xFFFFFFFFU) - 1);
    }
  }
  std::uint32_t find(std::string_view s) const {
    if (slots_.empty()) return npos;
    const std::uint64_t h = hash_bytes(s);
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = h >> 32;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return npos;
      if ((slot >> 32) == tag && same(views_[(slot & 0xFFFFFFFFU) - 1], s)) return static_cast<std::uint32_t>((slot & 0xFFFFFFFFU) - 1);
    }
  }
  std::string_view get(std::uint32_t id) const { return views_[id]; }
  std::size_t size() const { return views_.size(); }

 private:
  std::string_view store(std::string_view s) {
    if (s.size() > block_left_) {
      const std::size_t size = std::max<std::size_t>(s.size(), 256 * 1024);
      blocks_.emplace_back(new char[size]);
      block_pos_ = blocks_.back().get();
      block_left_ = size;
    }
    std::memcpy(block_pos_, s.data(), s.size());
    std::string_view out(block_pos_, s.size());
    block_pos_ += s.size();
    block_left_ -= s.size();
    return out;
  }
  void grow() {
    std::vector<std::uint64_t> slots(slots_.empty() ? 64 : slots_.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t id = 0; id < views_.size(); ++id) {
      std::size_t i = hashes_[id] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = ((hashes_[id] >> 32) << 32) | (id + 1);
    }
    slots_.swap(slots);
  }

  std::vector<std::uint64_t> slots_;  // high 32 bits of the hash, then id + 1; 0 empty
  std::vector<std::string_view> views_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* block_pos_ = nullptr;
  std::size_t block_left_ = 0;
};

}  // namespace weijian::claims
