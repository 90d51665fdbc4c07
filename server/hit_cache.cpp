#include "server/hit_cache.h"

#include "core/schema.h"
#include "server/per_revision.h"

namespace sasae {

StoredHit StoredHit::read(const Xapian::Document& doc) {
    StoredHit h;
    h.fields = hit_from_document(doc);
    h.passage.text = doc.get_value(schema::kPassageSlot);
    return h;
}

std::size_t StoredHit::bytes() const {
    std::size_t n = sizeof(StoredHit) + passage.text.capacity() + (passage.terms ? passage.terms->bytes() : 0);
    for (const std::string* s : {&fields.id, &fields.kind, &fields.title, &fields.url, &fields.date}) n += s->capacity();
    for (const auto* list : {&fields.services, &fields.tags})
        for (const auto& s : *list) n += sizeof(std::string) + s.capacity();
    return n;
}

HitCache::HitCache(Xapian::docid last_docid, std::size_t budget_bytes, const Analyzer& analyzer,
                   HitCache* previous)
    : slots_(static_cast<std::size_t>(last_docid) + 1), budget_(budget_bytes), analyzer_(analyzer) {
    used_ = slots_.size() * sizeof(slots_[0]);
    if (!previous) return;
    // What the previous cache had not taken over from its own predecessor yet is passed on too,
    // so two commits in quick succession lose nothing.
    inherited_.resize(std::min(slots_.size(), previous->slots_.size()));
    for (std::size_t stripe = 0; stripe < locks_.size(); ++stripe) {
        std::lock_guard<std::mutex> lock(previous->locks_[stripe]);
        for (std::size_t did = stripe; did < inherited_.size(); did += locks_.size()) {
            if (previous->slots_[did]) {
                inherited_[did] = {previous->slots_[did], 1};
            } else if (did < previous->inherited_.size() && previous->inherited_[did].hit &&
                       previous->inherited_[did].revisions_unasked < kRevisionsUnasked) {
                inherited_[did] = {previous->inherited_[did].hit, previous->inherited_[did].revisions_unasked + 1};
            }
        }
    }
}

std::shared_ptr<HitCache> HitCache::for_revision(const Xapian::Database& db, const IndexRevision& revision, const std::string& db_path,
                                                 std::size_t budget_bytes, const Analyzer& analyzer) {
    static PerRevision<HitCache> caches;
    return caches.get(revision, db_path, [&](const std::shared_ptr<HitCache>& previous) {
        return std::make_shared<HitCache>(db.get_lastdocid(), budget_bytes, analyzer, previous.get());
    });
}

std::shared_ptr<const StoredHit> HitCache::get(Xapian::docid did, const Xapian::Document& doc) {
    if (did >= slots_.size()) return std::make_shared<const StoredHit>(StoredHit::read(doc));
    {
        std::lock_guard<std::mutex> lock(lock_for(did));
        if (slots_[did]) return slots_[did];
    }
    // Read outside the lock: two threads may both read a document, and the first one keeps it.
    // The previous revision's entry serves when the document reads the same (the indexer gives
    // a changed file new docids, but a writer may keep one); analysing the passage is most of
    // the cost of a miss. A full cache keeps nothing more, so its passages are not analysed in vain.
    StoredHit read = StoredHit::read(doc);
    std::shared_ptr<const StoredHit> hit = take_inherited(did);
    if (!hit || !hit->passage.terms || hit->fields != read.fields || hit->passage.text != read.passage.text) {
        if (used_.load(std::memory_order_relaxed) < budget_) read.passage.terms.emplace(read.passage.text, analyzer_);
        hit = std::make_shared<const StoredHit>(std::move(read));
    }
    const std::size_t size = hit->bytes();
    std::lock_guard<std::mutex> lock(lock_for(did));
    if (slots_[did]) return slots_[did];
    if (used_.load(std::memory_order_relaxed) + size <= budget_) {
        used_ += size;
        slots_[did] = hit;
    }
    return hit;
}

std::shared_ptr<const StoredHit> HitCache::take_inherited(Xapian::docid did) {
    if (did >= inherited_.size()) return nullptr;
    std::lock_guard<std::mutex> lock(lock_for(did));
    return std::move(inherited_[did].hit);
}

}  // namespace sasae
