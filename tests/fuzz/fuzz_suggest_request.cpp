// Any request body through the suggest/lint, response-target and note request parsing, the
// draft checks and the note writer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/draft_lint.h"
#include "server/request_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string body(reinterpret_cast<const char*>(data), size);
    try {
        sasae::SuggestRequest r = sasae::suggest_request_from_json(body);
        r.validate();
        sasae::lint_draft(r.title, r.body);
    } catch (const sasae::InvalidRequest&) {
    }
    try {
        sasae::compute_response_target(sasae::response_target_request_from_json(body));
    } catch (const sasae::InvalidRequest&) {
    }
    try {
        sasae::render_note(sasae::note_request_from_json(body));
    } catch (const sasae::InvalidRequest&) {
    }
    return 0;
}
