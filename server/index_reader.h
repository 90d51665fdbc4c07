#pragma once
// Read access to the index for one thread: Xapian objects are not thread-safe, so each
// thread keeps its own Database, reopened when the indexer has committed a new revision.
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "server/shards.h"
#include "server/synonyms.h"

namespace sasae {

// No index at the path yet (the indexer has not run): the server answers 503.
class IndexUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Which state of the index a snapshot reads: a local index's uuid and revision number. Several
// shards have no revision (Xapian gives none for a remote or combined database): their uuid is
// a key made of every shard's uuid and state, and the number is 0.
struct IndexRevision {
    std::string uuid;
    Xapian::rev number = 0;
    std::string key() const { return uuid + "@" + std::to_string(number); }
};
IndexRevision revision_of(const Xapian::Database& db);  // one local database

struct IndexSnapshot {
    Xapian::Database db;
    std::shared_ptr<const Synonyms> synonyms;
    IndexRevision revision;
    // Several shards (local or remote, server/shards.h): per-revision tables that need every
    // document's values locally and Xapian extensions that cannot run on a remote shard are
    // not used, and spelling comes from the local shards only.
    bool sharded = false;
};

// Memory the stored parts of hits (server/hit_cache.h) may take per index revision by default.
inline constexpr std::size_t kDefaultHitCacheBytes = std::size_t{256} << 20;

class IndexReader {
public:
    explicit IndexReader(std::string db_path, std::size_t hit_cache_bytes = kDefaultHitCacheBytes)
        : IndexReader(std::vector<std::string>{std::move(db_path)}, hit_cache_bytes) {}
    // Several sources searched as one: index directories, replica directories and Xapian stub
    // files (server/shards.h). One directory is the plain case above. Throws
    // std::invalid_argument for a stub file it cannot use.
    explicit IndexReader(std::vector<std::string> sources, std::size_t hit_cache_bytes = kDefaultHitCacheBytes);

    // This thread's database, at the newest committed revision.
    IndexSnapshot snapshot() const;

    // Runs `fn(snapshot)`, reopening and retrying once when the indexer replaced the
    // revision underneath (Xapian::DatabaseModifiedError), or once with new connections when a
    // remote shard's went away (xapian-tcpsrv closes idle ones; a shard server restarted).
    template <typename Fn>
    auto with_snapshot(Fn&& fn) const {
        for (int attempt = 0;; ++attempt) {
            try {
                return fn(snapshot());
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= 2) throw;
            } catch (const Xapian::NetworkError&) {
                if (attempt >= 1 || !sharded_) throw;
                reconnect();
            }
        }
    }

    // The index's name for per-revision objects and messages: its path, or the sources joined.
    const std::string& path() const { return db_path_; }
    const std::vector<ShardSpec>& shards() const { return shards_; }  // when sharded
    bool sharded() const { return sharded_; }
    const Analyzer& analyzer() const { return analyzer_; }
    std::size_t hit_cache_bytes() const { return hit_cache_bytes_; }

private:
    IndexSnapshot local_snapshot() const;
    IndexSnapshot sharded_snapshot() const;
    void reconnect() const;  // this thread's shards are opened again on its next snapshot

    std::string db_path_;
    std::vector<ShardSpec> shards_;
    bool sharded_ = false;
    std::size_t hit_cache_bytes_;
    Analyzer analyzer_;
};

}  // namespace sasae
