#pragma once
// The index schema: every term prefix, value slot and metadata key the indexer writes and
// the server reads. Change kSchemaVersion when the meaning of anything here changes; the
// indexer then rebuilds instead of mixing old and new documents.
#include <string>
#include <string_view>

#include <xapian.h>

namespace sasae::schema {

inline constexpr int kSchemaVersion = 7;

// Term prefixes (Xapian/Omega conventions where one exists).
inline constexpr std::string_view kIdPrefix = "Q";        // unique id: "Q" + document id
inline constexpr std::string_view kSourcePrefix = "XF";   // source file: "XF" + root label + path
inline constexpr std::string_view kKindPrefix = "K";      // boolean: case / doc / blog
inline constexpr std::string_view kServicePrefix = "XS";  // boolean: folded service name
inline constexpr std::string_view kTagPrefix = "XT";      // boolean: folded tag
inline constexpr std::string_view kLangPrefix = "L";      // boolean: ja / en
inline constexpr std::string_view kRegionPrefix = "XR";   // boolean: folded region (ap-northeast-1)
inline constexpr std::string_view kUrlPrefix = "U";       // boolean: the document's own URL
inline constexpr std::string_view kLinkPrefix = "XL";     // boolean: an outgoing link (URL or "id:" + id)
inline constexpr std::string_view kGramPrefix = "XG";     // character bigrams of Japanese compounds

// Value slots.
enum Slot : Xapian::valueno {
    kDateSlot = 0,      // "YYYY-MM-DD" (sorts as a string), empty when undated
    kKindSlot = 1,      // case / doc / blog
    kHashSlot = 2,      // content hash of the source file (hex), for incremental indexing
    kServicesSlot = 3,  // display names joined by kListSeparator (facets)
    kTagsSlot = 4,      // display tags joined by kListSeparator (facets)
    kMarkdownSlot = 5,  // the Markdown source, packed (core/stored_text.h), for the document view;
                        // kept out of the document data so a result page never reads it
    kPassageSlot = 6,   // the text snippets are cut from: see core/passage.h
    kDetailsSlot = 7,   // JSON for the document view only: outgoing links, front matter
    kRegionsSlot = 8,   // regions joined by kListSeparator (facets)
};
inline constexpr char kListSeparator = '\x1f';

// Database metadata keys.
inline constexpr const char* kMetaSchemaVersion = "sasae:schema";
inline constexpr const char* kMetaLastRun = "sasae:last_run";  // JSON summary of the last indexer run
inline constexpr const char* kMetaSynonyms = "sasae:synonyms";  // JSON [[...], ...] from synonyms.yaml

// Within-document frequency given to a term by field: title words count most.
inline constexpr int kTitleWeight = 10;
inline constexpr int kHeadingWeight = 3;
inline constexpr int kBodyWeight = 1;

// Gap between fields in the position stream so a phrase never spans two fields.
inline constexpr Xapian::termpos kFieldGap = 100;

// Boolean terms longer than Xapian's limit are shortened with a hash suffix.
std::string boolean_term(std::string_view prefix, std::string_view value);

// URL form used on both sides of a link: no fragment, no trailing slash, lower-case scheme/host.
std::string normalize_url(std::string_view url);

std::string id_term(std::string_view id);

}  // namespace sasae::schema
