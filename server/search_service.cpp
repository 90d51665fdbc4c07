#include "server/search_service.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/schema.h"
#include "core/utf8.h"
#include "server/docid_source.h"
#include "server/facet_counter.h"
#include "server/hit_cache.h"
#include "server/query_builder.h"
#include "server/snippet.h"

namespace sasae {
namespace {

// Misspelt ASCII words corrected from the index's own vocabulary (Xapian spelling data).
std::string spelling_suggestion(const Xapian::Database& db, const std::vector<std::string>& words) {
    std::string corrected;
    bool changed = false;
    for (const auto& w : words) {
        std::string fixed;
        bool ascii_word = !w.empty() && w.size() >= 4 &&
                          std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
        if (ascii_word) {
            std::string lower = w;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            // A word the index knows is not misspelt: English words are indexed by stem,
            // identifiers (PostRuntimeExtensionsDuration) whole.
            if (db.get_termfreq(stem_term(lower)) == 0 && db.get_termfreq(lower) == 0)
                fixed = db.get_spelling_suggestion(lower, 2);
        }
        if (!fixed.empty()) changed = true;
        corrected += (corrected.empty() ? "" : " ") + (fixed.empty() ? w : fixed);
    }
    return changed ? corrected : std::string();
}

}  // namespace

void SearchRequest::validate() const {
    if (query.size() > kMaxQueryBytes)
        throw InvalidRequest("query_too_long", "q is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    if (utf8::find_invalid(query)) throw InvalidRequest("invalid_utf8", "q is not valid UTF-8");
    if (page < 1 || page > kMaxPage)
        throw InvalidRequest("invalid_page", "page must be between 1 and " + std::to_string(kMaxPage));
    if (per_page < 1 || per_page > kMaxPerPage)
        throw InvalidRequest("invalid_per_page", "per_page must be between 1 and " + std::to_string(kMaxPerPage));
    for (const auto* list : {&kinds, &services, &tags})
        for (const auto& v : *list)
            if (v.size() > 200 || utf8::find_invalid(v)) throw InvalidRequest("invalid_filter", "a filter value is invalid");
}

namespace {

using Facets = std::map<std::string, std::map<std::string, Xapian::doccount>>;

// BM25 with less term-frequency saturation than Xapian's default (k1 1.2): title and heading
// words are indexed with a higher within-document frequency, and this lets that count.
// Chosen on bench/quality (k1 1.2 -> 1.6: MRR@10 .865 -> .867, success@5 .915 -> .925).
constexpr double kBm25K1 = 1.6;
constexpr double kBm25B = 0.75;

// Fewer strict matches than this and documents matching only some words are ranked below them.
constexpr Xapian::doccount kFewStrictMatches = 10;

// How many of the strict query's best hits nearness re-ranks (bench/quality, MRR@10: 10 or 20
// -> .912, 50 or 100 -> .921, as when every match was weighed).
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
    m.parsed = q.get_description();
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
    if (request.sort_by_date || text_query.empty()) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
    FacetCounter kinds(table.slot(schema::kKindSlot)), services(table.slot(schema::kServicesSlot)),
        tags(table.slot(schema::kTagsSlot));
    enquire.add_matchspy(&kinds);
    enquire.add_matchspy(&services);
    enquire.add_matchspy(&tags);
    m.mset = enquire.get_mset(0, count, db.get_doccount());
    m.facets["kind"] = kinds.counts();
    m.facets["service"] = services.counts();
    m.facets["tag"] = tags.counts();
    return m;
}

// A facet with a selection counts as if its own selection were not made, so the other values
// stay visible with their counts (choosing kind=case still shows how many docs match).
void count_selected_facets(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& text_query,
                           const QuerySyntax& syntax, Facets& facets) {
    for (const auto& [field, values] : syntax.filters) {
        if (field == "lang" || values.empty()) continue;
        std::vector<Xapian::Query> others;
        for (const auto& [f, v] : syntax.filters)
            if (f != field) others.push_back(QueryBuilder::field_filter(f, v));
        Xapian::Query q = text_query.empty() ? Xapian::Query::MatchAll : text_query;
        if (!others.empty())
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, others.begin(), others.end()));
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        FacetCounter counter(table.slot(field == "kind"      ? schema::kKindSlot
                                        : field == "service" ? schema::kServicesSlot
                                                             : schema::kTagsSlot));
        enquire.add_matchspy(&counter);
        enquire.get_mset(0, 0, db.get_doccount());
        facets[field] = counter.counts();
    }
}

struct RankedHit {
    Xapian::docid docid;
    double weight;
};

struct Ranked {
    std::vector<RankedHit> page;  // the requested page's hits, best first
    Xapian::doccount total = 0;
    Facets facets;
    std::string parsed;
    Xapian::Query text_query;  // what `total` and `facets` count
    bool partial = false;
};

// Typed words found near each other add weight, computed for the best hits only: the phrase
// checks read positions, and reading them for every strict match (an AND_MAYBE over the whole
// query) was an eighth of search time, nearly all for documents far below the first page.
void add_nearness(const Xapian::Database& db, const Xapian::Query& near, std::vector<RankedHit>& hits) {
    if (near.empty() || hits.empty()) return;
    std::vector<Xapian::docid> docids;
    for (const auto& h : hits) docids.push_back(h.docid);
    DocidSource only_these(std::move(docids));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, near, Xapian::Query(&only_these)));
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
    const Xapian::MSet near_hits = enquire.get_mset(0, static_cast<Xapian::doccount>(hits.size()));
    std::map<Xapian::docid, double> extra;
    for (auto it = near_hits.begin(); it != near_hits.end(); ++it) extra[*it] = it.get_weight();
    for (auto& h : hits)
        if (auto e = extra.find(h.docid); e != extra.end()) h.weight += e->second;
    std::stable_sort(hits.begin(), hits.end(), [](const RankedHit& a, const RankedHit& b) { return a.weight > b.weight; });
}

