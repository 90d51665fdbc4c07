#pragma once
// Serving the page from web/: only regular files inside the web root, never through `..`
// or a symlink that leads outside it.
#include <optional>
#include <string>

namespace sasae {

// The file to serve for a decoded request path ("/" -> index.html), or nothing.
std::optional<std::string> resolve_static_file(const std::string& web_root, const std::string& request_path);

std::string content_type_for(const std::string& path);

}  // namespace sasae
