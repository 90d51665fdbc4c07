#include "server/search_service.h"

#include <map>
#include <optional>

#include "server/facet_counter.h"
#include "server/hit_cache.h"
#include "server/query_builder.h"
#include "server/ranking.h"
#include "server/snippet.h"
#include "server/shards.h"
#include "server/spelling.h"

namespace sasae {

SearchResponse SearchService::search(const SearchRequest& request) const {
    request.validate();
    return reader_.with_snapshot([&](const IndexSnapshot& snap) {
        SearchResponse response;
        response.query = request.query;
        QuerySyntax syntax = parse_query_syntax(request.query);
        for (const auto& [field, values] : request.filters)
            for (const auto& v : values) syntax.filters[field].push_back(v);

        QueryBuilder builder(reader_.analyzer(), *snap.synonyms, &snap.db);
        BuiltQuery built = builder.build(syntax);
        // Over shards facets are counted by Xapian's own match spy (server/facet_counter.h).
        const auto facet_table = snap.sharded ? std::shared_ptr<const FacetTable>(&FacetTable::by_value_counts(), [](const FacetTable*) {})
                                              : FacetTable::for_revision(snap.db, snap.revision, reader_.path());
        if (snap.sharded) response.notes.push_back(kShardedSpellingNote);
        StrictPass strict = match_strict(snap.db, *facet_table, built, request);
        std::optional<Ranked> ranked;
        if (strict.total == 0) {
            // Nothing matched every word as typed: a correction that does is worth more than
            // partial matches, so it is tried before them, and its hits shown with a note.
            response.did_you_mean = spelling_suggestion(snap.db, reader_.analyzer(), built.words);
            if (!response.did_you_mean.empty()) {
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
        if (!ranked) ranked = finish_ranking(snap.db, *facet_table, built, request, std::move(strict));
        response.partial = ranked->partial;
        response.total = ranked->total;
        response.facets = std::move(ranked->facets);
        response.parsed = std::move(ranked->parsed);
        count_selected_facets(snap.db, *facet_table, ranked->text_query, syntax, response.facets);

        const SnippetMaker snippet(built.highlight_terms, reader_.analyzer());
        const auto stored = HitCache::for_revision(snap.db, snap.revision, reader_.path(), reader_.hit_cache_bytes(), reader_.analyzer());
        for (const auto& ranked_hit : ranked->page) {
            const auto stored_hit = stored->get(ranked_hit.docid, snap.db.get_document(ranked_hit.docid, Xapian::DOC_ASSUME_VALID));
            SearchHit hit = stored_hit->fields;
            hit.score = built.has_text() ? ranked_hit.weight : 0.0;
            hit.snippet = snippet(stored_hit->passage);
            response.hits.push_back(std::move(hit));
        }
        return response;
    });
}

}  // namespace sasae
