#include "plugins/plugin_call.hpp"

#include <exception>
#include <string>

#include "ael/diagnostic.hpp"

namespace ael::plugins {

void rethrow_plugin_failure(const PluginObject& object, const char* operation) {
  const std::string who = object.plugin_name().empty() ? std::string("optimizer")
                                                       : "plugin '" + object.plugin_name() + "'";
  const std::string prefix = who + " failed in " + operation + "(): ";
  try {
    throw;
  } catch (const Error& e) {
    Diagnostic d = e.diagnostic();
    d.message = prefix + d.message;
    throw Error(std::move(d));
  } catch (const std::exception& e) {
    throw Error(prefix + e.what());
  } catch (...) {
    throw Error(prefix + "an exception that is not a std::exception");
  }
}

}  // namespace ael::plugins
