#pragma once
#include "http/router.h"
#include "identity/routes.h"
#include "registry/service.h"

namespace weijian::registry {

// Staff routes (registry.read / registry.manage) and the public portal's routes (no login).
void add_registry_routes(http::Router& router, const identity::Guard& guard, RegistryService& service);

}  // namespace weijian::registry
