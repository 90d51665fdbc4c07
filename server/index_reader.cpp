#include "server/index_reader.h"

#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "core/schema.h"
#include "server/replica_stub.h"

namespace sasae {
namespace {

// The version file as last seen: a commit renames a new one into place, so a file with the
// same inode and modification time holds the same revision. Not quite while it is new: the
// clock behind modification times moves in ticks of a few milliseconds and a freed inode is
// reused, so two quick commits could leave a file that looks unchanged.
struct VersionFile {
    ino_t inode = 0;
    timespec modified{};

    bool same_revision_as(const VersionFile& seen) const {
        if (inode != seen.inode || modified.tv_sec != seen.modified.tv_sec || modified.tv_nsec != seen.modified.tv_nsec)
            return false;
        return std::time(nullptr) > modified.tv_sec + 1;
    }
};

std::optional<VersionFile> stat_version_file(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return VersionFile{st.st_ino, st.st_mtim};
}

// The synonyms change only with a commit: read once per revision, not per request.
struct SynonymState {
    std::string json;
    std::string read_at;  // IndexRevision::key() of the revision they were read from
    std::shared_ptr<const Synonyms> synonyms = std::make_shared<Synonyms>();

    void follow(const Xapian::Database& db, const IndexRevision& revision, const Analyzer& analyzer) {
        std::string key = revision.key();
        if (key == read_at) return;
        std::string fresh = db.get_metadata(schema::kMetaSynonyms);  // the first shard's, when several
        if (fresh != json) {
            synonyms = std::make_shared<Synonyms>(synonym_groups_from_json(fresh), analyzer);
            json = std::move(fresh);
        }
        read_at = std::move(key);
    }
};

struct ThreadState {
    Xapian::Database db;
    bool open = false;
    IndexRevision revision;
    std::optional<VersionFile> version_seen;  // when the database was last (re)opened
    // A replica's stub file (server/replica_stub.h) as seen when the database was opened, and
    // the copy it named.
    std::optional<VersionFile> stub_seen;
    std::string copy;
    SynonymState synonyms;
};

// Shards are asked whether they changed at most this often: a remote shard's reopen is a round
// trip, where a local index's is one stat.
constexpr auto kShardCheckInterval = std::chrono::seconds(1);

struct ShardedState {
    Xapian::Database db;                 // every shard, searched as one
    std::vector<Xapian::Database> each;  // the same shards one by one, for their own state
    bool open = false;
    std::chrono::steady_clock::time_point checked;
    IndexRevision revision;
    SynonymState synonyms;
};

// A shard's state: documents only change with a new last docid or count, and every
// sasae-index run writes a new run record.
std::string shard_state(const Xapian::Database& shard) {
    return shard.get_uuid() + ":" + std::to_string(shard.get_lastdocid()) + ":" + std::to_string(shard.get_doccount()) +
           ":" + std::to_string(std::hash<std::string>{}(shard.get_metadata(schema::kMetaLastRun)));
}

}  // namespace

IndexRevision revision_of(const Xapian::Database& db) { return {db.get_uuid(), db.get_revision()}; }

IndexReader::IndexReader(std::vector<std::string> sources, std::size_t hit_cache_bytes) : hit_cache_bytes_(hit_cache_bytes) {
    if (sources.empty()) throw std::invalid_argument("no index given");
    for (const auto& s : sources) db_path_ += (db_path_.empty() ? "" : "+") + s;
    // One directory is a local index (or a replica of one); a stub file may name remote shards.
    sharded_ = sources.size() > 1 || std::filesystem::is_regular_file(sources.front());
    if (sharded_) shards_ = shard_specs(sources);
}

IndexSnapshot IndexReader::snapshot() const { return sharded_ ? sharded_snapshot() : local_snapshot(); }

namespace {

ShardedState& sharded_state(const std::string& key) {
    thread_local std::map<std::string, ShardedState> states;
    return states[key];
}

}  // namespace

void IndexReader::reconnect() const { sharded_state(db_path_).open = false; }

IndexSnapshot IndexReader::sharded_snapshot() const {
    ShardedState& st = sharded_state(db_path_);
    const auto now = std::chrono::steady_clock::now();
    if (st.open && now - st.checked < kShardCheckInterval) return {st.db, st.synonyms.synonyms, st.revision, true};
    for (int attempt = 0;; ++attempt) {
        try {
            if (!st.open) {
                st.db = Xapian::Database();
                st.each.clear();
                for (const auto& shard : shards_) {
                    st.each.push_back(open_shard(shard));
                    st.db.add_database(st.each.back());
                }
                st.open = true;
            } else {
                st.db.reopen();
                for (auto& shard : st.each) shard.reopen();
            }
            std::string key;
            for (const auto& shard : st.each) key += (key.empty() ? "" : "|") + shard_state(shard);
            st.revision = {key, 0};
            st.synonyms.follow(st.db, st.revision, analyzer_);
            break;
        } catch (const Xapian::NetworkError& e) {
            // A connection a shard server closed (idle) is opened again once.
            st.open = false;
            if (attempt == 0) continue;
            throw IndexUnavailable("a shard of '" + db_path_ + "' cannot be read: " + e.get_description());
        } catch (const Xapian::Error& e) {
            // A shard that cannot be opened fails the request: nothing is served as if complete.
            st.open = false;
            throw IndexUnavailable("a shard of '" + db_path_ + "' cannot be read: " + e.get_description());
        }
    }
    st.checked = now;
    return {st.db, st.synonyms.synonyms, st.revision, true};
}

IndexSnapshot IndexReader::local_snapshot() const {
    thread_local std::map<std::string, ThreadState> states;
    ThreadState& st = states[db_path_];
    // A replica's stub names the live copy; a new copy (a full copy arrived) needs a new
    // Database, where a new revision of the same copy needs only reopen(). The stub is read
    // only when its stat changed (or is too new to tell).
    const std::optional<VersionFile> stub = stat_version_file((std::filesystem::path(db_path_) / kStubFileName).string());
    std::string copy = st.copy;
    if (!st.open || stub.has_value() != st.stub_seen.has_value() || (stub && !stub->same_revision_as(*st.stub_seen)))
        copy = stub ? replica_copy(db_path_).value_or("") : "";
    const bool switched = st.open && copy != st.copy;
    if (!switched) st.stub_seen = stub;
    const std::string version_path = (std::filesystem::path(db_path_) / copy / "iamglass").string();
    // One stat instead of Database::reopen's read of the version file on every request: taken
    // before reopening, so a commit after it is seen next time.
    const std::optional<VersionFile> version = stat_version_file(version_path);
    if (st.open && !switched && version && st.version_seen && version->same_revision_as(*st.version_seen))
        return {st.db, st.synonyms.synonyms, st.revision};
    if (!st.open || switched) {
        try {
            if (!version) throw Xapian::DatabaseOpeningError("no " + version_path);
            st.db = Xapian::Database(db_path_);
        } catch (const Xapian::DatabaseOpeningError& e) {
            // A replica keeps serving its last good copy until the new one opens.
            if (st.open) return {st.db, st.synonyms.synonyms, st.revision};
            if (!version) throw IndexUnavailable("no index at '" + db_path_ + "' yet: run sasae-index first");
            throw IndexUnavailable("index at '" + db_path_ + "' cannot be opened: " + e.get_msg());
        }
        st.open = true;
        st.copy = copy;
        st.stub_seen = stub;
    } else {
        st.db.reopen();
    }
    st.version_seen = version;
    st.revision = revision_of(st.db);
    st.synonyms.follow(st.db, st.revision, analyzer_);
    return {st.db, st.synonyms.synonyms, st.revision};
}

}  // namespace sasae
