#include "indexer/source_document.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/facets.h"
#include "core/kinds.h"
#include "core/schema.h"
#include "indexer/front_matter.h"
#include "indexer/ingest_error.h"

namespace sasae {
namespace fs = std::filesystem;

std::string SourceFile::display_path() const {
    return (fs::path(root_path) / rel_path).lexically_normal().string();
}

std::string SourceFile::source_key() const { return root_label + ":" + rel_path; }

std::string SourceFile::id() const {
    std::string stem = rel_path;
    auto dot = stem.rfind('.');
    if (dot != std::string::npos && stem.find('/', dot) == std::string::npos) stem.resize(dot);
    return root_label.empty() ? stem : root_label + "/" + stem;
}

namespace {

std::string scalar(const YAML::Node& n) {
    if (!n || !n.IsScalar()) return {};
    return n.Scalar();
}

std::size_t line_of(const YAML::Node& n, std::size_t block_first_line) {
    if (!n || n.Mark().is_null()) return block_first_line;
    return static_cast<std::size_t>(n.Mark().line) + block_first_line;
}

// A list of strings from a YAML list, a scalar ("EC2, VPC"), or Qiita-style [{name: ...}].
std::vector<std::string> string_list(const YAML::Node& n) {
    std::vector<std::string> out;
    auto add = [&](std::string s) {
        while (!s.empty() && s.front() == ' ') s.erase(0, 1);
        while (!s.empty() && s.back() == ' ') s.pop_back();
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    };
    if (!n) return out;
    if (n.IsScalar()) {
        std::stringstream ss(n.Scalar());
        std::string item;
        while (std::getline(ss, item, ',')) add(item);
    } else if (n.IsSequence()) {
        for (const auto& item : n) {
            if (item.IsScalar()) add(item.Scalar());
            else if (item.IsMap() && item["name"]) add(scalar(item["name"]));
        }
    }
    return out;
}

nlohmann::json to_json(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Scalar: return n.Scalar();
        case YAML::NodeType::Sequence: {
            auto arr = nlohmann::json::array();
            for (const auto& item : n) arr.push_back(to_json(item));
            return arr;
        }
        case YAML::NodeType::Map: {
            auto obj = nlohmann::json::object();
            for (const auto& kv : n) obj[kv.first.as<std::string>()] = to_json(kv.second);
            return obj;
        }
        default: return nullptr;
    }
}

// "2025-03-04", "2025/3/4", "2025-03-04T10:00:00+09:00" -> "2025-03-04"; else "".
std::string parse_date(const std::string& s) {
    int y = 0, m = 0, d = 0;
    char sep1 = 0, sep2 = 0;
    std::istringstream in(s);
    if (!(in >> y >> sep1 >> m >> sep2 >> d)) return {};
    if ((sep1 != '-' && sep1 != '/') || sep1 != sep2 || y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
        return {};
    char buf[11];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

std::string file_stem(const std::string& rel_path) { return fs::path(rel_path).stem().string(); }

// Merges file fields over collection defaults (file keys win).
YAML::Node merge_fields(const YAML::Node& defaults, const YAML::Node& fields) {
    YAML::Node merged(YAML::NodeType::Map);
    if (defaults && defaults.IsMap())
        for (const auto& kv : defaults) merged[kv.first.Scalar()] = kv.second;
    for (const auto& kv : fields) merged[kv.first.Scalar()] = kv.second;
    return merged;
}

std::string kind_from_folder(const std::string& rel_path) {
    std::stringstream ss(rel_path);
    std::string segment;
    while (std::getline(ss, segment, '/'))
        for (const Kind& kind : kinds())
            if (std::find(kind.folders.begin(), kind.folders.end(), segment) != kind.folders.end()) return kind.name;
    return {};
}

// The front matter's kind, else the folder's, else the kind whose own keys the front matter
// has (a Zenn or Qiita article), else the first kind.
std::string decide_kind(const YAML::Node& fields, const SourceFile& file, std::size_t first_line) {
    std::string kind = scalar(fields["kind"]);
    if (!kind.empty()) {
        std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
        if (!find_kind(kind))
            throw IngestError(file.display_path(), line_of(fields["kind"], first_line),
                              "kind '" + kind + "' is not one of " + kind_names());
        return kind;
    }
    kind = kind_from_folder(file.rel_path);
    if (!kind.empty()) return kind;
    for (const Kind& k : kinds())
        for (const auto& key : k.front_matter_signs)
            if (fields[key]) return k.name;
    return kinds().front().name;
}

std::string decide_date(const YAML::Node& fields) {
    for (const char* key : {"date", "opened", "published", "published_at", "created_at", "resolved", "updated_at"}) {
        std::string d = parse_date(scalar(fields[key]));
        if (!d.empty()) return d;
    }
    return {};
}

std::string slug_of_url(const std::string& url, std::size_t index) {
    std::string path = url;
    if (auto q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
    while (!path.empty() && path.back() == '/') path.pop_back();
    std::string last = path.substr(path.find_last_of('/') + 1);
    if (auto dot = last.rfind('.'); dot != std::string::npos && dot > 0) last.resize(dot);
    std::string slug;
    for (char c : last) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        slug += ok ? c : '-';
    }
    if (slug.empty() || path.find("://") + 3 > path.find_last_of('/')) slug = "item-" + std::to_string(index + 1);
    return slug;
}

// Absolute URLs are kept; relative links to other Markdown notes become "id:<id>".
std::vector<MarkdownLink> outgoing_links(const std::vector<MarkdownLink>& links, const SourceFile& file) {
    std::vector<MarkdownLink> out;
    std::set<std::string> seen;
    for (const auto& link : links) {
        std::string target;
        if (link.url.rfind("http://", 0) == 0 || link.url.rfind("https://", 0) == 0) {
            target = schema::normalize_url(link.url);
        } else if (link.url.find("://") == std::string::npos && link.url.rfind("mailto:", 0) != 0) {
            std::string path = link.url.substr(0, link.url.find_first_of("?#"));
            if (path.size() > 3 && path.compare(path.size() - 3, 3, ".md") == 0) {
                fs::path resolved = (fs::path(file.rel_path).parent_path() / path).lexically_normal();
                std::string rel = resolved.generic_string();
                if (rel.rfind("..", 0) == 0) continue;  // outside the root
                SourceFile other = file;
                other.rel_path = rel;
                target = "id:" + other.id();
            }
        }
        if (!target.empty() && seen.insert(target).second) out.push_back({target, link.text});
    }
    return out;
}

// Every facet's values: from its front matter keys, then from the text; the kind as decided.
std::map<std::string, std::vector<std::string>> facet_values(const YAML::Node& fields, const std::string& kind,
                                                             std::string_view text) {
    std::map<std::string, std::vector<std::string>> out;
    for (const Facet& facet : facets()) {
        auto& values = out[facet.name];
        auto add = [&](std::string v) {
            if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(std::move(v));
        };
        if (facet.name == "kind") add(kind);
        for (const auto& key : facet.front_matter_keys)
            for (auto& v : string_list(fields[key])) add(std::move(v));
        if (facet.from_text)
            for (auto& v : facet.from_text(text)) add(std::move(v));
    }
    return out;
}

}  // namespace

const std::vector<std::string>& SourceDocument::values(const std::string& facet) const {
    static const std::vector<std::string> kNone;
    auto it = facets.find(facet);
    return it == facets.end() ? kNone : it->second;
}

IngestedFile ingest_text(const SourceFile& file, std::string raw) {
    const std::string path = file.display_path();
    if (raw.size() > kMaxFileBytes)
        throw IngestError(path, 0, "file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    std::string text = clean_source_text(std::move(raw), path);
    FrontMatter fm = parse_front_matter(text, path);
    YAML::Node fields = merge_fields(file.defaults_yaml.empty() ? YAML::Node() : YAML::Load(file.defaults_yaml), fm.fields);
    const std::size_t fm_line = 2;

    IngestedFile result;
    result.warnings = fm.warnings;
    MarkdownText md = extract_markdown_text(fm.body);

    SourceDocument doc;
    doc.id = file.id();
    doc.source = file.source_key();
    doc.kind = decide_kind(fields, file, fm_line);
    doc.title = scalar(fields["title"]);
    if (doc.title.empty()) doc.title = md.first_heading;
    if (doc.title.empty()) doc.title = file_stem(file.rel_path);
    doc.url = replace_all(scalar(fields["url"]), "{stem}", file_stem(file.rel_path));
    doc.date = decide_date(fields);
    doc.facets = facet_values(fields, doc.kind, doc.title + "\n" + md.prose);
    doc.meta = to_json(fields);
    if (doc.meta.is_object() && doc.meta.contains("url")) doc.meta["url"] = doc.url;

    std::vector<MarkdownLink> links = md.links;
    for (const auto& extra : string_list(fields["links"])) links.push_back({extra, ""});

    if (scalar(fields["split"]) == "links") {
        std::set<std::string> ids;
        for (std::size_t i = 0; i < md.link_items.size(); ++i) {
            const auto& item = md.link_items[i];
            SourceDocument entry = doc;
            entry.id = doc.id + "/" + slug_of_url(item.link.url, i);
            if (!ids.insert(entry.id).second) entry.id += "-" + std::to_string(i + 1);
            entry.title = item.link.text.empty() ? item.link.url : item.link.text;
            entry.url = item.link.url;
            entry.headings.clear();
            entry.prose = item.description;
            entry.markdown = item.markdown;
            entry.links = outgoing_links({item.link}, file);
            entry.meta["list"] = doc.id;
            result.documents.push_back(std::move(entry));
        }
        if (result.documents.empty())
            result.warnings.push_back("split: links is set but no list item starts with a link");
        return result;
    }

    doc.headings = std::move(md.headings);
    doc.prose = std::move(md.prose);
    doc.code = std::move(md.code);
    doc.links = outgoing_links(links, file);
    doc.markdown = std::string(fm.body);
    result.documents.push_back(std::move(doc));
    return result;
}

}  // namespace sasae
