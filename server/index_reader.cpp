#include "server/index_reader.h"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <optional>

#include "core/schema.h"
#include "server/per_revision.h"

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
    std::string version_path;
    std::optional<VersionFile> version_seen;  // when the database was last (re)opened
    std::string synonyms_json;
    std::string synonyms_read_at;  // revision_key() of the revision they were read from
    std::shared_ptr<const Synonyms> synonyms = std::make_shared<Synonyms>();
};

}  // namespace

IndexSnapshot IndexReader::snapshot() const {
    thread_local std::map<std::string, ThreadState> states;
    ThreadState& st = states[db_path_];
    if (st.version_path.empty()) st.version_path = (std::filesystem::path(db_path_) / "iamglass").string();
    // One stat instead of Database::reopen's read of the version file on every request: taken
    // before reopening, so a commit after it is seen next time.
    const std::optional<VersionFile> version = stat_version_file(st.version_path);
    if (st.open && version && st.version_seen && version->same_revision_as(*st.version_seen)) return {st.db, st.synonyms};
    if (!st.open) {
        if (!version) throw IndexUnavailable("no index at '" + db_path_ + "' yet: run sasae-index first");
        try {
            st.db = Xapian::Database(db_path_);
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw IndexUnavailable("index at '" + db_path_ + "' cannot be opened: " + e.get_msg());
        }
        st.open = true;
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
