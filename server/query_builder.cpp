#include "server/query_builder.h"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include "core/facets.h"
#include "core/normalizer.h"
#include "core/schema.h"
#include "core/utf8.h"

namespace sasae {
namespace {

constexpr double kWholeIdentifierBoost = 2.0;
constexpr double kBigramWeight = 0.4;
constexpr double kSynonymWeight = 0.6;
constexpr double kProximityWeight = 2.0;  // chosen on bench/quality (bench/README.md, "Measured decisions")
constexpr Xapian::termcount kProximityWindow = 4;  // the pair in order, at most two words between
constexpr std::size_t kMaxProximityPairs = 8;

Xapian::Query and_of(const std::vector<Xapian::Query>& qs) {
    if (qs.empty()) return Xapian::Query();
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
}

Xapian::Query or_of(const std::vector<Xapian::Query>& qs) {
    if (qs.empty()) return Xapian::Query();
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

// Nearly every document names the vendor: "AWS" or "Amazon" in a query tells which documents
// match only together with other words.
bool is_vendor_name(const Token& t) { return t.term == "aws" || t.term == "amazon"; }

// "Amazon S3" for a typed "S3", "AWS KMS" for "KMS": such a member matches the documents the
// typed words match and only adds the weight of a word that tells nothing, for a second walk
// over the typed words' postings. The member that is the typed words themselves is left out too.
bool adds_nothing_but_vendor(const std::vector<Token>& member, const std::vector<Token>& typed) {
    std::set<std::string> typed_terms, found;
    for (const auto& t : typed) typed_terms.insert(t.term);
    for (const auto& t : member) {
        if (typed_terms.count(t.term)) found.insert(t.term);
        else if (!is_vendor_name(t)) return false;
    }
    return found.size() == typed_terms.size();
}

// Error codes, API names, resource ids and status codes: a person who pastes one wants the
// documents that hold it before those found through its synonyms.
bool is_code(const Token& t) { return t.kind == TokenKind::Identifier || t.kind == TokenKind::Number; }

// "AWS" and "Amazon" add weight only (see build); the other clauses are required. Excluded
// clauses apply to both.
void combine(const std::vector<Xapian::Query>& positive, const std::vector<bool>& vendor_only,
             const std::vector<Xapian::Query>& excluded, Xapian::Query& strict, Xapian::Query* relaxed,
             std::size_t* clauses) {
    std::vector<Xapian::Query> telling, vendor_names;
    for (std::size_t k = 0; k < positive.size(); ++k) (vendor_only[k] ? vendor_names : telling).push_back(positive[k]);
    Xapian::Query loose;
    if (telling.empty() || vendor_names.empty()) {
        strict = and_of(positive);
        loose = or_of(positive);
        if (clauses) *clauses = positive.size();
    } else {
        const Xapian::Query weight_only = or_of(vendor_names);
        strict = Xapian::Query(Xapian::Query::OP_AND_MAYBE, and_of(telling), weight_only);
        loose = Xapian::Query(Xapian::Query::OP_AND_MAYBE, or_of(telling), weight_only);
        if (clauses) *clauses = telling.size();
    }
    if (!excluded.empty() && !strict.empty()) {
        Xapian::Query not_these = or_of(excluded);
        strict = Xapian::Query(Xapian::Query::OP_AND_NOT, strict, not_these);
        loose = Xapian::Query(Xapian::Query::OP_AND_NOT, loose, not_these);
    }
    if (relaxed) *relaxed = loose;
}

// One analysed token as a query: exact term OR stem for words; whole identifier (weighted
// above its parts) OR all its parts; Japanese compounds OR their bigrams (weighted down).
Xapian::Query token_query(const Token& token) {
    switch (token.kind) {
        case TokenKind::Word:
            // The stem finds the word in prose; the exact term finds it where it is an
            // identifier or part of one (insufficientinstancecapacity typed in lower case).
            if (token.stem.empty()) return Xapian::Query(token.term);
            return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(token.stem), Xapian::Query(token.term));
        case TokenKind::Identifier: {
            std::vector<Xapian::Query> parts;
            // Parts match as words do (by stem), so "insufficient instance capacity" written
            // out also counts as a fragment match.
            for (const auto& v : token.variants) {
                if (v.empty() || v[0] == 'Z') continue;
                std::string stem = stem_term(v);
                parts.emplace_back(stem.empty() ? v : stem);
            }
            Xapian::Query whole(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(token.term), kWholeIdentifierBoost);
            if (parts.size() < 2) return whole;
            return Xapian::Query(Xapian::Query::OP_OR, whole, and_of(parts));
        }
        case TokenKind::Number:
            return Xapian::Query(token.term);
        case TokenKind::Japanese: {
            Xapian::Query exact(token.term);
            if (!wants_bigrams(token)) return exact;
            std::vector<Xapian::Query> grams;
            for (const auto& g : character_bigrams(token.term)) grams.emplace_back(std::string(schema::kGramPrefix) + g);
            return Xapian::Query(Xapian::Query::OP_OR, exact,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, and_of(grams), kBigramWeight));
        }
    }
    return Xapian::Query(token.term);
}

// The terms of `token` a snippet should mark when they occur in a document.
void collect_highlight_terms(const Token& token, HighlightTerms& out) {
    constexpr double kTyped = 1.0, kPart = 0.3;
    out[token.term] = kTyped;
    if (!token.stem.empty()) out[token.stem] = kTyped;
    if (token.kind == TokenKind::Identifier)
        for (const auto& v : token.variants) out.emplace(v, kPart);
}

}  // namespace

