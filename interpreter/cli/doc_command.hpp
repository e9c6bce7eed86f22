// `ael doc [NAME]`: one builtin's or plugin's help, or (no name) the whole reference as
// Markdown, the text of docs/reference.md.
#pragma once

#include <string>
#include <vector>

namespace ael::cli {

int doc_command(const std::vector<std::string>& extra_paths, const std::string& name);

}  // namespace ael::cli