// Every word must match; when that finds only a few documents, documents matching some of the
// words join them. The few strict matches are all in the first pass's MSet, so the second pass
// runs the partial-match query alone and the two lists are merged, rather than matching the
// strict query again inside it (that was a third of the second pass's time). Every strict
// match also matches partially, so the second pass's count and facets cover both.
Ranked rank(const Xapian::Database& db, const FacetTable& table, const BuiltQuery& built, const SearchRequest& request) {
    const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
    const auto end = first + static_cast<Xapian::doccount>(request.per_page);
    const bool by_relevance = !request.sort_by_date && built.has_text();
    const Xapian::Query near = by_relevance ? built.near : Xapian::Query();
    Match strict = run_match(db, table, built.strict, built.filter, request,
                             std::max({end, kFewStrictMatches, near.empty() ? 0 : kNearnessDepth}));
    const Xapian::doccount strict_total = strict.mset.get_matches_estimated();
    const bool can_relax = built.has_text() && built.relaxed.get_description() != built.strict.get_description();
    std::vector<RankedHit> strict_hits;
    for (auto it = strict.mset.begin(); it != strict.mset.end(); ++it) strict_hits.push_back({*it, it.get_weight()});
    add_nearness(db, near, strict_hits);
    if (!near.empty()) strict.parsed += " NEAR " + near.get_description();

    Ranked r;
    std::vector<RankedHit> list;
    if (!can_relax || strict_total >= kFewStrictMatches) {
        list = std::move(strict_hits);
        r.total = strict_total;
        r.facets = std::move(strict.facets);
        r.parsed = std::move(strict.parsed);
        r.text_query = built.strict;
    } else {
        Match relaxed = run_match(db, table, built.relaxed, built.filter, request, end + strict_total);
        std::set<Xapian::docid> strict_ids;
        // A strict match is a partial match as well and scores as both (as it did when the
        // second pass was OR(strict, relaxed)), so it stays on top unless a partial match
        // outweighs it twice over. By date, strict matches come first.
        for (const auto& h : strict_hits) {
            list.push_back({h.docid, 2 * h.weight});
            strict_ids.insert(h.docid);
        }
        for (auto it = relaxed.mset.begin(); it != relaxed.mset.end(); ++it)
            if (!strict_ids.count(*it)) list.push_back({*it, it.get_weight()});
        if (by_relevance)
            std::stable_sort(list.begin(), list.end(), [](const RankedHit& a, const RankedHit& b) { return a.weight > b.weight; });
        r.total = relaxed.mset.get_matches_estimated();
        r.facets = std::move(relaxed.facets);
        r.parsed = strict_total ? strict.parsed + " THEN " + relaxed.parsed : std::move(relaxed.parsed);
        r.text_query = built.relaxed;
        r.partial = strict_total == 0 && r.total > 0;
    }
    for (std::size_t i = first; i < std::min<std::size_t>(end, list.size()); ++i) r.page.push_back(std::move(list[i]));
    return r;
}

}  // namespace

SearchResponse SearchService::search(const SearchRequest& request) const {
    request.validate();
    return reader_.with_snapshot([&](const IndexSnapshot& snap) {
        SearchResponse response;
        response.query = request.query;
        QuerySyntax syntax = parse_query_syntax(request.query);
        for (const auto& [field, values] : std::map<std::string, std::vector<std::string>>{
                 {"kind", request.kinds}, {"service", request.services}, {"tag", request.tags}})
            for (const auto& v : values) syntax.filters[field].push_back(v);

        QueryBuilder builder(reader_.analyzer(), *snap.synonyms);
        BuiltQuery built = builder.build(syntax);
        const auto facet_table = FacetTable::for_revision(snap.db, reader_.path());
        Ranked ranked = rank(snap.db, *facet_table, built, request);
        if (ranked.total == 0 || ranked.partial) {
            response.did_you_mean = spelling_suggestion(snap.db, built.words);
            if (!response.did_you_mean.empty()) {
                // Nothing (or only part) matched as typed, and a correction exists: show its
                // results when they match every word, and say so.
                QuerySyntax corrected = parse_query_syntax(response.did_you_mean);
                corrected.filters = syntax.filters;
                BuiltQuery built_corrected = builder.build(corrected);
                Ranked alternative = rank(snap.db, *facet_table, built_corrected, request);
                if (alternative.total > 0 && !alternative.partial) {
                    ranked = std::move(alternative);
                    built = std::move(built_corrected);
                    response.corrected_query = response.did_you_mean;
                }
            }
        }
        response.partial = ranked.partial;
        response.total = ranked.total;
        response.facets = std::move(ranked.facets);
        response.parsed = std::move(ranked.parsed);
        count_selected_facets(snap.db, *facet_table, ranked.text_query, syntax, response.facets);

        const SnippetMaker snippet(built.highlight_terms, reader_.analyzer());
        const auto stored = HitCache::for_revision(snap.db, reader_.path(), reader_.hit_cache_bytes(), reader_.analyzer());
        for (const auto& ranked_hit : ranked.page) {
            const auto stored_hit = stored->get(snap.db.get_document(ranked_hit.docid, Xapian::DOC_ASSUME_VALID));
            SearchHit hit = stored_hit->fields;
            hit.score = built.has_text() ? ranked_hit.weight : 0.0;
            hit.snippet = snippet(stored_hit->passage);
            response.hits.push_back(std::move(hit));
        }
        return response;
    });
}

}  // namespace sasae