Xapian::Query QueryBuilder::field_filter(const std::string& field, const std::vector<std::string>& values) {
    const Facet* facet = find_facet(field);
    if (!facet) throw std::logic_error("no facet called " + field);
    std::vector<Xapian::Query> terms;
    for (const auto& v : values) terms.emplace_back(schema::boolean_term(facet->prefix, fold_case(v)));
    return or_of(terms);
}

Xapian::Query QueryBuilder::clause_query(const std::string& text, bool phrase, bool drop_stopwords,
                                         HighlightTerms& hl) const {
    const auto& tokens = tokens_of(text);
    for (const auto& t : tokens) collect_highlight_terms(t, hl);
    if (phrase && tokens.size() > 1) {
        // Stopwords have no positions in the index: the phrase is the other words in order,
        // within the span they take in the query ("create an AMI" -> create, AMI within 3).
        std::vector<Xapian::Query> terms;
        std::uint32_t first = 0, last = 0;
        for (const auto& t : tokens) {
            if (is_stopword_token(t)) continue;
            if (terms.empty()) first = t.position;
            last = t.position;
            terms.emplace_back(indexed_term(t));
        }
        if (terms.empty()) {  // only stopwords ("to be or not"): all of them, anywhere
            for (const auto& t : tokens) terms.emplace_back(indexed_term(t));
            return and_of(terms);
        }
        if (terms.size() == 1) return terms.front();
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
    }
    std::vector<Xapian::Query> parts;
    auto compounds = katakana_compounds(tokens);
    std::size_t next_compound = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (next_compound < compounds.size() && compounds[next_compound].first == i &&
            compounds[next_compound].last - i >= 2) {
            // Several katakana tokens written together: all of them, or the compound's bigrams
            // (the same word segmented differently elsewhere, ゲート|ウェイ vs ゲートウエイ).
            const auto& c = compounds[next_compound++];
            std::vector<Xapian::Query> words, grams;
            for (std::size_t j = c.first; j < c.last; ++j) words.emplace_back(tokens[j].term);
            for (const auto& g : character_bigrams(c.joined)) grams.emplace_back(std::string(schema::kGramPrefix) + g);
            parts.emplace_back(Xapian::Query::OP_OR, and_of(words),
                               Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, and_of(grams), kBigramWeight));
            i = c.last - 1;
            continue;
        }
        if (next_compound < compounds.size() && compounds[next_compound].first == i) ++next_compound;
        if (drop_stopwords && is_stopword_token(t)) continue;
        parts.push_back(token_query(t));
    }
    return and_of(parts);
}

