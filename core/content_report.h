#pragma once
// The health of the knowledge base, read from the index (sasae-index --report, and the 運用 tab
// through GET /api/content-report): what a person who keeps the notes should mend. Findings
// name a document and say what is wrong; a secret is located by line, never shown. With the
// usage analytics, notes nobody opened or cited for a while are findings too.
#include <string>
#include <vector>

#include <xapian.h>

#include "core/usage_history.h"

namespace sasae {

struct ContentFinding {
    std::string rule;    // a ContentRule's id
    std::string id;      // the document
    std::string detail;  // the URL, the missing note, the other note, the line
};

// What the report checks, in the order it lists findings.
struct ContentRule {
    std::string id;
    std::string label;  // for the page
};
const std::vector<ContentRule>& content_rules();

struct ContentReport {
    std::size_t documents = 0;
    std::vector<std::string> notes;  // ids of past cases: the kind that lends citations (core/kinds.h)
    std::vector<ContentFinding> findings;  // by rule, then id
    // Whether notes were checked against the usage analytics over the last use_days, and when
    // not, why (empty before add_unused_notes).
    bool use_checked = false;
    int use_days = 0;
    std::string use_not_checked;
};

ContentReport report_content(const Xapian::Database& db);

// Adds an `unopened` finding for each note nobody opened or cited in `use.days` days, or says
// in `use_not_checked` why that could not be told.
void add_unused_notes(ContentReport& report, const DocumentUse& use);

// One line per finding (rule, id, detail, tab-separated) after a summary line.
std::string format_report(const ContentReport& report);

}  // namespace sasae
