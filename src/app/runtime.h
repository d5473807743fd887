#pragma once
// What every command that touches the store needs, opened once: the store (migrated and
// seeded), the key files, the security policy, the working-day calendar and the services.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/config.h"
#include "core/crypto.h"
#include "credit/service.h"
#include "enforcement/penalties.h"
#include "identity/service.h"
#include "inspection/service.h"
#include "identity/org.h"
#include "registry/directory.h"
#include "registry/service.h"
#include "store/db.h"

namespace weijian::app {

struct Runtime {
  std::unique_ptr<store::Db> db;
  int schema_version = 0;
  std::optional<crypto::Sm2Signer> signer;
  std::optional<WorkingCalendar> calendar;
  std::unique_ptr<identity::IdentityService> identity;
  std::unique_ptr<registry::RegistryService> registry;
  identity::Org org;              // identity's read port: jurisdictions, departments, users' names
  registry::Directory directory;  // the registry's read port, given to every module that reads it
  std::unique_ptr<inspection::InspectionService> inspection;
  std::unique_ptr<enforcement::PenaltyRegister> penalties;
  std::unique_ptr<credit::CreditService> credit;
};

// The options shared by every command that opens the store.
std::vector<OptionSpec> store_options();
Result<std::unique_ptr<Runtime>> open_runtime(const Config& cfg, std::size_t pool_size);

// Prints an error for a person at a terminal; returns the exit code.
int fail(const Error& e);

}  // namespace weijian::app
