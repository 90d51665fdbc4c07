#pragma once
// Which words of a case draft are worth searching for, and how much each counts. A draft is
// a long query written as a letter: greetings, politeness and "please tell me the cause" come
// with the symptom, and pasted logs and CLI output bring dozens of identifiers, of which the
// error lines tell most. The index decides the rest (idf, in SuggestService).
#include <map>
#include <string>
#include <string_view>

#include "core/analyzer.h"
#include "server/synonyms.h"

namespace sasae {

struct DraftTerm {
    std::string display;  // the first spelling in the draft
    double count = 0;     // occurrences, each weighted by where it stands (title, error line, code)
    double boost = 1;     // by the kind of word: long identifiers up, predicates down
};

// By indexed term (the stem for English words), as the index knows them.
using DraftTerms = std::map<std::string, DraftTerm>;

struct DraftWords {
    DraftTerms terms;
    // Synonym keys (Synonyms::key_of) written in the draft, one to four words long, with
    // their weighted occurrences: 名前解決 in a Japanese draft, so that the English pages that
    // say "DNS resolution" can be found too.
    std::map<std::string, double> synonym_keys;
};

// `synonyms` may be null (then no keys are looked for).
DraftWords read_draft(const Analyzer& analyzer, const Synonyms* synonyms, std::string_view title, std::string_view body);

// A line that reports a failure (an error message, a stack trace's head, a denied call).
bool is_error_line(std::string_view line);

}  // namespace sasae
