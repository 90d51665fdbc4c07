#pragma once
// JSON request bodies to service requests, with the contract's error codes. No HTTP types:
// the fuzz target for request bodies calls these directly.
#include <string>

#include "server/analytics_store.h"
#include "server/case_export.h"
#include "server/note_export.h"
#include "server/response_target.h"
#include "server/suggest_service.h"

namespace sasae {

// All throw InvalidRequest (invalid_json, invalid_field, invalid_limit, …).
SuggestRequest suggest_request_from_json(const std::string& body);
CaseExportRequest case_export_request_from_json(const std::string& body);
ResponseTargetRequest response_target_request_from_json(const std::string& body);
NoteRequest note_request_from_json(const std::string& body);
// {"type": "open" | "cite" | "helpful" | "unhelpful", "doc", "query", "position", "reason"}.
UsageRecord usage_record_from_json(const std::string& body);
// {"markdown": "…"}: the note to put in the inbox.
std::string note_markdown_from_json(const std::string& body);

}  // namespace sasae
