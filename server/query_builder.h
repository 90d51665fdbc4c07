#pragma once
// Turns what a person typed into a Xapian query with the same analyser the indexer used.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "server/query_syntax.h"
#include "server/highlight_terms.h"
#include "server/synonyms.h"

namespace sasae {

struct BuiltQuery {
    Xapian::Query strict;   // every clause must match (OR groups and synonyms aside; "AWS" and
                            // "Amazon" only add weight next to other words)
    Xapian::Query near;     // weight for typed words found near each other (empty when none):
                            // for re-ranking the strict query's best hits
    Xapian::Query exact;    // strict without the synonyms of typed identifiers and numbers
                            // (error codes, API names, resource ids, status codes): documents
                            // holding what was typed rank before synonym-only ones. Empty when
                            // no such word has synonyms (then it is strict itself)
    Xapian::Query relaxed;  // any clause may match: the fallback when strict finds nothing
    std::size_t clauses = 0;  // required in strict: with fewer than two, relaxed is the same
    Xapian::Query filter;   // boolean filters from inline field:value (empty query when none)
    HighlightTerms highlight_terms;         // terms whose occurrences a snippet marks
    std::vector<std::string> words;         // the clause texts, for display
    bool has_text() const { return !strict.empty(); }
};

class QueryBuilder {
public:
    // `db`, when given, is asked whether the katakana spelling of a word typed in hiragana
    // occurs (いんすたんす is searched as インスタンス too only when the index knows インスタンス).
    QueryBuilder(const Analyzer& analyzer, const Synonyms& synonyms, const Xapian::Database* db = nullptr)
        : analyzer_(analyzer), synonyms_(synonyms), db_(db) {}
    BuiltQuery build(const QuerySyntax& syntax) const;

    // Boolean filter for one field's values (OR within a field).
    static Xapian::Query field_filter(const std::string& field, const std::vector<std::string>& values);

private:
    // A run of clauses that together are a synonym key, and its group (null: none).
    struct SynonymRun {
        std::size_t clauses = 0;
        const std::vector<std::string>* group = nullptr;
    };
    // A synonym group's query: what was typed OR the other members (weighed down); `typed`
    // alone when it holds an identifier or number (for BuiltQuery::exact), else empty.
    struct GroupQuery {
        Xapian::Query all, typed;
    };

    QuerySyntax with_katakana_readings(const QuerySyntax& typed, std::vector<std::string>& as_typed) const;
    bool has_content_words(const QuerySyntax& syntax) const;
    SynonymRun synonym_run(const std::vector<QueryClause>& clauses, std::size_t first) const;
    GroupQuery synonym_group_query(const std::string& words, const std::vector<std::string>& group, HighlightTerms& hl) const;
    Xapian::Query clause_query(const std::string& text, bool phrase, bool drop_stopwords, HighlightTerms& hl) const;
    Xapian::Query proximity_boost(const QuerySyntax& syntax) const;
    // `text` analysed once per builder: a query's clauses are read for synonym keys, their
    // queries and the proximity boost, and a synonym member is keyed and then queried.
    const std::vector<Token>& tokens_of(const std::string& text) const;
    // The katakana spelling of an all-hiragana clause of three or more characters whose every
    // term the index holds; empty otherwise.
    std::string known_katakana_reading(const std::string& text) const;

    const Analyzer& analyzer_;
    const Synonyms& synonyms_;
    const Xapian::Database* db_;
    mutable std::map<std::string, std::vector<Token>> analysed_;
};

}  // namespace sasae
