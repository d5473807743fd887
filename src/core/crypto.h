#pragma once
// National algorithms (国密) through OpenSSL 3: SM3 for every digest the system keeps.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace weijian::crypto {

using Sm3Digest = std::array<std::uint8_t, 32>;

Sm3Digest sm3(std::string_view data);
std::string sm3_hex(std::string_view data);
std::string to_hex(const std::uint8_t* data, std::size_t size);

}  // namespace weijian::crypto
