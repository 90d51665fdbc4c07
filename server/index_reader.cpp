#include "server/index_reader.h"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <optional>

#include "core/schema.h"
#include "server/per_revision.h"
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

struct ThreadState {
    Xapian::Database db;
    bool open = false;
    std::optional<VersionFile> version_seen;  // when the database was last (re)opened
    // A replica's stub file (server/replica_stub.h) as seen when the database was opened, and
    // the copy it named.
    std::optional<VersionFile> stub_seen;
    std::string copy;
    std::string synonyms_json;
    std::string synonyms_read_at;  // revision_key() of the revision they were read from
    std::shared_ptr<const Synonyms> synonyms = std::make_shared<Synonyms>();
};

}  // namespace

IndexSnapshot IndexReader::snapshot() const {
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
        return {st.db, st.synonyms};
    if (!st.open || switched) {
        try {
            if (!version) throw Xapian::DatabaseOpeningError("no " + version_path);
            st.db = Xapian::Database(db_path_);
        } catch (const Xapian::DatabaseOpeningError& e) {
            // A replica keeps serving its last good copy until the new one opens.
            if (st.open) return {st.db, st.synonyms};
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
    // The synonyms change only with a commit: read once per revision, not per request.
    std::string revision = revision_key(st.db);
    if (revision != st.synonyms_read_at) {
        std::string json = st.db.get_metadata(schema::kMetaSynonyms);
        if (json != st.synonyms_json) {
            st.synonyms = std::make_shared<Synonyms>(synonym_groups_from_json(json), analyzer_);
            st.synonyms_json = std::move(json);
        }
        st.synonyms_read_at = std::move(revision);
    }
    return {st.db, st.synonyms};
}

}  // namespace sasae
