#pragma once
// One indexer run: walk the roots, re-analyse new and changed files on all cores, remove
// deleted ones, and make everything visible in a single Xapian commit.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/run_record.h"
#include "indexer/content_walker.h"

namespace sasae {

// Another writer holds the database.
class IndexLockedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IndexOptions {
    std::string db_path;
    std::vector<ContentRoot> roots;
    WalkOptions walk;
    bool full = false;     // re-analyse every file, as if the index were empty
    unsigned threads = 0;  // 0: one per core
    std::function<void(std::size_t done, std::size_t total)> progress;  // called on the calling thread
};

struct IndexSummary {
    std::size_t added = 0, updated = 0, deleted = 0, unchanged = 0, failed = 0;
    std::size_t documents = 0;              // documents in the index after the run
    std::uint64_t bytes_analysed = 0;
    double seconds = 0;
    std::vector<std::string> failures;      // "path:line: reason", one per failed file
    std::vector<std::string> warnings;
    std::string started_at, finished_at;    // ISO 8601, UTC

    std::string summary_line() const;
    RunRecord run_record() const;  // what the index keeps of this run (core/run_record.h)
};

IndexSummary update_index(const IndexOptions& options);

// FNV-1a 64 of the file bytes and everything else that decides its documents, as hex.
std::string content_hash(const std::string& raw, const SourceFile& file);

}  // namespace sasae
