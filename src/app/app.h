#pragma once
// Wires the modules into one server: opens the store, applies migrations, registers every
// module's routes and runs the HTTP server.
#include <string>
#include <vector>

namespace weijian::app {

// `weijian serve [options]`; returns the process exit code.
int serve_command(const std::vector<std::string>& args);

}  // namespace weijian::app
