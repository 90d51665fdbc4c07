#include "server/suggest_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/kinds.h"
#include "core/schema.h"
#include "core/utf8.h"
#include "server/draft_terms.h"
#include "server/hit_cache.h"
#include "server/query_builder.h"
#include "server/ranking.h"

namespace sasae {
namespace {

constexpr double kMaxDocumentShare = 0.2;  // terms in more than this share of documents say little
// Is the best past case the draft's own problem? A case tells one problem; an article on the
// same topic in the same language can match a draft well without being about its problem. So
// the best case must match the draft at least as well (raw BM25, one query) as the best article
// (Kind::measures_cases). Only when no article matches, a case holding this share of the draft's
// term weight counts as the same problem (bench/README.md, "Measured decisions").
constexpr double kSameProblemShare = 0.4;
// When it is not, the cases' scores are set just below the other kinds' best, so that a client
// merging the lists by score puts the best doc and article before the best case.
constexpr double kOtherProblemStep = 0.99;

// The other members of the synonym groups a draft names, as extra query parts: a Japanese
// draft's 名前解決 or ヘルスチェック also reaches the English pages that say "DNS resolution" or
// "health check" (the AWS pages have no Japanese). A member of several words is an AND of them,
// as in search (a phrase read positions over the whole collection: it cost more than the rest
// of a suggestion). Each weighs a share of what its rarest word would as a draft term; the
// strongest few are kept.
constexpr double kSynonymShare = 0.5;
constexpr std::size_t kMaxSynonymParts = 8;

using WeightedTerms = std::vector<std::pair<double, std::string>>;

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
                                         const WeightedTerms& selected,
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

// The draft's terms worth searching for, weighed by count, kind of word and rarity, the most
// telling first: a term in more than kMaxDocumentShare of the documents says little.
WeightedTerms select_terms(const Xapian::Database& db, const DraftTerms& terms, std::size_t max_terms) {
    const double n = std::max<double>(1, db.get_doccount());
    WeightedTerms ranked;
    for (const auto& [term, d] : terms) {
        Xapian::doccount df = db.get_termfreq(term);
        if (df == 0 || df > kMaxDocumentShare * n) continue;
        ranked.emplace_back(std::sqrt(d.count) * d.boost * std::log((n + 1) / (df + 0.5)), term);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (ranked.size() > max_terms) ranked.resize(max_terms);
    return ranked;
}

// The selected terms, each scaled by its weight relative to the strongest, ORed with the other
// members of the draft's synonym groups.
Xapian::Query draft_query(const Xapian::Database& db, const Synonyms& synonyms, const DraftWords& words,
                          const WeightedTerms& selected) {
    std::vector<std::string> terms;
    std::vector<Xapian::Query> parts;
    const double top = selected.front().first;
    for (const auto& [w, term] : selected) {
        terms.push_back(term);
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), w / top);
    }
    for (auto& [w, q] : synonym_expansions(db, synonyms, words.synonym_keys, terms))
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, std::min(w / top, 1.0));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// The best `count` documents of `kind` for the draft, appended to `out` (their docids to
// `docids`); returns the best one's raw weight. Scores are relative to the best of the kind: a
// long Japanese article matches more of a Japanese draft than an English AWS page can, so raw
// weights would rank whole kinds rather than documents when a client merges the lists.
double search_kind(const Xapian::Database& db, const Xapian::Query& query, const std::string& kind,
                 Xapian::doccount count, double time_budget, bool sharded, HitCache& stored, std::vector<Suggestion>& out,
                 std::vector<Xapian::docid>& docids) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(schema::boolean_term(schema::kKindPrefix, kind))));
    enquire.set_time_limit(time_budget);
    enquire.set_weighting_scheme(bm25_weight());
    const Xapian::MSet mset = enquire.get_mset(0, count, shard_safe_check(db, sharded));
    const double best = mset.empty() ? 0 : mset.begin().get_weight();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Suggestion s;
        s.hit = stored.get(*it, it.get_document())->fields;
        s.hit.score = best > 0 ? it.get_weight() / best : 0;
        out.push_back(std::move(s));
        docids.push_back(*it);
    }
    return best;
}

