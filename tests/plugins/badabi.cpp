// A plugin built for a future plugin ABI: it exports only the version function (the loader
// must stop there and never touch anything else).
#include <boost/config.hpp>
#include <cstdint>

extern "C" BOOST_SYMBOL_EXPORT std::uint32_t ael_plugin_abi_version() noexcept { return 999; }
