#pragma once
// Drafting-time suggestions: the draft is a long query. Its most telling terms are picked
// against the index (tf-idf, identifiers weighted up, capped), then the best documents of each
// kind are returned with the draft terms each one matched. Docs cited by the most similar past
// cases are surfaced as well. The drafting checks (lint) come with every answer.
#include <map>
#include <string>
#include <vector>

#include "server/draft_lint.h"
#include "server/index_reader.h"
#include "server/invalid_request.h"
#include "server/search_hit.h"

namespace sasae {

struct SuggestRequest {
    std::string title;
    std::string body;
    int limit = 5;

    static constexpr std::size_t kMaxDraftBytes = 64 * 1024;
    static constexpr int kMaxLimit = 20;
    void validate() const;  // throws InvalidRequest ("draft_too_large" for over 64 KiB)
};

struct Suggestion {
    SearchHit hit;
    std::vector<std::string> why;       // draft terms (as written in the draft) that matched
    std::vector<std::string> cited_by;  // ids of similar past cases citing this doc
};

struct SuggestResponse {
    std::vector<std::string> terms;  // the selected draft terms, most telling first
    // One list per kind (core/kinds.h), by kind name; every kind is present.
    std::map<std::string, std::vector<Suggestion>> by_kind;
    std::vector<LintFinding> lint;  // the drafting checks (server/draft_lint.h)
    // Whether the first past case is taken for the draft's own problem (its citations then lead
    // the docs); when not, the cases are only on the topic and score just below the other kinds.
    bool same_problem = false;

    std::vector<Suggestion>& of(const std::string& kind) { return by_kind[kind]; }
    const std::vector<Suggestion>& of(const std::string& kind) const;
};

struct SuggestOptions {
    std::size_t max_terms = 24;
    double time_budget_seconds = 0.05;  // per Xapian match; keeps suggest fast on every pause
    std::size_t cited_from_cases = 3;   // how many top cases lend their citations
};

class SuggestService {
public:
    explicit SuggestService(const IndexReader& reader, SuggestOptions options = {})
        : reader_(reader), options_(options) {}
    SuggestResponse suggest(const SuggestRequest& request) const;

private:
    const IndexReader& reader_;
    SuggestOptions options_;
};

}  // namespace sasae