// The documents of kind `cited_kind` the first `from_top` `cases` link to, marked with the
// cases citing them: added to `docs`, or marked there when already suggested.
void add_citations(const Xapian::Database& db, HitCache& stored, const std::vector<Suggestion>& cases,
                   std::size_t from_top, const std::string& cited_kind, std::vector<Suggestion>& docs) {
    std::map<std::string, std::vector<std::string>> cited;  // normalized url -> case ids
    const std::string link_prefix(schema::kLinkPrefix);
    for (std::size_t i = 0; i < cases.size() && i < from_top; ++i) {
        const std::string id_term = schema::id_term(cases[i].hit.id);
        auto pl = db.postlist_begin(id_term);
        if (pl == db.postlist_end(id_term)) continue;
        Xapian::Document doc = db.get_document(*pl);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).rfind(link_prefix, 0) != 0) continue;
            cited[(*t).substr(link_prefix.size())].push_back(cases[i].hit.id);
        }
    }
    for (const auto& [url, case_ids] : cited) {
        std::string term = schema::boolean_term(schema::kUrlPrefix, url);
        for (auto pl = db.postlist_begin(term); pl != db.postlist_end(term); ++pl) {
            Xapian::Document doc = db.get_document(*pl);
            if (doc.get_value(schema::kKindSlot) != cited_kind) continue;
            SearchHit hit = stored.get(*pl, doc)->fields;
            auto existing = std::find_if(docs.begin(), docs.end(), [&](const Suggestion& s) { return s.hit.id == hit.id; });
            if (existing != docs.end()) {
                existing->cited_by = case_ids;
            } else {
                Suggestion s;
                s.hit = std::move(hit);
                s.cited_by = case_ids;
                docs.push_back(std::move(s));
            }
        }
    }
}

// The primary sources the most similar past case cites come first: someone already used them
// on this kind of problem. Then matched docs by score, then other citations. But when that
// case is not the same problem (`same_problem`), the docs that match the draft come first, then
// that case's citations: they are about its problem, not the draft's.
void order_primary_sources(std::vector<Suggestion>& docs, const std::string& top_case, bool same_problem) {
    auto tier = [&](const Suggestion& s) {
        const bool cited = !top_case.empty() && std::find(s.cited_by.begin(), s.cited_by.end(), top_case) != s.cited_by.end();
        if (!same_problem) return s.hit.score > 0 ? 2 : (cited ? 3 : 4);
        if (cited) return 1;
        return s.hit.score > 0 ? 2 : 4;
    };
    std::stable_sort(docs.begin(), docs.end(), [&](const Suggestion& a, const Suggestion& b) { return tier(a) < tier(b); });
}

// One suggestion per page: a link-list entry and the page it points to (docs/… and awsdocs/…)
// share a URL and would fill two places with one page. The first keeps its place and takes the
// other's citing cases. (A blog note and the article it sums up share no URL: both stay.)
void drop_second_copies(std::vector<Suggestion>& list) {
    std::map<std::string, std::size_t> first_of_url;
    std::vector<Suggestion> kept;
    for (auto& s : list) {
        const std::string url = s.hit.url.empty() ? std::string() : schema::normalize_url(s.hit.url);
        auto [it, inserted] = first_of_url.try_emplace(url, kept.size());
        if (url.empty() || inserted) {
            kept.push_back(std::move(s));
            continue;
        }
        auto& first = kept[it->second].cited_by;
        for (auto& c : s.cited_by)
            if (std::find(first.begin(), first.end(), c) == first.end()) first.push_back(std::move(c));
    }
    list = std::move(kept);
}

