#include "ael/ael.hpp"
#include "build_config.hpp"

namespace ael {
const char* version() { return AEL_VERSION_STRING; }
}  // namespace ael
