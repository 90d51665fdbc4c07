#include "indexer/front_matter.h"

#include "core/utf8.h"
#include "indexer/ingest_error.h"

namespace sasae {
namespace {

// Finds the line `marker` (alone on its line) starting at or after `from`; returns npos if none.
std::size_t find_fence(std::string_view text, std::size_t from, std::string_view marker) {
    std::size_t pos = from;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        if (line == marker || (marker == "---" && line == "...")) return pos;
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    return std::string_view::npos;
}

std::size_t count_lines(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) n += c == '\n';
    return n;
}

}  // namespace

std::string clean_source_text(std::string raw, const std::string& path) {
    if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) raw.erase(0, 3);
    if (auto bad = utf8::find_invalid(raw)) {
        throw IngestError(path, bad->line, "invalid UTF-8 (byte " + std::to_string(bad->offset) + ")");
    }
    if (raw.find('\r') != std::string::npos) {
        std::string out;
        out.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\r') {
                out.push_back('\n');
                if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
            } else {
                out.push_back(raw[i]);
            }
        }
        raw.swap(out);
    }
    if (raw.find('\0') != std::string::npos) throw IngestError(path, 0, "binary file (contains NUL bytes)");
    return raw;
}

FrontMatter parse_front_matter(std::string_view text, const std::string& path) {
    FrontMatter fm;
    fm.fields = YAML::Node(YAML::NodeType::Map);
    fm.body = text;
    bool yaml = text.substr(0, 4) == "---\n";
    bool toml = text.substr(0, 4) == "+++\n";
    if (!yaml && !toml) return fm;

    std::size_t close = find_fence(text, 4, yaml ? "---" : "+++");
    if (close == std::string_view::npos) {
        if (toml) return fm;  // a lone +++ line is just text
        throw IngestError(path, 1, "front matter starts with '---' but has no closing '---' line");
    }
    std::string_view block = text.substr(4, close - 4);
    std::size_t after = text.find('\n', close);
    after = after == std::string_view::npos ? text.size() : after + 1;
    fm.body = text.substr(after);
    fm.body_first_line = 1 + count_lines(text.substr(0, after));
    if (toml) {
        fm.warnings.push_back("TOML front matter (+++) is not read; use YAML between '---' lines");
        return fm;
    }
    try {
        YAML::Node node = YAML::Load(std::string(block));
        if (node.IsNull()) return fm;  // "---\n---": empty front matter
        if (!node.IsMap()) throw IngestError(path, 2, "front matter must be a YAML mapping of keys to values");
        fm.fields = node;
    } catch (const YAML::Exception& e) {
        // yaml-cpp lines are 0-based within the block; the block starts on file line 2.
        std::size_t line = e.mark.is_null() ? 1 : static_cast<std::size_t>(e.mark.line) + 2;
        throw IngestError(path, line, "broken YAML front matter: " + e.msg);
    }
    return fm;
}

}  // namespace sasae
