// Refusing an allocation the machine cannot hold, before making it. Linux overcommits:
// a too-large `new` often succeeds and the process is killed later while touching the
// pages, so sizes a user can type (a population, a layer width) are estimated first.
#pragma once

#include <cstdint>
#include <string>

namespace ael {

/// The machine's physical memory in bytes (0 when the system does not say).
std::uint64_t physical_memory_bytes();

/// Throws ael::Error("WHAT needs about X GB; this machine has Y GB") when `bytes` is more
/// than the machine's physical memory. `bytes` is a double so that products of typed
/// sizes cannot overflow before the comparison.
void require_memory(double bytes, const std::string& what);

/// "1.5 GB", "320 MB": for messages.
std::string format_bytes(double bytes);

}  // namespace ael
