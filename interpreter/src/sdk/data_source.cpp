// Key functions of ael/data_source.hpp and ael/callback.hpp: defined in libael, so type
// information and exceptions work across the plugin boundary.
#include "ael/data_source.hpp"
#include "ael/callback.hpp"

namespace ael {

DataSource::~DataSource() = default;
EventCallback::~EventCallback() = default;

}  // namespace ael
