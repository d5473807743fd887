#pragma once
#include <nlohmann/json.hpp>

namespace weijian {
using Json = nlohmann::json;
}
