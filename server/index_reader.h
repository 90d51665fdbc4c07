#pragma once
// Read access to the index for one thread: Xapian objects are not thread-safe, so each
// thread keeps its own Database, reopened when the indexer has committed a new revision.
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include <xapian.h>

#include "core/analyzer.h"
#include "server/synonyms.h"

namespace sasae {

// No index at the path yet (the indexer has not run): the server answers 503.
class IndexUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IndexSnapshot {
    Xapian::Database db;
    std::shared_ptr<const Synonyms> synonyms;
};

// Memory the stored parts of hits (server/hit_cache.h) may take per index revision by default.
inline constexpr std::size_t kDefaultHitCacheBytes = std::size_t{256} << 20;

class IndexReader {
public:
    explicit IndexReader(std::string db_path, std::size_t hit_cache_bytes = kDefaultHitCacheBytes)
        : db_path_(std::move(db_path)), hit_cache_bytes_(hit_cache_bytes) {}

    // This thread's database, at the newest committed revision.
    IndexSnapshot snapshot() const;

    // Runs `fn(snapshot)`, reopening and retrying once when the indexer replaced the
    // revision underneath (Xapian::DatabaseModifiedError).
    template <typename Fn>
    auto with_snapshot(Fn&& fn) const {
        for (int attempt = 0;; ++attempt) {
            try {
                return fn(snapshot());
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= 2) throw;
            }
        }
    }

    const std::string& path() const { return db_path_; }
    const Analyzer& analyzer() const { return analyzer_; }
    std::size_t hit_cache_bytes() const { return hit_cache_bytes_; }

private:
    std::string db_path_;
    std::size_t hit_cache_bytes_;
    Analyzer analyzer_;
};

}  // namespace sasae
