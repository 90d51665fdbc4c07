#pragma once
// One document for reading: its metadata, Markdown rendered to HTML (raw HTML dropped),
// outgoing links and the documents that cite it.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/index_reader.h"
#include "server/search_hit.h"

namespace sasae {

struct DocumentLink {
    std::string url;
    std::string text;
    std::string id;  // the linked document's id when it is in the index
};

struct DocumentView {
    SearchHit meta;               // id, kind, title, url, services, tags, date
    nlohmann::json front_matter;  // every key, unknown ones included
    std::string html;
    std::vector<DocumentLink> links;
    std::vector<SearchHit> cited_by;
};

class DocumentService {
public:
    explicit DocumentService(const IndexReader& reader) : reader_(reader) {}
    // Nothing when no document has this id.
    std::optional<DocumentView> get(const std::string& id) const;

private:
    const IndexReader& reader_;
};

}  // namespace sasae
