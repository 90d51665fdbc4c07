#pragma once
// What a result needs from a stored document besides its score: the display fields and the
// passage its snippet is cut from, with the passage's terms. Parsing the one and finding and
// confirming matches in the other (substring probes, MeCab) are much of a search's CPU, and the
// same documents come up in search after search, so each is read and its passage analysed once
// per index revision and kept, up to a memory budget. Past the budget documents are read for
// every hit and their snippets probed. A new revision starts from the last one's entries:
// every reindex commits one (the periodic job too, to record its run), and analysing every
// passage again shows in the latency of searches under frequent commits (bench/README.md,
// "Measured decisions").
#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "server/index_reader.h"
#include "server/search_hit.h"
#include "server/passage_terms.h"

namespace sasae {

struct StoredHit {
    SearchHit fields;  // score and snippet empty
    PreparedPassage passage;

    // The fields and passage text; the passage's terms are left to the cache.
    static StoredHit read(const Xapian::Document& doc);
    std::size_t bytes() const;  // memory held, roughly
};

class HitCache {
public:
    // For the documents of a revision whose last docid is `last_docid`; passages are analysed
    // with (a copy of) `analyzer`. The entries of `previous` (the last revision's cache, or
    // null) are taken over, each when its document is first asked for and found unchanged.
    HitCache(Xapian::docid last_docid, std::size_t budget_bytes, const Analyzer& analyzer,
             HitCache* previous = nullptr);

    // The cache for `db`'s revision of the index at `db_path`, shared by every thread.
    static std::shared_ptr<HitCache> for_revision(const Xapian::Database& db, const IndexRevision& revision, const std::string& db_path,
                                                  std::size_t budget_bytes, const Analyzer& analyzer);

    // The stored hit of `doc`, document `did` of this database: kept from an earlier call, or
    // read now (and, with its passage analysed, kept if the budget allows). The docid is the
    // match's: a document read from a remote shard knows only its shard's own docid.
    std::shared_ptr<const StoredHit> get(Xapian::docid did, const Xapian::Document& doc);

    std::size_t bytes_used() const { return used_.load(std::memory_order_relaxed); }

private:
    std::mutex& lock_for(Xapian::docid did) { return locks_[did % locks_.size()]; }

    // The entry of `did` in the previous revision, if any; each is taken once.
    std::shared_ptr<const StoredHit> take_inherited(Xapian::docid did);

    // An entry not asked for is passed on through this many revisions at most: a changed
    // document's old entry (its docid is gone) must not travel from revision to revision.
    static constexpr unsigned kRevisionsUnasked = 2;
    struct Inherited {
        std::shared_ptr<const StoredHit> hit;
        unsigned revisions_unasked = 0;
    };

    std::vector<std::shared_ptr<const StoredHit>> slots_;  // by docid
    std::vector<Inherited> inherited_;  // by docid: earlier revisions' entries not yet taken (outside the budget)
    std::array<std::mutex, 16> locks_;                      // striped: threads rarely want the same stripe
    std::atomic<std::size_t> used_{0};
    std::size_t budget_;
    const Analyzer analyzer_;
};

}  // namespace sasae