// Whether the best past case is the draft's own problem (see kSameProblemShare): it matches the
// draft at least as well as the best article, or, with no article matching, holds enough of
// the draft's term weight. Raw weights; `top_case_matched` is the selected terms' weight it holds.
bool is_same_problem(bool any_case, double best_case, double best_article, double top_case_matched,
                     const WeightedTerms& selected) {
    if (!any_case) return false;
    if (best_article > 0) return best_case >= best_article;
    double selected_weight = 0;
    for (const auto& [w, term] : selected) selected_weight += w;
    return top_case_matched >= kSameProblemShare * selected_weight;
}

const Kind* kind_where(bool Kind::*role) {
    for (const Kind& k : kinds())
        if (k.*role) return &k;
    return nullptr;
}

}  // namespace

const std::vector<Suggestion>& SuggestResponse::of(const std::string& kind) const {
    static const std::vector<Suggestion> kNone;
    auto it = by_kind.find(kind);
    return it == by_kind.end() ? kNone : it->second;
}

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
        response.lint = lint_draft(request.title, request.body);
        for (const Kind& kind : kinds()) response.of(kind.name);
        const DraftWords words = read_draft(reader_.analyzer(), snap.synonyms.get(), request.title, request.body);
        const WeightedTerms selected = select_terms(snap.db, words.terms, options_.max_terms);
        if (selected.empty()) return response;
        for (const auto& [w, term] : selected) response.terms.push_back(words.terms.at(term).display);
        const Xapian::Query query = draft_query(snap.db, *snap.synonyms, words, selected);

        const auto stored = HitCache::for_revision(snap.db, snap.revision, reader_.path(), reader_.hit_cache_bytes(), reader_.analyzer());
        const auto limit = static_cast<Xapian::doccount>(request.limit);
        const Kind* cases_kind = kind_where(&Kind::lends_citations);
        const Kind* docs_kind = kind_where(&Kind::primary_source);
        const Kind* yardstick_kind = kind_where(&Kind::measures_cases);
        std::vector<std::pair<Xapian::docid, Suggestion*>> found;
        Xapian::docid top_case = 0;
        double best_case = 0, best_yardstick = 0;  // raw weights
        for (const Kind& kind : kinds()) {
            std::vector<Xapian::docid> docids;
            auto& list = response.of(kind.name);
            // Docs twice over: a page and its link-list entry are one suggestion (drop_second_copies).
            const double best = search_kind(snap.db, query, kind.name, &kind == docs_kind ? 2 * limit : limit,
                                            options_.time_budget_seconds, snap.sharded, *stored, list, docids);
            for (std::size_t i = 0; i < docids.size(); ++i) found.emplace_back(docids[i], &list[i]);
            if (&kind == cases_kind && !docids.empty()) top_case = docids.front();
            if (&kind == cases_kind) best_case = best;
            if (&kind == yardstick_kind) best_yardstick = best;
        }
        const std::map<Xapian::docid, double> matched_weight = fill_why(snap.db, words.terms, selected, std::move(found));
        if (!cases_kind || !docs_kind) return response;

        auto& cases = response.of(cases_kind->name);
        auto& docs = response.of(docs_kind->name);
        add_citations(snap.db, *stored, cases, options_.cited_from_cases, docs_kind->name, docs);
        const auto top_matched = matched_weight.find(top_case);
        const bool same_problem = response.same_problem =
            is_same_problem(!cases.empty(), best_case, best_yardstick,
                            top_matched == matched_weight.end() ? 0 : top_matched->second, selected);
        if (!same_problem)
            for (auto& s : cases) s.hit.score *= kOtherProblemStep;
        order_primary_sources(docs, cases.empty() ? std::string() : cases.front().hit.id, same_problem);
        for (const Kind& kind : kinds()) {
            auto& list = response.of(kind.name);
            drop_second_copies(list);
            const std::size_t keep = request.limit + (&kind == docs_kind ? 3 : 0);
            if (list.size() > keep) list.resize(keep);
        }
        return response;
    });
}

}  // namespace sasae
