// libFuzzer target: arbitrary bytes through the parser and the static checker
// (`ael check`), through the public API only. Any crash, sanitizer report, hang or
// uncaught exception is a bug: bad input must always come back as diagnostics.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ael/ael.hpp"

namespace {

// Checking never changes the interpreter's globals, so one interpreter serves many
// inputs (building one per input costs more than the check itself). It keeps every
// source it has seen, so it is replaced now and then to bound memory.
ael::Interpreter& interpreter() {
  static std::unique_ptr<ael::Interpreter> interp;
  static int uses = 0;
  if (!interp || ++uses % 2000 == 0) {
    ael::EngineConfig config;
    // Imports never reach the disk.
    config.read_file = [](const std::string&) -> std::optional<std::string> {
      return std::nullopt;
    };
    config.write = [](std::string_view) {};
    config.warn = [](const ael::Diagnostic&) {};
    interp = std::make_unique<ael::Interpreter>(std::move(config));
  }
  return *interp;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ael::Interpreter& interp = interpreter();
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
