#include "server/search_service.h"

#include <nlohmann/json.hpp>

#include "core/markdown_text.h"
#include "core/schema.h"
#include "core/utf8.h"
#include "server/facet_counter.h"
#include "server/query_builder.h"
#include "server/snippet.h"

namespace sasae {
namespace {

std::vector<std::string> string_array(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string string_field(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

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
            // A word the index knows (English words are indexed by stem) is not misspelt.
            if (db.get_termfreq(stem_term(lower)) == 0)
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

SearchHit hit_from_document(const Xapian::Document& doc) {
    auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    SearchHit hit;
    if (!data.is_object()) return hit;
    hit.id = string_field(data, "id");
    hit.kind = string_field(data, "kind");
    hit.title = string_field(data, "title");
    hit.url = string_field(data, "url");
    hit.date = string_field(data, "date");
    hit.services = string_array(data, "services");
    hit.tags = string_array(data, "tags");
    return hit;
}

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

        using Facets = std::map<std::string, std::map<std::string, Xapian::doccount>>;
        auto run = [&](const Xapian::Query& text_query, Facets& facets) {
            Xapian::Query q = text_query.empty() ? Xapian::Query::MatchAll : text_query;
            if (!built.filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, built.filter);
            response.parsed = q.get_description();
            Xapian::Enquire enquire(snap.db);
            enquire.set_query(q);
            enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
            if (request.sort_by_date || text_query.empty())
                enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
            Xapian::ValueCountMatchSpy kinds(schema::kKindSlot);
            FacetCounter services(schema::kServicesSlot), tags(schema::kTagsSlot);
            enquire.add_matchspy(&kinds);
            enquire.add_matchspy(&services);
            enquire.add_matchspy(&tags);
            const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
            Xapian::MSet mset =
                enquire.get_mset(first, static_cast<Xapian::doccount>(request.per_page), snap.db.get_doccount());
            facets["kind"].clear();
            for (auto it = kinds.values_begin(); it != kinds.values_end(); ++it) facets["kind"][*it] = it.get_termfreq();
            facets["service"] = services.counts();
            facets["tag"] = tags.counts();
            return mset;
        };

        Xapian::MSet mset = run(built.strict, response.facets);
        Xapian::Query text_query = built.strict;
        if (mset.get_matches_estimated() == 0 && built.has_text() &&
            built.relaxed.get_description() != built.strict.get_description()) {
            mset = run(built.relaxed, response.facets);
            text_query = built.relaxed;
            response.partial = mset.get_matches_estimated() > 0;
        }
        response.total = mset.get_matches_estimated();
        const std::string parsed = response.parsed;

        // A facet with a selection counts as if its own selection were not made, so the other
        // values stay visible with their counts (choosing kind=case still shows how many docs).
        for (const auto& [field, values] : syntax.filters) {
            if (field == "lang" || values.empty()) continue;
            auto others = syntax.filters;
            others.erase(field);
            std::vector<Xapian::Query> parts;
            for (const auto& [f, v] : others) parts.push_back(QueryBuilder::field_filter(f, v));
            Xapian::Query q = text_query.empty() ? Xapian::Query::MatchAll : text_query;
            if (!parts.empty())
                q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
            Xapian::Enquire enquire(snap.db);
            enquire.set_query(q);
            const Xapian::valueno slot = field == "kind"      ? schema::kKindSlot
                                         : field == "service" ? schema::kServicesSlot
                                                              : schema::kTagsSlot;
            FacetCounter counter(slot);
            enquire.add_matchspy(&counter);
            enquire.get_mset(0, 0, snap.db.get_doccount());
            response.facets[field] = counter.counts();
        }
        response.parsed = parsed;

        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Xapian::Document doc = it.get_document();
            SearchHit hit = hit_from_document(doc);
            hit.score = built.has_text() ? it.get_weight() : 0.0;
            auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
            std::string markdown = data.is_object() ? string_field(data, "markdown") : std::string();
            MarkdownText text = extract_markdown_text(markdown);
            // Error messages often live in code blocks: they are part of the passage search.
            std::string passage = text.code.empty() ? text.prose : text.prose + "\n" + text.code;
            hit.snippet = make_snippet(passage, built.highlight_terms, reader_.analyzer());
            response.hits.push_back(std::move(hit));
        }
        if (response.total == 0 || response.partial) response.did_you_mean = spelling_suggestion(snap.db, built.words);
        return response;
    });
}

}  // namespace sasae
