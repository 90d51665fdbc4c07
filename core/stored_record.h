#pragma once
// What is stored with each document besides its terms, as JSON: the record every hit shows
// (the document's data) and the details only the document view reads (schema::kDetailsSlot).
// The indexer writes them and the server reads them through these functions, so the keys are
// written down here only.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sasae {

struct StoredRecord {
    std::string id, source, kind, title, url, date, lang;
    std::vector<std::string> services, tags;
};

struct StoredLink {
    std::string url;  // absolute, or "id:" + a note's id
    std::string text;
};

struct StoredDetails {
    std::vector<StoredLink> links;                         // outgoing, in document order
    nlohmann::json front_matter = nlohmann::json::object();  // every key, unknown ones included
};

// Never throw on bad bytes (they become U+FFFD).
std::string encode_record(const StoredRecord& record);
std::string encode_details(const StoredDetails& details);

// Keys that are missing or of another type read as empty; `ok` (when given) says whether the
// text was a JSON object at all.
StoredRecord decode_record(std::string_view json, bool* ok = nullptr);
StoredDetails decode_details(std::string_view json, bool* ok = nullptr);

}  // namespace sasae
