#pragma once
// The health of the knowledge base, read from the index (sasae-index --report): what a person
// who keeps the notes should mend. Findings name a document and say what is wrong; a secret is
// located by line, never shown.
#include <string>
#include <vector>

#include <xapian.h>

namespace sasae {

struct ContentFinding {
    std::string rule;    // unindexed-reference, broken-link, missing-services, missing-date, near-duplicate, secret
    std::string id;      // the document
    std::string detail;  // the URL, the missing note, the other note, the line
};

struct ContentReport {
    std::size_t documents = 0;
    std::size_t notes = 0;  // past cases: the kind that lends citations (core/kinds.h)
    std::vector<ContentFinding> findings;  // by rule, then id
};

ContentReport report_content(const Xapian::Database& db);

// One line per finding (rule, id, detail, tab-separated) after a summary line.
std::string format_report(const ContentReport& report);

}  // namespace sasae
