#include "server/suggest_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/schema.h"
#include "core/utf8.h"
#include "server/draft_terms.h"
#include "server/hit_cache.h"
#include "server/query_builder.h"
#include "server/ranking.h"

namespace sasae {
namespace {

constexpr double kMaxDocumentShare = 0.2;  // terms in more than this share of documents say little
// A past case holding this share of the draft's term weight is about the same problem: on the
// judged drafts, at or above it the top case was a judged answer in 56 of 59 drafts, below 0.3
// in 5 of 19 (bench/README.md).
constexpr double kSameProblemShare = 0.4;

// The other members of the synonym groups a draft names, as extra query parts: a Japanese
// draft's 名前解決 or ヘルスチェック also reaches the English pages that say "DNS resolution" or
// "health check" (the AWS pages have no Japanese). A member of several words is an AND of them,
// as in search (a phrase read positions over the whole collection: it cost more than the rest
// of a suggestion). Each weighs a share of what its rarest word would as a draft term; the
// strongest few are kept.
constexpr double kSynonymShare = 0.5;
constexpr std::size_t kMaxSynonymParts = 8;

std::vector<std::pair<double, Xapian::Query>> synonym_expansions(const Xapian::Database& db, const Synonyms& synonyms,
                                                                 const std::map<std::string, double>& keys,
                                                                 const std::vector<std::string>& selected) {
    const double n = std::max<double>(1, db.get_doccount());
    std::vector<std::pair<double, Xapian::Query>> out;
    std::set<std::vector<std::string>> seen;  // members already added, by their terms
    for (const auto& [key, count] : keys) {
        const auto* group = synonyms.analysed_group_of(key);
        if (!group) continue;
        for (const auto& tokens : *group) {
            std::vector<std::string> member_terms;
            for (const auto& t : tokens)
                if (!is_stopword_token(t)) member_terms.push_back(indexed_term(t));
            if (member_terms.empty() || Synonyms::key_of(tokens) == key || !seen.insert(member_terms).second) continue;
            if (member_terms.size() == 1 && std::find(selected.begin(), selected.end(), member_terms[0]) != selected.end())
                continue;
            Xapian::doccount rarest = static_cast<Xapian::doccount>(n);
            for (const auto& t : member_terms) rarest = std::min(rarest, db.get_termfreq(t));
            if (rarest == 0 || rarest > kMaxDocumentShare * n) continue;
            Xapian::Query q(Xapian::Query::OP_AND, member_terms.begin(), member_terms.end());
            out.emplace_back(kSynonymShare * std::sqrt(count) * std::log((n + 1) / (rarest + 0.5)), std::move(q));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (out.size() > kMaxSynonymParts) out.resize(kMaxSynonymParts);
    return out;
}

// For every suggested document, the selected draft terms it contains, in selection order, and
// (returned) the selected terms' weight it contains. One pass along each term's posting list
// over the documents' ids in ascending order: much cheaper than decoding every document's term
// list (Enquire::get_matching_terms).
std::map<Xapian::docid, double> fill_why(const Xapian::Database& db, const DraftTerms& terms,
                                         const std::vector<std::pair<double, std::string>>& selected,
                                         std::vector<std::pair<Xapian::docid, Suggestion*>> docs) {
    std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::map<Xapian::docid, double> matched;
    for (const auto& [weight, term] : selected) {
        auto pl = db.postlist_begin(term);
        const auto end = db.postlist_end(term);
        for (auto& [did, suggestion] : docs) {
            pl.skip_to(did);
            if (pl == end) break;
            if (*pl == did) {
                suggestion->why.push_back(terms.at(term).display);
                matched[did] += weight;
            }
        }
    }
    return matched;
}

}  // namespace

void SuggestRequest::validate() const {
    if (title.size() + body.size() > kMaxDraftBytes)
        throw InvalidRequest("draft_too_large", "title and body together are over 64 KiB");
    if (utf8::find_invalid(title) || utf8::find_invalid(body))
        throw InvalidRequest("invalid_utf8", "the draft is not valid UTF-8");
    if (limit < 1 || limit > kMaxLimit)
        throw InvalidRequest("invalid_limit", "limit must be between 1 and " + std::to_string(kMaxLimit));
}

SuggestResponse SuggestService::suggest(const SuggestRequest& request) const {
    request.validate();
    return reader_.with_snapshot([&](const IndexSnapshot& snap) {
        SuggestResponse response;
        const DraftWords words = read_draft(reader_.analyzer(), snap.synonyms.get(), request.title, request.body);
        const DraftTerms& terms = words.terms;
        const double n = std::max<double>(1, snap.db.get_doccount());
        std::vector<std::pair<double, std::string>> ranked;
        for (const auto& [term, d] : terms) {
            Xapian::doccount df = snap.db.get_termfreq(term);
            if (df == 0 || df > kMaxDocumentShare * n) continue;
            ranked.emplace_back(std::sqrt(d.count) * d.boost * std::log((n + 1) / (df + 0.5)), term);
        }
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        if (ranked.size() > options_.max_terms) ranked.resize(options_.max_terms);
        if (ranked.empty()) return response;

        std::vector<std::string> selected;
        std::vector<Xapian::Query> parts;
        const double top = ranked.front().first;
        for (const auto& [w, term] : ranked) {
            selected.push_back(term);
            response.terms.push_back(terms.at(term).display);
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), w / top);
        }
        for (auto& [w, q] : synonym_expansions(snap.db, *snap.synonyms, words.synonym_keys, selected))
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, std::min(w / top, 1.0));
        Xapian::Query draft_query(Xapian::Query::OP_OR, parts.begin(), parts.end());

        const auto stored = HitCache::for_revision(snap.db, reader_.path(), reader_.hit_cache_bytes(), reader_.analyzer());
        std::vector<Xapian::docid> docids;  // of the suggestions, in the order they are added
        auto search_kind = [&](const std::string& kind, Xapian::doccount count, std::vector<Suggestion>& out) {
            Xapian::Enquire enquire(snap.db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, draft_query,
                                            Xapian::Query(schema::boolean_term(schema::kKindPrefix, kind))));
            enquire.set_time_limit(options_.time_budget_seconds);
            enquire.set_weighting_scheme(bm25_weight());
            Xapian::MSet mset = enquire.get_mset(0, count);
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                Suggestion s;
                s.hit = stored->get(it.get_document())->fields;
                // Relative to the best of its kind: a long Japanese article matches more of a
                // Japanese draft than an English AWS page can, so raw weights would rank
                // whole kinds rather than documents when a client merges the lists.
                const double best = mset.begin().get_weight();
                s.hit.score = best > 0 ? it.get_weight() / best : 0;
                out.push_back(std::move(s));
                docids.push_back(*it);
            }
        };
        const auto limit = static_cast<Xapian::doccount>(request.limit);
        search_kind("case", limit, response.cases);
        const Xapian::docid case_docid = response.cases.empty() ? 0 : docids.front();
        search_kind("doc", limit, response.docs);
        search_kind("blog", limit, response.blogs);
        std::map<Xapian::docid, double> matched_weight;
        {
            std::vector<std::pair<Xapian::docid, Suggestion*>> found;
            std::size_t k = 0;
            for (auto* list : {&response.cases, &response.docs, &response.blogs})
                for (auto& s : *list) found.emplace_back(docids[k++], &s);
            matched_weight = fill_why(snap.db, terms, ranked, std::move(found));
        }

