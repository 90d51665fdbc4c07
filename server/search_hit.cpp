#include "server/search_hit.h"

#include "core/stored_record.h"

namespace sasae {

SearchHit hit_from_document(const Xapian::Document& doc) {
    StoredRecord r = decode_record(doc.get_data());
    SearchHit hit;
    hit.id = std::move(r.id);
    hit.kind = std::move(r.kind);
    hit.title = std::move(r.title);
    hit.url = std::move(r.url);
    hit.date = std::move(r.date);
    hit.services = std::move(r.services);
    hit.tags = std::move(r.tags);
    return hit;
}

}  // namespace sasae
