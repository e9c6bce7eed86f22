// The run manifest: beside every training log, a JSON file that says how to get the same
// numbers again and what came out.
//
//   runs/fit.csv  ->  runs/fit.manifest.json
//   { "ael_version": "0.1.0", "script": "fit.ael", "script_fnv1a64": "9c0f...",
//     "started": "2026-12-07T03:20:11Z", "host": "box", "threads": 2, "seed": 1,
//     "model": "FF4", "parameters": 31, "settings": {"epochs": "30", "optimizer": ...},
//     "result": {"loss": ..., "steps": ..., "epochs": ..., "seconds": ..., "stop": ...},
//     "error": "..." }       (only when the run failed)
//
// Written atomically (temp + rename) when the run ends, also when it fails. The script
// hash is FNV-1a 64 of the script's text (stable across machines and builds).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ael/value.hpp"

namespace ael::train {

struct RunManifest {
  std::string script;       ///< the script's file name as the user gave it
  std::string script_text;  ///< hashed, not stored
  std::string model;
  std::int64_t parameters = 0;
  std::uint64_t seed = 0;
  int threads = 0;
  std::vector<std::pair<std::string, std::string>> settings;  ///< name -> repr
  std::string started;                                        ///< ISO 8601, UTC
};

/// The manifest's path for a log path: the extension replaced by ".manifest.json".
std::string manifest_path(const std::string& log_path);

/// "2026-12-07T03:20:11Z" for now.
std::string utc_now_iso8601();

/// Writes the manifest with the run's result (`info`: loss, steps, ...) or its error.
void write_manifest(const std::string& path, const RunManifest& m, const Record* info,
                    const std::string& error);

}  // namespace ael::train