        // Docs the most similar past cases cite: the primary sources someone already used.
        std::map<std::string, std::vector<std::string>> cited;  // normalized url -> case ids
        for (std::size_t i = 0; i < response.cases.size() && i < options_.cited_from_cases; ++i) {
            auto pl = snap.db.postlist_begin(schema::id_term(response.cases[i].hit.id));
            if (pl == snap.db.postlist_end(schema::id_term(response.cases[i].hit.id))) continue;
            Xapian::Document doc = snap.db.get_document(*pl);
            const std::string link_prefix(schema::kLinkPrefix);
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                if ((*t).rfind(link_prefix, 0) != 0) continue;
                cited[(*t).substr(link_prefix.size())].push_back(response.cases[i].hit.id);
            }
        }
        for (const auto& [url, case_ids] : cited) {
            std::string term = schema::boolean_term(schema::kUrlPrefix, url);
            for (auto pl = snap.db.postlist_begin(term); pl != snap.db.postlist_end(term); ++pl) {
                Xapian::Document doc = snap.db.get_document(*pl);
                if (doc.get_value(schema::kKindSlot) != "doc") continue;
                SearchHit hit = stored->get(doc)->fields;
                auto existing = std::find_if(response.docs.begin(), response.docs.end(),
                                             [&](const Suggestion& s) { return s.hit.id == hit.id; });
                if (existing != response.docs.end()) {
                    existing->cited_by = case_ids;
                } else {
                    Suggestion s;
                    s.hit = std::move(hit);
                    s.cited_by = case_ids;
                    response.docs.push_back(std::move(s));
                }
            }
        }
        // The primary sources the most similar past case cites come first: someone already used
        // them on this kind of problem. Then matched docs by score, then other citations ...
        const std::string top_case = response.cases.empty() ? std::string() : response.cases.front().hit.id;
        // ... but only when that case explains enough of the draft to be the same problem; else
        // the doc that matches the draft best keeps first place, before those citations.
        double selected_weight = 0;
        for (const auto& [w, term] : ranked) selected_weight += w;
        const bool same_problem =
            !response.cases.empty() && matched_weight[case_docid] >= kSameProblemShare * selected_weight;
        const Suggestion* best_matched = nullptr;
        for (const auto& s : response.docs)
            if (s.hit.score > 0 && (!best_matched || s.hit.score > best_matched->hit.score)) best_matched = &s;
        const std::string best_doc = best_matched ? best_matched->hit.id : std::string();
        auto tier = [&](const Suggestion& s) {
            const bool cited = !top_case.empty() && std::find(s.cited_by.begin(), s.cited_by.end(), top_case) != s.cited_by.end();
            if (!same_problem && s.hit.id == best_doc) return 0;
            if (cited) return 1;
            return s.hit.score > 0 ? 2 : 3;
        };
        std::stable_sort(response.docs.begin(), response.docs.end(),
                         [&](const Suggestion& a, const Suggestion& b) { return tier(a) < tier(b); });
        if (response.docs.size() > static_cast<std::size_t>(request.limit) + 3) response.docs.resize(request.limit + 3);
        return response;
    });
}

}  // namespace sasae
