#pragma once
// Settings come from, in rising precedence: built-in defaults, a config file
// (`key = value` lines), environment variables (WEIJIAN_<KEY>), and command-line flags
// (--key value or --key=value). One table of OptionSpec describes each setting once, and
// `--help` is printed from it, so documentation and behaviour cannot drift apart.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weijian {

struct OptionSpec {
  std::string name;           // flag and file key, e.g. "max-body-bytes"
  std::string default_value;  // empty: no default
  std::string help;           // one line, Chinese then English is fine
  bool is_flag = false;       // boolean switch: present means "true"
};

class Config {
 public:
  // Parses args (without the program and command names). `env` is consulted for
  // WEIJIAN_<NAME> (upper case, '-' → '_'); `config` names a file read before env and flags.
  static Result<Config> load(const std::vector<OptionSpec>& specs, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env);

  const std::string& str(std::string_view name) const;
  Result<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max) const;
  bool flag(std::string_view name) const;
  bool help_requested() const { return help_; }
  // Where each value came from ("default", "file", "env", "flag"), for --help and logs.
  const std::string& source(std::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  static std::string env_name(std::string_view option);
  static std::string usage(std::string_view command, std::string_view summary,
                           const std::vector<OptionSpec>& specs);
  static std::map<std::string, std::string> process_env();

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::string, std::less<>> sources_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

}  // namespace weijian
