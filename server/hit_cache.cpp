#include "server/hit_cache.h"

#include "core/schema.h"
#include "server/per_revision.h"

namespace sasae {

StoredHit StoredHit::read(const Xapian::Document& doc) {
    StoredHit h;
    h.fields = hit_from_document(doc);
    h.passage = prepare_passage(doc.get_value(schema::kPassageSlot));
    return h;
}

std::size_t StoredHit::bytes() const {
    std::size_t n = sizeof(StoredHit) + passage.text.capacity() + passage.view.text.capacity() +
                    passage.view.drops.capacity() * sizeof(std::uint32_t);
    for (const std::string* s : {&fields.id, &fields.kind, &fields.title, &fields.url, &fields.date}) n += s->capacity();
    for (const auto* list : {&fields.services, &fields.tags})
        for (const auto& s : *list) n += sizeof(std::string) + s.capacity();
    return n;
}

HitCache::HitCache(Xapian::docid last_docid, std::size_t budget_bytes)
    : slots_(static_cast<std::size_t>(last_docid) + 1), budget_(budget_bytes) {
    used_ = slots_.size() * sizeof(slots_[0]);
}

std::shared_ptr<HitCache> HitCache::for_revision(const Xapian::Database& db, const std::string& db_path,
                                                 std::size_t budget_bytes) {
    static PerRevision<HitCache> caches;
    return caches.get(db, db_path, [&] { return std::make_shared<HitCache>(db.get_lastdocid(), budget_bytes); });
}

std::shared_ptr<const StoredHit> HitCache::get(const Xapian::Document& doc) {
    const Xapian::docid did = doc.get_docid();
    if (did >= slots_.size()) return std::make_shared<const StoredHit>(StoredHit::read(doc));
    {
        std::lock_guard<std::mutex> lock(lock_for(did));
        if (slots_[did]) return slots_[did];
    }
    // Read outside the lock: two threads may both read a document, and the first one keeps it.
    auto hit = std::make_shared<const StoredHit>(StoredHit::read(doc));
    const std::size_t size = hit->bytes();
    std::lock_guard<std::mutex> lock(lock_for(did));
    if (slots_[did]) return slots_[did];
    if (used_.load(std::memory_order_relaxed) + size <= budget_) {
        used_ += size;
        slots_[did] = hit;
    }
    return hit;
}

}  // namespace sasae
