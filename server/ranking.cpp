#include "server/ranking.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/schema.h"
#include "server/docid_source.h"
#include "server/shards.h"

namespace sasae {
namespace {

// BM25 with less term-frequency saturation than Xapian's default (k1 1.2): title and heading
// words are indexed with a higher within-document frequency, and this lets that count.
// Chosen on bench/quality for search; suggest uses the same (bench/README.md).
constexpr double kBm25K1 = 1.6;
constexpr double kBm25B = 0.75;

// Fewer strict matches than this and documents matching only some of the words join them.
constexpr Xapian::doccount kFewStrictMatches = 10;

// How many of the strict query's best hits nearness re-ranks: as good as weighing every match
// on bench/quality, fewer were worse (bench/README.md, "Measured decisions").
constexpr Xapian::doccount kNearnessDepth = 50;

struct Match {
    Xapian::MSet mset;  // from the first document on, so that pages can be merged
    Facets facets;
    std::string parsed;
};

Match run_match(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& text_query,
                const Xapian::Query& filter, const SearchRequest& request, Xapian::doccount count) {
    Match m;
    Xapian::Query q = text_query.empty() ? Xapian::Query::MatchAll : text_query;
    if (!filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
    if (request.explain) m.parsed = q.get_description();
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(bm25_weight());
    const bool by_date = request.sort_by_date || text_query.empty();
    if (by_date) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
    FacetCounters counters(table);
    // Over remote shards Xapian 1.4.22 over-counts a match spy in a match sorted by value that
    // returns fewer items than match (docs/architecture.md): there facets get a match of their own.
    const bool count_apart = by_date && table.counts_by_values();
    if (!count_apart) counters.attach(enquire);
    m.mset = enquire.get_mset(0, count, db.get_doccount());
    if (count_apart) {
        Xapian::Enquire counting(db);
        counting.set_query(q);
        counters.attach(counting);
        counting.get_mset(0, 0, db.get_doccount());
    }
    m.facets = counters.counts();
    return m;
}

// Typed words found near each other add weight, computed for the best hits only: the phrase
// checks read positions, and reading them for every strict match (an AND_MAYBE over the whole
// query) was an eighth of search time, nearly all for documents far below the first page.
// Over several shards every document near the typed words is weighed instead: a PostingSource
// cannot run on a remote shard (and its docids would be each shard's own), and naming the hits
// by their id terms meant reading fifty documents over the network, most of a search's time.
void add_nearness(const Xapian::Database& db, const Xapian::Query& near, std::vector<RankedHit>& hits, bool sharded) {
    if (near.empty() || hits.empty()) return;
    std::vector<Xapian::docid> docids;
    for (const auto& h : hits) docids.push_back(h.docid);
    DocidSource only_these(std::move(docids));
    Xapian::Enquire enquire(db);
    enquire.set_query(sharded ? near : Xapian::Query(Xapian::Query::OP_FILTER, near, Xapian::Query(&only_these)));
    enquire.set_weighting_scheme(bm25_weight());
    const Xapian::doccount wanted = sharded ? db.get_doccount() : static_cast<Xapian::doccount>(hits.size());
    const Xapian::MSet near_hits = enquire.get_mset(0, wanted, shard_safe_check(db, sharded));
    std::map<Xapian::docid, double> extra;
    for (auto it = near_hits.begin(); it != near_hits.end(); ++it) extra[*it] = it.get_weight();
    for (auto& h : hits)
        if (auto e = extra.find(h.docid); e != extra.end()) h.weight += e->second;
    std::stable_sort(hits.begin(), hits.end(), [](const RankedHit& a, const RankedHit& b) { return a.weight > b.weight; });
}

bool before(const RankedHit& a, const RankedHit& b) { return a.tier != b.tier ? a.tier < b.tier : a.weight > b.weight; }

// The best documents holding the typed identifiers themselves (BuiltQuery::exact), weighed by
// the whole strict query as every strict match is. A pasted UnauthorizedOperation wants the
// notes and pages that say it before the AccessDenied notes its synonyms bring, however far
// below them BM25 would put it.
std::vector<RankedHit> match_typed(const Xapian::Database& db, const BuiltQuery& built, Xapian::doccount count, bool sharded) {
    Xapian::Query typed(Xapian::Query::OP_FILTER, built.strict, built.exact);
    Xapian::Enquire enquire(db);
    enquire.set_query(built.filter.empty() ? typed : Xapian::Query(Xapian::Query::OP_FILTER, typed, built.filter));
    enquire.set_weighting_scheme(bm25_weight());
    std::vector<RankedHit> hits;
    const Xapian::MSet mset = enquire.get_mset(0, count, shard_safe_check(db, sharded));
    for (auto it = mset.begin(); it != mset.end(); ++it) hits.push_back({*it, it.get_weight(), 0});
    return hits;
}

bool by_relevance(const BuiltQuery& built, const SearchRequest& request) {
    return !request.sort_by_date && built.has_text();
}

Xapian::doccount page_first(const SearchRequest& request) {
    return static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
}

Xapian::doccount page_end(const SearchRequest& request) {
    return page_first(request) + static_cast<Xapian::doccount>(request.per_page);
}

}  // namespace

Xapian::BM25Weight bm25_weight() { return Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5); }

StrictPass match_strict(const Xapian::Database& db, const FacetTable& table, const BuiltQuery& built,
                        const SearchRequest& request) {
    const Xapian::Query near = by_relevance(built, request) ? built.near : Xapian::Query();
    const bool sharded = table.counts_by_values();  // no per-revision table: several shards
    Match m = run_match(db, table, built.strict, built.filter, request,
                        std::max({page_end(request), kFewStrictMatches, near.empty() ? 0 : kNearnessDepth}));
    StrictPass pass;
    const Xapian::doccount count = m.mset.size();
    if (by_relevance(built, request) && !built.exact.empty()) {
        // Two tiers, each in its own order: documents holding what was typed, then the others.
        pass.hits = match_typed(db, built, count, sharded);
        add_nearness(db, near, pass.hits, sharded);
        std::set<Xapian::docid> typed;
        for (const auto& h : pass.hits) typed.insert(h.docid);
        std::vector<RankedHit> others;
        for (auto it = m.mset.begin(); it != m.mset.end(); ++it)
            if (!typed.count(*it)) others.push_back({*it, it.get_weight(), 1});
        add_nearness(db, near, others, sharded);
        pass.hits.insert(pass.hits.end(), others.begin(), others.end());
    } else {
        for (auto it = m.mset.begin(); it != m.mset.end(); ++it) pass.hits.push_back({*it, it.get_weight()});
        add_nearness(db, near, pass.hits, sharded);
    }
    pass.total = m.mset.get_matches_estimated();
    pass.facets = std::move(m.facets);
    pass.parsed = std::move(m.parsed);
    if (request.explain && !near.empty()) pass.parsed += " NEAR " + near.get_description();
    if (request.explain && !built.exact.empty()) pass.parsed += " TYPED FIRST " + built.exact.get_description();
    return pass;
}

// When the strict matches are few, documents matching some of the words join them. The few
// strict matches are all in the first pass, so the second pass runs the partial-match query
// alone and the two lists are merged, rather than matching the strict query again inside it
// (that was a third of the second pass's time). Every strict match also matches partially, so
// the second pass's count and facets cover both.
Ranked finish_ranking(const Xapian::Database& db, const FacetTable& table, const BuiltQuery& built,
                      const SearchRequest& request, StrictPass strict) {
    const Xapian::doccount first = page_first(request), end = page_end(request);
    const bool can_relax = built.has_text() && built.clauses >= 2;
    Ranked r;
    std::vector<RankedHit> list;
    if (!can_relax || strict.total >= kFewStrictMatches) {
        list = std::move(strict.hits);
        r.total = strict.total;
        r.facets = std::move(strict.facets);
        r.parsed = std::move(strict.parsed);
        r.text_query = built.strict;
    } else {
        Match relaxed = run_match(db, table, built.relaxed, built.filter, request, end + strict.total);
        std::set<Xapian::docid> strict_ids;
        // A strict match is a partial match as well and scores as both (as it did when the
        // second pass was OR(strict, relaxed)), so it stays on top unless a partial match
        // outweighs it twice over. By date, strict matches come first.
        // Partial matches rank with the strict hits that hold no typed identifier.
        const int partial_tier = built.exact.empty() ? 0 : 1;
        for (const auto& h : strict.hits) {
            list.push_back({h.docid, 2 * h.weight, h.tier});
            strict_ids.insert(h.docid);
        }
        for (auto it = relaxed.mset.begin(); it != relaxed.mset.end(); ++it)
            if (!strict_ids.count(*it)) list.push_back({*it, it.get_weight(), partial_tier});
        if (by_relevance(built, request)) std::stable_sort(list.begin(), list.end(), before);
        r.total = relaxed.mset.get_matches_estimated();
        r.facets = std::move(relaxed.facets);
        r.parsed = strict.total ? strict.parsed + " THEN " + relaxed.parsed : std::move(relaxed.parsed);
        r.text_query = built.relaxed;
        r.partial = strict.total == 0 && r.total > 0;
    }
    for (std::size_t i = first; i < std::min<std::size_t>(end, list.size()); ++i) r.page.push_back(std::move(list[i]));
    return r;
}

}  // namespace sasae
