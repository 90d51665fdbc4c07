#pragma once
// Finds the Markdown files under content roots, with the _collection.yaml defaults that
// apply to each (a folder's defaults apply to everything below it; deeper files win).
#include <string>
#include <vector>

#include "indexer/ingest_error.h"
#include "indexer/source_document.h"

namespace sasae {

struct ContentRoot {
    std::string label;  // "" or the prefix of this root's ids
    std::string path;
};

// "awsdocs=../corpus/awsdocs" -> {awsdocs, ../corpus/awsdocs}; "content" -> {"", content}.
ContentRoot parse_content_root(const std::string& arg);

struct WalkResult {
    std::vector<SourceFile> files;       // sorted by source key
    std::vector<IngestError> failures;   // unreadable collection files; their folders are skipped
    std::vector<std::string> skipped_sources;  // source keys below a broken collection (kept as they were)
};

struct WalkOptions {
    std::vector<std::string> exclude;  // glob patterns matched against the path under the root
};

// Throws std::runtime_error when a root does not exist or is not a directory: a missing root
// must never look like "every file was deleted".
WalkResult walk_content(const std::vector<ContentRoot>& roots, const WalkOptions& options = {});

}  // namespace sasae
