// The query builder as rows of {query as typed, the Xapian query it becomes}: what each
// operator of the search box means, written down (Omega's queryparser tests do the same).
// English words are searched by their stem (Z prefix) or as written; identifiers whole (x2)
// or by their parts; Japanese compounds also by their bigrams (XG, x0.4); synonyms (x0.6).
#include <catch2/catch.hpp>

#include "core/analyzer.h"
#include "server/query_builder.h"
#include "server/query_syntax.h"
#include "server/synonyms.h"

namespace {

struct Row {
    const char* query;
    const char* strict;  // every clause required
    const char* exact;   // strict without the synonyms of typed identifiers ("" when the same)
    const char* filter;  // field:value filters
};

const Row kRows[] = {
    {"EC2 起動しない", "Query((2 * ec2 AND 起動))", "", ""},
    // Stopwords keep no positions: a phrase is its other words in order, within its span.
    {"\"create an AMI\"", "Query((Zcreat PHRASE 3 Zami))", "", ""},
    {"EC2 -Windows", "Query((2 * ec2 AND_NOT (Zwindow OR windows)))", "", ""},
    {"vpn OR dx",
     "Query(((Zvpn OR vpn) OR (dx OR 0.5999999999999999778 * ((Zdirect OR direct) AND (Zconnect OR connect)))))", "",
     ""},
    // A typed identifier with synonyms: documents with it come first (exact), then the synonyms'.
    {"AccessDenied", "Query(((2 * accessdenied OR (Zaccess AND Zdeni)) OR 0.5999999999999999778 * 403))",
     "Query((2 * accessdenied OR (Zaccess AND Zdeni)))", ""},
    {"kind:case service:\"Direct Connect\" BGP", "Query((Zbgp OR bgp))", "", "Query((Kcase AND XSdirect connect))"},
    // The vendor's name only adds weight.
    {"AWS Organizations", "Query(((Zorgan OR organizations) AND_MAYBE (Zaw OR aws)))", "", ""},
    {"ap-northeast-1", "Query((2 * ap-northeast-1 OR (ap AND Znortheast)))", "", ""},
    {"InsufficientInstanceCapacity", "Query((2 * insufficientinstancecapacity OR (Zinsuffici AND Zinstanc AND Zcapac)))",
     "", ""},
    // Long vowel marks fold away; a katakana compound is also found by its bigrams.
    {"ロードバランサー",
     "Query((ロドバランサ OR 0.4000000000000000222 * (XGロド AND XGドバ AND XGバラ AND XGラン AND XGンサ)))", "", ""},
};

}  // namespace

TEST_CASE("each query typed in the search box becomes the Xapian query its row says", "[query]") {
    sasae::Analyzer analyzer;
    const sasae::Synonyms synonyms({{"DX", "Direct Connect"}, {"AccessDenied", "403"}}, analyzer);
    const sasae::QueryBuilder builder(analyzer, synonyms);
    for (const auto& row : kRows) {
        INFO(row.query);
        const auto built = builder.build(sasae::parse_query_syntax(row.query));
        CHECK(built.strict.get_description() == row.strict);
        CHECK(built.exact.get_description() == (*row.exact ? std::string(row.exact) : "Query()"));
        CHECK(built.filter.get_description() == (*row.filter ? std::string(row.filter) : "Query()"));
    }
}
