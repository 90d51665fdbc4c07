#pragma once
// One searchable document as read from a content file, before analysis.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/markdown_text.h"

namespace sasae {

struct SourceFile {
    std::string root_label;  // "" for the main content root; ids of other roots start with it
    std::string root_path;   // the root directory as given
    std::string rel_path;    // path under the root, '/'-separated (e.g. "cases/ec2-capacity.md")
    std::string abs_path;    // path to open
    // The merged _collection.yaml defaults for the file's folder, as YAML text (a mapping, or
    // empty). Text, not a YAML::Node: yaml-cpp nodes share memory on copy and assignment, and
    // files are ingested on several threads. The text is also part of the content hash.
    std::string defaults_yaml;

    std::string display_path() const;  // what error messages name
    std::string source_key() const;    // unique across roots: label + ":" + rel_path
    std::string id() const;            // stable document id: [label/]rel_path without extension
};

struct SourceDocument {
    std::string id;
    std::string source;  // SourceFile::source_key()
    std::string kind;    // case / doc / blog
    std::string title;
    std::string url;
    std::string date;    // YYYY-MM-DD or empty
    // Values by facet name (core/facets.h), display spelling, each once: kind, service, tag ...
    std::map<std::string, std::vector<std::string>> facets;
    std::vector<std::string> headings;
    std::string prose;
    std::string code;
    std::vector<MarkdownLink> links;  // outgoing: absolute URLs, or "id:<id>" for notes in the same root
    std::string markdown;             // the body, for rendering
    nlohmann::json meta;              // every front matter key (with defaults), unknown keys included

    // The values of one facet (none when it has none).
    const std::vector<std::string>& values(const std::string& facet) const;
};

struct IngestedFile {
    std::vector<SourceDocument> documents;
    std::vector<std::string> warnings;
};

inline constexpr std::size_t kMaxFileBytes = 8u << 20;

// Ingests one file's bytes with its collection defaults (the updater reads and hashes the file
// first). Throws IngestError naming the file and line.
IngestedFile ingest_text(const SourceFile& file, std::string raw);

}  // namespace sasae