// Typed words that stand next to each other in a document as in the query ("connection
// pooling", "root user") say more than the same words far apart: each adjacent pair of the
// query's terms, found within a few positions, adds to a document's weight without being required.
Xapian::Query QueryBuilder::proximity_boost(const QuerySyntax& syntax) const {
    std::vector<std::string> sequence;
    for (const auto& c : syntax.clauses) {
        if (c.excluded) continue;
        for (const auto& t : tokens_of(c.text)) {
            if (is_stopword_token(t)) continue;  // no positions to be near
            sequence.push_back(indexed_term(t));
        }
    }
    std::vector<Xapian::Query> pairs;
    for (std::size_t k = 0; k + 1 < sequence.size() && pairs.size() < kMaxProximityPairs; ++k)
        if (sequence[k] != sequence[k + 1]) {
            Xapian::Query both[] = {Xapian::Query(sequence[k]), Xapian::Query(sequence[k + 1])};
            pairs.emplace_back(Xapian::Query::OP_PHRASE, std::begin(both), std::end(both), kProximityWindow);
        }
    if (pairs.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, or_of(pairs), kProximityWeight);
}

const std::vector<Token>& QueryBuilder::tokens_of(const std::string& text) const {
    auto it = analysed_.find(text);
    if (it == analysed_.end()) it = analysed_.emplace(text, analyzer_.analyze(text)).first;
    return it->second;
}

std::string QueryBuilder::known_katakana_reading(const std::string& text) const {
    constexpr std::size_t kMinReadingChars = 3;  // two-kana words are mostly particles and the like
    if (!db_ || utf8::length(text) < kMinReadingChars) return {};
    std::string reading = hiragana_as_katakana(text);
    if (reading.empty()) return {};
    const auto& tokens = tokens_of(reading);
    if (tokens.empty()) return {};
    for (const auto& t : tokens)
        if (db_->get_termfreq(indexed_term(t)) == 0) return {};
    return reading;
}

QuerySyntax QueryBuilder::with_katakana_readings(const QuerySyntax& typed, std::vector<std::string>& as_typed) const {
    QuerySyntax syntax = typed;
    as_typed.assign(syntax.clauses.size(), {});
    for (std::size_t i = 0; i < syntax.clauses.size(); ++i) {
        auto& c = syntax.clauses[i];
        if (c.excluded || c.phrase) continue;
        if (std::string reading = known_katakana_reading(c.text); !reading.empty()) {
            as_typed[i] = std::move(c.text);
            c.text = std::move(reading);
        }
    }
    return syntax;
}

bool QueryBuilder::has_content_words(const QuerySyntax& syntax) const {
    for (const auto& c : syntax.clauses) {
        if (c.excluded) continue;
        for (const auto& t : tokens_of(c.text))
            if (!is_stopword_token(t)) return true;
    }
    return false;
}

QueryBuilder::SynonymRun QueryBuilder::synonym_run(const std::vector<QueryClause>& clauses, std::size_t first) const {
    SynonymRun run;
    if (synonyms_.empty()) return run;
    std::string key;
    for (std::size_t j = first; j < clauses.size() && j < first + Synonyms::kMaxKeyWords; ++j) {
        if (clauses[j].excluded || clauses[j].phrase) break;
        key += (key.empty() ? "" : " ") + Synonyms::key_of(tokens_of(clauses[j].text));
        if (auto g = synonyms_.group_of(key)) {
            run.group = g;
            run.clauses = j - first + 1;
        }
    }
    return run;
}

QueryBuilder::GroupQuery QueryBuilder::synonym_group_query(const std::string& words, const std::vector<std::string>& group,
                                                           HighlightTerms& hl) const {
    GroupQuery out;
    std::vector<Xapian::Query> alternatives;
    alternatives.push_back(clause_query(words, false, false, hl));
    const auto& typed = tokens_of(words);
    if (std::any_of(typed.begin(), typed.end(), is_code)) out.typed = alternatives.front();
    // The other members count less than what was typed: a synonym widens the net without
    // outranking documents that use the person's own words.
    for (const auto& member : group) {
        if (adds_nothing_but_vendor(tokens_of(member), typed)) continue;
        // A member of several words is an AND of them (they need not be adjacent).
        Xapian::Query m = clause_query(member, false, false, hl);
        if (!m.empty()) alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, m, kSynonymWeight);
    }
    out.all = or_of(alternatives);
    return out;
}

