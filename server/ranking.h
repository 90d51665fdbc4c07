#pragma once
// Which documents a query's page shows, in which order, and what they count: BM25 over the
// strict query (every word), nearness re-ranking of its best hits, and partial matches (some of
// the words) joining when the strict matches are few. Plain Xapian; the search service adds
// spelling, facet selection and the hits' fields and snippets.
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "server/facet_counter.h"
#include "server/query_builder.h"
#include "server/search_request.h"

namespace sasae {


// The weighting of search and suggest: BM25 with sasae's parameters.
Xapian::BM25Weight bm25_weight();

struct RankedHit {
    Xapian::docid docid;
    double weight;
    int tier = 0;  // lower comes first whatever the weight: 1 = found only through the
                   // synonyms of a typed identifier (BuiltQuery::exact)
};

// The first pass: documents matching every word, exact count and facets, the best of them
// (at least a page, at least enough to tell "few") re-ranked by nearness.
struct StrictPass {
    std::vector<RankedHit> hits;
    Xapian::doccount total = 0;
    Facets facets;
    std::string parsed;
};

StrictPass match_strict(const Xapian::Database& db, const FacetTable& table, const BuiltQuery& built,
                        const SearchRequest& request);

struct Ranked {
    std::vector<RankedHit> page;  // the requested page's hits, best first
    Xapian::doccount total = 0;
    Facets facets;
    std::string parsed;        // Xapian's description of the queries run
    Xapian::Query text_query;  // what `total` and `facets` count
    bool partial = false;      // nothing matched every word; these hits match some
};

// The page from the strict pass, joined by partial matches when it found only a few.
Ranked finish_ranking(const Xapian::Database& db, const FacetTable& table, const BuiltQuery& built,
                      const SearchRequest& request, StrictPass strict);

inline Ranked rank(const Xapian::Database& db, const FacetTable& table, const BuiltQuery& built,
                   const SearchRequest& request) {
    return finish_ranking(db, table, built, request, match_strict(db, table, built, request));
}

}  // namespace sasae
