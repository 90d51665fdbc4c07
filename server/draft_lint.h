#pragma once
// Checks a support-case draft against AWS's guidance for cases that get answered fast:
// state the problem, the wanted outcome, the resources, region and time (with time zone),
// reproduction and isolation; no urgency words (severity decides response time); one account
// per case; no secrets. Findings advise, they never block.
#include <string>
#include <vector>

namespace sasae {

struct LintFinding {
    std::string rule;     // stable id, e.g. "urgency-words"
    std::string level;    // "info" or "warning"
    std::string message;  // Japanese, for the person writing
    std::string field;    // "title", "body", or "" when the finding is about something missing
    long start = -1;      // span in the field in UTF-16 code units (what a browser selects), -1 if none
    long end = -1;
};

// One drafting check, as the page lists it (GET /api/lint).
struct LintRule {
    std::string id;         // LintFinding::rule
    std::string level;      // "info" or "warning"
    std::string checklist;  // the page's checklist item it belongs to, "" for none
    std::string message;    // "{}" stands for what the check found (a word, a count)
};

// Every check, in the order findings come: each is a row of server/draft_lint.cpp.
std::vector<LintRule> lint_rules();

std::vector<LintFinding> lint_draft(const std::string& title, const std::string& body);

}  // namespace sasae
