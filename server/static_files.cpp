#include "server/static_files.h"

#include <filesystem>

namespace sasae {
namespace fs = std::filesystem;

std::optional<std::string> resolve_static_file(const std::string& web_root, const std::string& request_path) {
    if (request_path.empty() || request_path[0] != '/' || request_path.find('\0') != std::string::npos ||
        request_path.find('\\') != std::string::npos)
        return std::nullopt;
    std::string rel = request_path.substr(1);
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    fs::path relative(rel);
    for (const auto& part : relative) {
        if (part == ".." || part == "." || (!part.empty() && part.string()[0] == '.')) return std::nullopt;
    }
    std::error_code ec;
    fs::path root = fs::canonical(web_root, ec);
    if (ec) return std::nullopt;
    fs::path target = fs::canonical(root / relative, ec);
    if (ec || !fs::is_regular_file(target, ec)) return std::nullopt;
    auto r = root.begin();
    auto t = target.begin();
    for (; r != root.end(); ++r, ++t)
        if (t == target.end() || *t != *r) return std::nullopt;  // a symlink led out of web/
    return target.string();
}

std::string content_type_for(const std::string& path) {
    auto ext = fs::path(path).extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

}  // namespace sasae