BuiltQuery QueryBuilder::build(const QuerySyntax& typed_syntax) const {
    BuiltQuery out;
    // A word typed in hiragana where the index knows its katakana spelling (いんすたんす) is
    // searched as that spelling, synonyms included, or as typed.
    std::vector<std::string> as_typed;
    const QuerySyntax syntax = with_katakana_readings(typed_syntax, as_typed);
    std::vector<Xapian::Query> filters;
    for (const auto& [field, values] : syntax.filters) filters.push_back(field_filter(field, values));
    if (!filters.empty()) out.filter = and_of(filters);
    // Stopwords are dropped only when something else is left to search for.
    const bool drop_stopwords = has_content_words(syntax);

    std::vector<Xapian::Query> positive, positive_exact, excluded;
    std::vector<bool> vendor_only;
    bool exact_differs = false;
    const auto& clauses = syntax.clauses;
    for (std::size_t i = 0; i < clauses.size();) {
        const QueryClause& c = clauses[i];
        if (c.excluded) {
            HighlightTerms ignored;
            Xapian::Query q = clause_query(c.text, c.phrase, false, ignored);
            if (!q.empty()) excluded.push_back(q);
            ++i;
            continue;
        }
        // The longest run of unquoted clauses that is a synonym ("Direct Connect" typed as two words).
        SynonymRun run = synonym_run(clauses, i);
        Xapian::Query q, q_exact;
        std::string words;
        if (run.group) {
            for (std::size_t j = i; j < i + run.clauses; ++j) words += (words.empty() ? "" : " ") + clauses[j].text;
            GroupQuery g = synonym_group_query(words, *run.group, out.highlight_terms);
            q = std::move(g.all);
            if (!g.typed.empty()) {
                q_exact = std::move(g.typed);
                exact_differs = true;
            }
        } else {
            run.clauses = 1;
            words = c.text;
            q = clause_query(c.text, c.phrase, drop_stopwords, out.highlight_terms);
        }
        if (run.clauses == 1 && !as_typed[i].empty()) {
            Xapian::Query typed = clause_query(as_typed[i], false, drop_stopwords, out.highlight_terms);
            if (!typed.empty()) q = q.empty() ? typed : Xapian::Query(Xapian::Query::OP_OR, q, typed);
        }
        out.words.push_back(words);
        const auto& clause_tokens = tokens_of(words);
        const bool names_vendor = !run.group && !c.phrase && !clause_tokens.empty() &&
                                  std::all_of(clause_tokens.begin(), clause_tokens.end(), is_vendor_name);
        if (!q.empty()) {
            if (q_exact.empty()) q_exact = q;
            if (c.or_with_previous && !positive.empty()) {
                positive.back() = Xapian::Query(Xapian::Query::OP_OR, positive.back(), q);
                positive_exact.back() = Xapian::Query(Xapian::Query::OP_OR, positive_exact.back(), q_exact);
                vendor_only.back() = vendor_only.back() && names_vendor;
            } else {
                positive.push_back(q);
                positive_exact.push_back(q_exact);
                vendor_only.push_back(names_vendor);
            }
        }
        i += run.clauses;
    }
    // "AWS" or "Amazon" in a query (in most documents of the shared corpus) is never required:
    // a document about Organizations that does not name the vendor answers "AWS Organizations",
    // and one that matches only "AWS" of "AWS VPC Lattice" is no partial match. The vendor's
    // name adds weight where another word matches.
    combine(positive, vendor_only, excluded, out.strict, &out.relaxed, &out.clauses);
    if (exact_differs) combine(positive_exact, vendor_only, excluded, out.exact, nullptr, nullptr);
    if (!out.strict.empty()) out.near = proximity_boost(syntax);
    return out;
}

}  // namespace sasae
