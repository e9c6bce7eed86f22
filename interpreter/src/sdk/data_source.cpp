// Key functions of ael/data_source.hpp and ael/callback.hpp: defined in libael, so type
// information and exceptions work across the plugin boundary.
#include "ael/callback.hpp"
#include "ael/data_source.hpp"

namespace ael {

DataSource::~DataSource() = default;
EventCallback::~EventCallback() = default;

}  // namespace ael
