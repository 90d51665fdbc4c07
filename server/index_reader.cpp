#include "server/index_reader.h"

#include <filesystem>
#include <map>

#include "core/schema.h"
#include "server/per_revision.h"

namespace sasae {
namespace {

struct ThreadState {
    Xapian::Database db;
    bool open = false;
    std::string synonyms_json;
    std::string synonyms_read_at;  // revision_key() of the revision they were read from
    std::shared_ptr<const Synonyms> synonyms = std::make_shared<Synonyms>();
};

}  // namespace

IndexSnapshot IndexReader::snapshot() const {
    thread_local std::map<std::string, ThreadState> states;
    ThreadState& st = states[db_path_];
    if (!st.open) {
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::path(db_path_) / "iamglass", ec))
            throw IndexUnavailable("no index at '" + db_path_ + "' yet: run sasae-index first");
        try {
            st.db = Xapian::Database(db_path_);
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw IndexUnavailable("index at '" + db_path_ + "' cannot be opened: " + e.get_msg());
        }
        st.open = true;
    } else {
        st.db.reopen();
    }
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
