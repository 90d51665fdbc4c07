#include "server/document_service.h"
#include "server/shards.h"

#include <set>

#include "core/markdown_text.h"
#include "core/schema.h"
#include "core/stored_record.h"
#include "core/stored_text.h"
#include "core/utf8.h"

namespace sasae {
namespace {

constexpr Xapian::doccount kMaxCitedBy = 50;

std::optional<Xapian::Document> find_one(const Xapian::Database& db, const std::string& term) {
    auto pl = db.postlist_begin(term);
    if (pl == db.postlist_end(term)) return std::nullopt;
    return db.get_document(*pl);
}

}  // namespace

std::optional<DocumentView> DocumentService::get(const std::string& id) const {
    if (id.empty() || id.size() > 1000 || utf8::find_invalid(id)) return std::nullopt;
    return reader_.with_snapshot([&](const IndexSnapshot& snap) -> std::optional<DocumentView> {
        auto doc = find_one(snap.db, schema::id_term(id));
        if (!doc) return std::nullopt;
        DocumentView view;
        view.meta = hit_from_document(*doc);
        bool ok = false;
        StoredDetails details = decode_details(doc->get_value(schema::kDetailsSlot), &ok);
        if (!ok) return std::nullopt;
        view.front_matter = std::move(details.front_matter);
        const auto markdown = unpack_text(doc->get_value(schema::kMarkdownSlot));
        if (!markdown) throw std::runtime_error("the stored Markdown of '" + id + "' is damaged: rebuild with sasae-index --full");
        view.html = render_markdown_html(*markdown);
        for (auto& l : details.links) {
            DocumentLink link{std::move(l.url), std::move(l.text), ""};
            std::string term = link.url.rfind("id:", 0) == 0 ? schema::id_term(link.url.substr(3))
                                                             : schema::boolean_term(schema::kUrlPrefix, link.url);
            if (auto target = find_one(snap.db, term)) link.id = hit_from_document(*target).id;
            if (link.url.rfind("id:", 0) == 0 && link.id.empty()) continue;  // a note that no longer exists
            if (link.id == id) continue;  // a link-list item's own URL is not an outgoing link
            view.links.push_back(std::move(link));
        }
        // Cited by: documents linking to this one's URL or to its id.
        std::vector<Xapian::Query> citing;
        citing.emplace_back(schema::boolean_term(schema::kLinkPrefix, "id:" + id));
        if (!view.meta.url.empty())
            citing.emplace_back(schema::boolean_term(schema::kLinkPrefix, schema::normalize_url(view.meta.url)));
        Xapian::Enquire enquire(snap.db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, citing.begin(), citing.end()));
        enquire.set_sort_by_value(schema::kDateSlot, true);
        Xapian::MSet mset = enquire.get_mset(0, kMaxCitedBy, shard_safe_check(snap.db, snap.sharded));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            SearchHit hit = hit_from_document(it.get_document());
            if (hit.id != id) view.cited_by.push_back(std::move(hit));
        }
        return view;
    });
}

}  // namespace sasae
