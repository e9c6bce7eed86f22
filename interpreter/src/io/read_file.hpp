// Reading whole files into memory, with errors that name the file.
//
// Bytes are held in a std::string (binary-safe, cheap to view with std::string_view).
#pragma once

#include <string>

namespace ael::io {

/// The whole content of `path`. Throws ael::Error("<path>: cannot open: <reason>") when the
/// file is missing, unreadable or a folder.
std::string read_file(const std::string& path);

}  // namespace ael::io
