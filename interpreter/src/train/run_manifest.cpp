#include "train/run_manifest.hpp"

#include <unistd.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "ael/ael.hpp"
#include "io/atomic_file.hpp"

namespace ael::train {
namespace {

std::string fnv1a64_hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "";
  return buffer;
}

// Numbers as numbers (null when not finite: JSON has no nan), text as text, the rest by
// its repr; the history (a dataset) is left to the log itself.
nlohmann::json json_of(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_float()) return std::isfinite(v.as_number()) ? nlohmann::json(v.as_number()) : nullptr;
  if (v.is_string()) return v.as_string();
  if (v.is_none()) return nullptr;
  return v.repr();
}

}  // namespace

std::string manifest_path(const std::string& log_path) {
  std::filesystem::path p(log_path);
  p.replace_extension(".manifest.json");
  return p.string();
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

void write_manifest(const std::string& path, const RunManifest& m, const Record* info,
                    const std::string& error) {
  nlohmann::ordered_json j;
  j["ael_version"] = version();
  j["script"] = m.script;
  j["script_fnv1a64"] = fnv1a64_hex(m.script_text);
  j["started"] = m.started;
  j["host"] = host_name();
  j["threads"] = m.threads;
  j["seed"] = m.seed;
  j["model"] = m.model;
  j["parameters"] = m.parameters;
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  for (const auto& [name, repr] : m.settings) settings[name] = repr;
  j["settings"] = settings;
  if (info) {
    nlohmann::ordered_json result = nlohmann::ordered_json::object();
    for (const auto& [name, value] : info->fields()) {
      if (name != "history") result[name] = json_of(value);
    }
    j["result"] = result;
  }
  if (!error.empty()) j["error"] = error;
  io::write_file_atomic(path, j.dump(2) + "\n");
}

}  // namespace ael::train
