#include "core/config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

extern char** environ;

namespace weijian {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

const OptionSpec* find_spec(const std::vector<OptionSpec>& specs, std::string_view name) {
  for (const auto& s : specs)
    if (s.name == name) return &s;
  return nullptr;
}

Error unknown_option(std::string_view where, std::string_view name) {
  return errors::bad_request("未知的设置项“" + std::string(name) + "”（来自" + std::string(where) +
                                 "）。运行 weijian serve --help 查看所有设置项。",
                             {{std::string(name), "未知的设置项"}});
}

Status read_file(const std::string& path, const std::vector<OptionSpec>& specs,
                 std::map<std::string, std::string, std::less<>>& values,
                 std::map<std::string, std::string, std::less<>>& sources) {
  std::ifstream in(path);
  if (!in) return errors::bad_request("无法读取配置文件“" + path + "”：请检查路径和权限。");
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto eq = t.find('=');
    if (eq == std::string::npos)
      return errors::bad_request("配置文件“" + path + "”第 " + std::to_string(lineno) +
                                 " 行格式应为“名称 = 值”。");
    const std::string key = trim(std::string_view(t).substr(0, eq));
    if (!find_spec(specs, key)) return unknown_option("配置文件第 " + std::to_string(lineno) + " 行", key);
    values[key] = trim(std::string_view(t).substr(eq + 1));
    sources[key] = "file";
  }
  return {};
}

}  // namespace

std::string Config::env_name(std::string_view option) {
  std::string out = "WEIJIAN_";
  for (char c : option) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::map<std::string, std::string> Config::process_env() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

Result<Config> Config::load(const std::vector<OptionSpec>& specs, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env) {
  Config c;
  for (const auto& s : specs) {
    c.values_[s.name] = s.default_value;
    c.sources_[s.name] = "default";
  }
  // Flags are parsed first so that --config can name the file, but applied last.
  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      c.help_ = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      c.positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* spec = find_spec(specs, name);
    if (!spec) return unknown_option("命令行", name);
    if (spec->is_flag) {
      if (!inline_value) value = "true";
    } else if (!inline_value) {
      if (i + 1 >= args.size())
        return errors::bad_request("命令行参数 --" + name + " 需要一个值。", {{name, "缺少值"}});
      value = args[++i];
    }
    flags.emplace_back(name, value);
  }
  std::string config_file;
  if (auto it = env.find(env_name("config")); it != env.end()) config_file = it->second;
  for (const auto& [k, v] : flags)
    if (k == "config") config_file = v;
  if (!config_file.empty() && find_spec(specs, "config")) {
    WJ_TRY(read_file(config_file, specs, c.values_, c.sources_));
    c.values_["config"] = config_file;
  }
  for (const auto& s : specs) {
    if (auto it = env.find(env_name(s.name)); it != env.end()) {
      c.values_[s.name] = it->second;
      c.sources_[s.name] = "env";
    }
  }
  for (const auto& [k, v] : flags) {
    c.values_[k] = v;
    c.sources_[k] = "flag";
  }
  return c;
}

const std::string& Config::str(std::string_view name) const {
  static const std::string empty;
  auto it = values_.find(name);
  return it == values_.end() ? empty : it->second;
}

const std::string& Config::source(std::string_view name) const {
  static const std::string none = "default";
  auto it = sources_.find(name);
  return it == sources_.end() ? none : it->second;
}

bool Config::flag(std::string_view name) const {
  const std::string& v = str(name);
  return v == "true" || v == "1" || v == "yes" || v == "on";
}

Result<std::int64_t> Config::integer(std::string_view name, std::int64_t min, std::int64_t max) const {
  const std::string& v = str(name);
  std::int64_t out = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < min || out > max) {
    std::ostringstream d;
    d << "设置项 " << name << " 的值“" << v << "”无效：应为 " << min << " 到 " << max << " 之间的整数。";
    return errors::bad_request(d.str(), {{std::string(name), "应为整数"}});
  }
  return out;
}

std::string Config::usage(std::string_view command, std::string_view summary,
                          const std::vector<OptionSpec>& specs) {
  std::ostringstream o;
  o << "用法 Usage: weijian " << command << " [选项]\n\n" << summary << "\n\n";
  o << "每个选项也可写在配置文件（--config，每行“名称 = 值”）或环境变量中；\n"
       "优先级：命令行 > 环境变量 > 配置文件 > 默认值。\n\n选项 Options:\n";
  for (const auto& s : specs) {
    o << "  --" << s.name << (s.is_flag ? "" : " VALUE") << "\n      " << s.help << "\n      环境变量 env: "
      << env_name(s.name);
    if (!s.default_value.empty()) o << "    默认 default: " << s.default_value;
    o << "\n";
  }
  return o.str();
}

}  // namespace weijian
