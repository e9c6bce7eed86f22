// libFuzzer target: arbitrary bytes through the parser and the static checker
// (`ael check`), through the public API only. Any crash, sanitizer report, hang or
// uncaught exception is a bug: bad input must always come back as diagnostics.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ael/ael.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A fresh interpreter per input: nothing carries over, so every crash reproduces from
  // its input file alone. Imports never reach the disk.
  ael::EngineConfig config;
  config.read_file = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  config.write = [](std::string_view) {};
  config.warn = [](const ael::Diagnostic&) {};
  ael::Interpreter interp(std::move(config));
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  (void)interp.is_incomplete(source);
  const ael::Result result = interp.check_string(source, "fuzz.ael");
  // Every failure must carry at least one diagnostic with a message.
  if (!result.ok && (result.diagnostics.empty() || result.diagnostics[0].message.empty())) {
    std::abort();
  }
  for (const ael::Diagnostic& d : result.diagnostics) (void)d.render();
  return 0;
}
