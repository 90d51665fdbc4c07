#include "indexer/content_walker.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace sasae {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCollectionFile = "_collection.yaml";

bool is_markdown(const fs::path& p) {
    auto ext = p.extension().string();
    return ext == ".md" || ext == ".markdown";
}

bool hidden_or_vendor(const std::string& name) {
    return (!name.empty() && name[0] == '.') || name == "node_modules";
}

bool inside(const fs::path& child, const fs::path& root) {
    auto c = child.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++c) {
        if (c == child.end() || *c != *r) return false;
    }
    return true;
}

bool excluded(const std::string& rel, const std::vector<std::string>& patterns) {
    std::string base = fs::path(rel).filename().string();
    for (const auto& p : patterns) {
        if (fnmatch(p.c_str(), rel.c_str(), 0) == 0 || fnmatch(p.c_str(), base.c_str(), 0) == 0) return true;
    }
    return false;
}

YAML::Node merge_defaults(const YAML::Node& parent, const YAML::Node& child) {
    YAML::Node merged = YAML::Clone(parent);
    for (const auto& kv : child) merged[kv.first.Scalar()] = YAML::Clone(kv.second);
    return merged;
}

class RootWalker {
public:
    RootWalker(const ContentRoot& root, const WalkOptions& options, WalkResult& out)
        : root_(root), options_(options), out_(out), canonical_root_(fs::canonical(root.path)) {}

    void walk(const fs::path& dir, const std::string& rel_dir, const YAML::Node& inherited, bool broken) {
        // Never assign to a YAML::Node that aliases another: yaml-cpp's operator= rewrites the
        // aliased node in place, which would leak one folder's defaults into its siblings.
        YAML::Node defaults = YAML::Clone(inherited);
        fs::path collection = dir / kCollectionFile;
        std::error_code ec;
        if (!broken && fs::is_regular_file(collection, ec)) {
            try {
                YAML::Node node = YAML::LoadFile(collection.string());
                if (!node.IsNull() && !node.IsMap())
                    throw IngestError(collection.string(), 1, "collection defaults must be a YAML mapping");
                if (node.IsMap()) defaults = merge_defaults(inherited, node);  // `defaults` is a private clone
            } catch (const YAML::Exception& e) {
                out_.failures.emplace_back(collection.string(), e.mark.is_null() ? 0 : e.mark.line + 1,
                                           "broken YAML: " + e.msg);
                broken = true;
            } catch (const IngestError& e) {
                out_.failures.push_back(e);
                broken = true;
            }
        }
        const std::string defaults_yaml = defaults.size() ? YAML::Dump(defaults) : std::string();  // once per folder
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
             it.increment(ec))
            entries.push_back(*it);
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
        for (const auto& entry : entries) {
            std::string name = entry.path().filename().string();
            if (hidden_or_vendor(name)) continue;
            std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
            if (entry.is_symlink(ec)) {
                // Follow a link only when it stays inside the root: content must not pull in
                // files from elsewhere on the machine.
                fs::path target = fs::weakly_canonical(entry.path(), ec);
                if (ec || !inside(target, canonical_root_) || !fs::is_regular_file(target, ec)) continue;
            }
            if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
                walk(entry.path(), rel, defaults, broken);
                continue;
            }
            if (!entry.is_regular_file(ec) || !is_markdown(entry.path()) || name[0] == '_') continue;
            if (rel_dir.empty() && (name == "README.md" || name == "readme.md")) continue;
            if (excluded(rel, options_.exclude)) continue;
            SourceFile file{root_.label, root_.path, rel, entry.path().string(), defaults_yaml};
            if (broken) out_.skipped_sources.push_back(file.source_key());
            else out_.files.push_back(std::move(file));
        }
    }

private:
    const ContentRoot& root_;
    const WalkOptions& options_;
    WalkResult& out_;
    fs::path canonical_root_;
};

}  // namespace

ContentRoot parse_content_root(const std::string& arg) {
    auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || arg.find('/') < eq) return {"", arg};
    return {arg.substr(0, eq), arg.substr(eq + 1)};
}

WalkResult walk_content(const std::vector<ContentRoot>& roots, const WalkOptions& options) {
    WalkResult out;
    for (const auto& root : roots) {
        std::error_code ec;
        if (!fs::is_directory(root.path, ec))
            throw std::runtime_error("content root '" + root.path + "' is not a readable directory");
        RootWalker walker(root, options, out);
        walker.walk(root.path, "", YAML::Node(YAML::NodeType::Map), false);
    }
    std::sort(out.files.begin(), out.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.source_key() < b.source_key(); });
    return out;
}

}  // namespace sasae
