// Search as a person uses it: the query language, ranking promises, facets and snippets,
// over a small real index.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "core/schema.h"
#include "server/query_syntax.h"
#include "server/document_service.h"
#include "server/http_routes.h"
#include "server/search_service.h"
#include "golden_rows.h"
#include "index_content.h"
#include "temp_dir.h"

using sasae::test::TempDir;
using sasae::test::index_content;

namespace {

// Notes a test writes, indexed, and searches over them.
struct Notes {
    TempDir content, db;
    std::unique_ptr<sasae::IndexReader> reader;

    void index() {
        index_content(content, db);
        reader = std::make_unique<sasae::IndexReader>(db.str());
    }

    sasae::SearchResponse search(const sasae::SearchRequest& r) const { return sasae::SearchService(*reader).search(r); }

    sasae::SearchResponse search(const std::string& q) const {
        sasae::SearchRequest r;
        r.query = q;
        return search(r);
    }

    std::vector<std::string> ids(const sasae::SearchRequest& r) const {
        std::vector<std::string> out;
        for (const auto& h : search(r).hits) out.push_back(h.id);
        return out;
    }

    std::vector<std::string> ids(const std::string& q) const {
        sasae::SearchRequest r;
        r.query = q;
        return ids(r);
    }
};

struct SearchFixture : Notes {
    SearchFixture() {
        content.write("synonyms.yaml", "- [DX, Direct Connect]\n- [S2S VPN, Site-to-Site VPN]\n");
        content.write("cases/capacity.md",
                      "---\ntitle: EC2 インスタンスが起動しない\nservices: [EC2]\ntags: [capacity]\nopened: 2025-03-04\n---\n"
                      "## 事象\n\nap-northeast-1 で InsufficientInstanceCapacity が返り、インスタンスを起動できない。\n");
        content.write("cases/vpn.md",
                      "---\ntitle: Site-to-Site VPN のトンネルが DOWN\nservices: [Site-to-Site VPN]\ntags: [vpn]\n"
                      "opened: 2024-01-10\n---\n"
                      "Phase 1 negotiation failed がログに出てサーバーに接続できない。\n");
        content.write("cases/dx.md",
                      "---\ntitle: Direct Connect の BGP が Idle\nservices: [Direct Connect]\ntags: [bgp]\nopened: 2025-06-01\n---\n"
                      "ロードバランサーではなく BGP セッションの問題。\n");
        content.write("docs/ec2.md",
                      "---\nkind: doc\nservices: [EC2]\nsplit: links\n---\n"
                      "- [Troubleshoot instance launch issues](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html)"
                      " — InsufficientInstanceCapacity など起動エラーの対処。\n");
        content.write("blogs/alb.md",
                      "---\nkind: blog\ntitle: ALB の 502 を調べた\ntags: [alb]\npublished: 2023-05-05\n---\n"
                      "アプリケーションロードバランサーが 502 を返す。ランタイムの話ではない。\n");
        index();
    }
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("query syntax: words, phrases, exclusions, OR and inline filters", "[query]") {
    auto s = sasae::parse_query_syntax("service:EC2 \"Direct Connect\" -VPN 起動 OR 停止 kind:case arn:aws:iam::1:role/x");
    REQUIRE(s.clauses.size() == 5);
    CHECK(s.clauses[0].text == "Direct Connect");
    CHECK(s.clauses[0].phrase);
    CHECK(s.clauses[1].text == "VPN");
    CHECK(s.clauses[1].excluded);
    CHECK(s.clauses[3].text == "停止");
    CHECK(s.clauses[3].or_with_previous);
    CHECK(s.clauses[4].text == "arn:aws:iam::1:role/x");  // not a filter field: plain text
    CHECK(s.filters["service"] == std::vector<std::string>{"EC2"});
    CHECK(s.filters["kind"] == std::vector<std::string>{"case"});
}

TEST_CASE("query syntax: quoted filter values and ideographic spaces", "[query]") {
    auto s = sasae::parse_query_syntax("service:\"Direct Connect\"　BGP");
    REQUIRE(s.clauses.size() == 1);
    CHECK(s.clauses[0].text == "BGP");
    CHECK(s.filters["service"] == std::vector<std::string>{"Direct Connect"});
}

TEST_CASE("an error code finds the case and the doc that contain it", "[search]") {
    SearchFixture f;
    auto ids = f.ids("InsufficientInstanceCapacity");
    CHECK(contains(ids, "cases/capacity"));
    CHECK(contains(ids, "docs/ec2/troubleshooting-launch"));
    CHECK(ids.size() == 2);
}

TEST_CASE("an inflected Japanese query finds other inflections", "[search][japanese]") {
    SearchFixture f;
    CHECK(f.ids("起動しない").front() == "cases/capacity");
}

TEST_CASE("a long-vowel variant matches: サーバ finds サーバー", "[search][japanese]") {
    SearchFixture f;
    CHECK(f.ids("サーバ") == std::vector<std::string>{"cases/vpn"});
}

TEST_CASE("a part of a katakana compound finds the compound", "[search][japanese]") {
    SearchFixture f;
    auto ids = f.ids("バランサー");
    CHECK(contains(ids, "cases/dx"));
    CHECK(contains(ids, "blogs/alb"));
}

TEST_CASE("katakana written with other small vowels or long marks still matches", "[search][japanese]") {
    Notes n;
    n.content.write("cases/nat.md", "---\ntitle: NATゲートウェイ経由で接続できない\n---\nセッションマネージャーも使えない。\n");
    n.index();
    for (const char* q : {"NATゲートウエイ", "ゲートウェイ", "セッションマネジャー"}) {
        sasae::SearchRequest r;
        r.query = q;
        INFO(q);
        CHECK(n.search(r).total == 1);
    }
}

TEST_CASE("a stray two-character fragment does not flood results through bigrams", "[search][japanese]") {
    SearchFixture f;
    // ラン occurs inside ロードバランサー and ランタイム, but is not a word of either.
    CHECK(f.ids("ラン").size() <= 1);
}

TEST_CASE("inline filters restrict by kind and service", "[search][filters]") {
    SearchFixture f;
    CHECK(f.ids("InsufficientInstanceCapacity kind:doc") == std::vector<std::string>{"docs/ec2/troubleshooting-launch"});
    CHECK(f.ids("service:\"Direct Connect\"") == std::vector<std::string>{"cases/dx"});
}

TEST_CASE("an excluded word removes the documents that contain it", "[search]") {
    SearchFixture f;
    auto ids = f.ids("InsufficientInstanceCapacity -ap-northeast-1");
    CHECK(ids == std::vector<std::string>{"docs/ec2/troubleshooting-launch"});
}

TEST_CASE("a phrase must appear in order", "[search]") {
    SearchFixture f;
    CHECK(f.ids("\"negotiation failed\"") == std::vector<std::string>{"cases/vpn"});
    CHECK(f.ids("\"failed negotiation\"").empty());
}

namespace {

struct StopwordNotes : Notes {
    StopwordNotes() {
        content.write("cases/ami.md", "---\ntitle: AMI notes\n---\nTo create an AMI from the instance, stop it first.\n");
        content.write("cases/later.md", "---\ntitle: later\n---\nAn AMI? We create it later.\n");
        index();
    }
};

}  // namespace

TEST_CASE("stopwords are indexed without positions, other words with them", "[index][stopwords]") {
    StopwordNotes n;
    Xapian::Database db(n.db.str());
    Xapian::docid ami = *db.postlist_begin(sasae::schema::id_term("cases/ami"));
    CHECK(db.get_document(ami).termlist_count() > 0);
    CHECK(db.positionlist_begin(ami, "Zcreat") != db.positionlist_end(ami, "Zcreat"));
    CHECK(db.get_termfreq("Zthe") == 1);  // still a term: a query of stopwords alone finds it
    CHECK(db.positionlist_begin(ami, "Zthe") == db.positionlist_end(ami, "Zthe"));
    CHECK(db.positionlist_begin(ami, "an") == db.positionlist_end(ami, "an"));
}

TEST_CASE("a phrase steps over its stopwords: the other words in order, in the same span", "[search][stopwords]") {
    StopwordNotes n;
    CHECK(n.ids("\"create an AMI\"") == std::vector<std::string>{"cases/ami"});
    // The stopword's place takes any one word, as in most engines' phrase matching.
    CHECK(n.ids("\"create the AMI\"") == std::vector<std::string>{"cases/ami"});
    CHECK(n.ids("\"create AMI\"").empty());        // one word apart, not adjacent
    CHECK(n.ids("\"AMI an create\"") == std::vector<std::string>{"cases/later"});  // "AMI? We create"
    CHECK(n.ids("\"instance the create\"").empty());  // out of order
}

TEST_CASE("a phrase made only of stopwords finds the documents holding all of them", "[search][stopwords]") {
    StopwordNotes n;
    CHECK(n.ids("\"from the\"") == std::vector<std::string>{"cases/ami"});
}

TEST_CASE("a phrase's query description is the phrase of its non-stopwords", "[query][stopwords]") {
    StopwordNotes n;
    sasae::SearchRequest r;
    r.query = "\"create an AMI\"";
    r.explain = true;
    auto parsed = n.search(r).parsed;
    CHECK(parsed.find("(Zcreat PHRASE 3 Zami)") != std::string::npos);
}

TEST_CASE("synonyms: DX finds Direct Connect", "[search][synonyms]") {
    SearchFixture f;
    CHECK(f.ids("DX") == std::vector<std::string>{"cases/dx"});
}

TEST_CASE("synonyms: a member that only adds the vendor's name to the typed words is left out", "[search][synonyms]") {
    Notes n;
    n.content.write("synonyms.yaml", "- [S3, Amazon S3, AWS S3, Simple Storage Service]\n");
    n.content.write("cases/s3.md", "---\ntitle: S3 バケットへの PUT が 403\n---\nAmazon S3 のバケットポリシーを確認した。\n");
    n.index();
    sasae::SearchRequest r;
    r.query = "S3";
    r.explain = true;
    const auto parsed = n.search(r).parsed;
    CHECK(parsed.find("simple") != std::string::npos);  // a member with words of its own widens the query
    CHECK(parsed.find("amazon") == std::string::npos);  // "Amazon S3" matches what "S3" matches
    CHECK(parsed.find("aws") == std::string::npos);
    CHECK(n.ids("S3") == std::vector<std::string>{"cases/s3"});
}

TEST_CASE("synonyms: the typed words with the vendor's name still widen to the shorter member", "[search][synonyms]") {
    Notes n;
    n.content.write("synonyms.yaml", "- [S3, Amazon S3]\n");
    n.content.write("cases/s3.md", "---\ntitle: S3 バケットへの PUT が 403\n---\nバケットポリシーを確認した。\n");
    n.index();
    CHECK(n.ids("Amazon S3") == std::vector<std::string>{"cases/s3"});
}

TEST_CASE("when nothing matches every word, partial matches are ranked and flagged", "[search]") {
    SearchFixture f;
    auto r = f.search("InsufficientInstanceCapacity zzzunknownword");
    CHECK(r.partial);
    CHECK_FALSE(r.hits.empty());
}

TEST_CASE("a document matching only the vendor's name is no partial match: AWS of AWS VPC Lattice", "[search]") {
    Notes n;
    n.content.write("cases/billing.md", "---\ntitle: AWS の請求書が届かない\n---\nAWS アカウントの請求先を確認した。\n");
    n.content.write("cases/lattice.md", "---\ntitle: VPC Lattice のサービスネットワーク\n---\nターゲットグループが unhealthy。\n");
    n.content.write("cases/aws-vpc.md", "---\ntitle: AWS の VPC ピアリング\n---\nルートテーブルを確認した。\n");
    n.index();
    auto r = n.search("AWS VPC Lattice");
    CHECK(r.total == 2);
    // The Lattice note has every word that tells; the other matches VPC (and the vendor's name).
    CHECK(n.ids("AWS VPC Lattice") == std::vector<std::string>{"cases/lattice", "cases/aws-vpc"});
}

TEST_CASE("the vendor's name is not required: AWS Organizations finds a note on Organizations alone", "[search]") {
    Notes n;
    n.content.write("cases/scp.md", "---\ntitle: Organizations の SCP で拒否される\n---\nSCP を確認した。\n");
    n.content.write("cases/aws-org.md", "---\ntitle: AWS Organizations の招待\n---\n招待メールが届かない。\n");
    n.content.write("cases/billing.md", "---\ntitle: AWS の請求書\n---\n請求先を確認した。\n");
    n.index();
    auto r = n.search("AWS Organizations");
    CHECK_FALSE(r.partial);
    CHECK(r.total == 2);
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].id == "cases/aws-org");  // naming the vendor still adds weight
    CHECK(r.hits[1].id == "cases/scp");
}

TEST_CASE("when only a few documents match every word, documents matching some of them follow", "[search]") {
    SearchFixture f;
    // Only the case has both; the doc reference has the error code alone.
    auto r = f.search("InsufficientInstanceCapacity ap-northeast-1");
    CHECK_FALSE(r.partial);
    CHECK(r.total == 2);
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].id == "cases/capacity");
    CHECK(r.hits[1].id == "docs/ec2/troubleshooting-launch");
    CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE("pages of strict and partial matches together list each document once", "[search][pagination]") {
    SearchFixture f;
    std::vector<std::string> seen;
    for (int page = 1; page <= 3; ++page) {
        sasae::SearchRequest r;
        r.query = "InsufficientInstanceCapacity ap-northeast-1";
        r.per_page = 1;
        r.page = page;
        auto response = f.search(r);
        CHECK(response.total == 2);
        for (const auto& h : response.hits) seen.push_back(h.id);
    }
    CHECK(seen == std::vector<std::string>{"cases/capacity", "docs/ec2/troubleshooting-launch"});
}

TEST_CASE("sorted by date, documents matching every word still come before partial matches", "[search][sort]") {
    SearchFixture f;
    sasae::SearchRequest r;
    r.query = "InsufficientInstanceCapacity ap-northeast-1";
    r.sort_by_date = true;
    auto hits = f.search(r).hits;
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].id == "cases/capacity");
}

TEST_CASE("the whole identifier ranks above documents with only its parts", "[search][ranking]") {
    Notes n;
    n.content.write("cases/parts.md", "---\ntitle: capacity notes\n---\ninsufficient instance capacity in general\n");
    n.content.write("cases/whole.md", "---\ntitle: error notes\n---\nInsufficientInstanceCapacity was returned\n");
    n.index();
    sasae::SearchRequest r;
    r.query = "InsufficientInstanceCapacity";
    auto hits = n.search(r).hits;
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].id == "cases/whole");
}

TEST_CASE("query words next to each other in a document rank it above the same words far apart", "[search][ranking]") {
    Notes n;
    // Same words, same counts, same length: only their distance differs.
    n.content.write("cases/apart.md", "---\ntitle: notes a\n---\nconnection limits were raised. later the pooling was tuned.\n");
    n.content.write("cases/near.md", "---\ntitle: notes b\n---\nconnection pooling was tuned. later the limits were raised.\n");
    n.content.write("cases/apart-ja.md", "---\ntitle: メモ a\n---\nインスタンスの設定を見直した。その後に停止した。\n");
    n.content.write("cases/near-ja.md", "---\ntitle: メモ b\n---\nインスタンス停止の設定を見直した。その後にした。\n");
    n.index();
    for (auto [query, expected] : {std::pair{"connection pooling", "cases/near"}, std::pair{"インスタンス 停止", "cases/near-ja"}}) {
        sasae::SearchRequest r;
        r.query = query;
        auto hits = n.search(r).hits;
        INFO(query);
        REQUIRE(hits.size() == 2);
        CHECK(hits[0].id == expected);
    }
}

TEST_CASE("facets count kinds, services and tags over all matches", "[search][facets]") {
    SearchFixture f;
    auto r = f.search("");
    CHECK(r.total == 5);
    CHECK(r.facets["kind"]["case"] == 3);
    CHECK(r.facets["kind"]["doc"] == 1);
    CHECK(r.facets["service"]["EC2"] == 2);
    CHECK(r.facets["tag"]["vpn"] == 1);
}

TEST_CASE("facet values come in name order, whatever order the index met them in", "[search][facets]") {
    SearchFixture f;  // tags met as capacity, vpn, bgp, alb
    auto r = f.search("");
    std::vector<std::string> tags;
    for (const auto& [tag, count] : r.facets["tag"]) tags.push_back(tag);
    CHECK(tags == std::vector<std::string>{"alb", "bgp", "capacity", "vpn"});
    CHECK(r.facets["tag"]["zzz"] == 0);
}

TEST_CASE("facet counts follow a reindex: new, changed and deleted documents", "[search][facets]") {
    SearchFixture f;
    CHECK(f.search("").facets["tag"]["capacity"] == 1);
    f.content.write("cases/quota.md", "---\ntitle: vCPU クォータ\nservices: [EC2]\ntags: [quota]\n---\n上限に達した。\n");
    f.content.write("cases/capacity.md", "---\ntitle: 起動しない\nservices: [EC2]\ntags: [capacity-v2]\n---\n本文。\n");
    std::filesystem::remove(f.content.path() / "cases" / "vpn.md");
    index_content(f.content, f.db);
    auto r = f.search("");
    CHECK(r.total == 5);
    CHECK(r.facets["tag"]["quota"] == 1);
    CHECK(r.facets["tag"]["capacity-v2"] == 1);
    CHECK(r.facets["tag"].count("capacity") == 0);
    CHECK(r.facets["tag"].count("vpn") == 0);
    CHECK(r.facets["service"]["EC2"] == 3);
}

TEST_CASE("a facet with a selection still counts its other values", "[search][facets]") {
    SearchFixture f;
    sasae::SearchRequest r;
    r.query = "InsufficientInstanceCapacity";
    r.filters["kind"] = {"doc"};
    auto res = f.search(r);
    CHECK(res.total == 1);
    CHECK(res.facets["kind"]["doc"] == 1);
    CHECK(res.facets["kind"]["case"] == 1);   // the unselected kind, for switching
    CHECK(res.facets["service"]["EC2"] == 1);  // other facets follow the selection
}

TEST_CASE("the region facet: from front matter and from the codes a note names", "[search][facets][regions]") {
    Notes n;
    n.content.write("cases/tokyo.md", "---\ntitle: 東京で起動しない\nregion: ap-northeast-1\n---\nインスタンスが起動しない。\n");
    n.content.write("cases/virginia.md", "---\ntitle: バージニアで 503\n---\nus-east-1 の S3 が 503 を返す。\n");
    n.content.write("cases/both.md",
                    "---\ntitle: 二つのリージョン\n---\nap-northeast-1 から us-east-1 へのレプリケーションが遅い。\n");
    // An endpoint list names every region: it is about none of them.
    n.content.write("docs/endpoints.md",
                    "---\ntitle: エンドポイント一覧\n---\nus-east-1 us-west-2 eu-west-1 ap-northeast-1 ap-southeast-2\n");
    n.index();
    auto all = n.search("");
    CHECK(all.facets["region"]["ap-northeast-1"] == 2);
    CHECK(all.facets["region"]["us-east-1"] == 2);
    CHECK(all.facets["region"].count("us-west-2") == 0);
    sasae::SearchRequest r;
    r.filters["region"] = {"AP-NORTHEAST-1"};  // filters fold case, as every facet's do
    auto tokyo = n.ids(r);
    std::sort(tokyo.begin(), tokyo.end());
    CHECK(tokyo == std::vector<std::string>{"cases/both", "cases/tokyo"});
    CHECK(n.ids("region:us-east-1 503") == std::vector<std::string>{"cases/virginia"});
}

TEST_CASE("a key pasted into a note is found by search but never shown in its snippet", "[search][snippets][secrets]") {
    Notes n;
    n.content.write("cases/leak.md", "---\ntitle: 認証エラー\n---\nアクセスキー AKIA2OGYBAH6XRTQ4WLM で署名エラーになった。\n");
    n.index();
    const auto r = n.search("AKIA2OGYBAH6XRTQ4WLM");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.find("AKIA2OGYBAH6XRTQ4WLM") == std::string::npos);
    CHECK(r.hits[0].snippet.find("AKIA****************") != std::string::npos);
    CHECK(n.search("署名エラー").hits[0].snippet.find("AKIA2OGYBAH6XRTQ4WLM") == std::string::npos);
}

TEST_CASE("an empty query lists newest first", "[search]") {
    SearchFixture f;
    auto r = f.search("");
    REQUIRE(r.hits.size() >= 2);
    CHECK(r.hits[0].id == "cases/dx");
}

TEST_CASE("did you mean corrects a misspelt English word", "[search][spelling]") {
    SearchFixture f;
    CHECK(f.search("Troubleshot").did_you_mean == "troubleshoot");
}

TEST_CASE("did you mean corrects a typo in one word of an error code", "[search][spelling]") {
    Notes n;
    n.content.write("cases/a.md", "---\ntitle: Insufficient capacity in Tokyo\n---\nInsufficientInstanceCapacity が返る。\n");
    n.content.write("cases/b.md", "---\ntitle: 起動エラー\n---\nInsufficientInstanceCapacity で起動しない。\n");
    // The typo itself is in a note once, as typos get copied.
    n.content.write("cases/c.md", "---\ntitle: メモ\n---\nInsufficent の綴りは誤り。\n");
    n.index();
    sasae::SearchRequest r;
    r.query = "InsufficentInstanceCapacity";
    auto response = n.search(r);
    CHECK(response.did_you_mean == "insufficientinstancecapacity");
    CHECK(response.corrected_query == "insufficientinstancecapacity");
    CHECK(response.total == 2);
}

TEST_CASE("did you mean leaves alone an identifier the index holds", "[search][spelling]") {
    Notes n;
    // Both API names are in the index; the plural one more often. Neither is a typo of the other.
    n.content.write("cases/one.md", "---\ntitle: DescribeInstance notes\n---\nDescribeInstance was called.\n");
    for (const char* name : {"cases/two.md", "cases/three.md", "cases/four.md"})
        n.content.write(name, "---\ntitle: DescribeInstances notes\n---\nDescribeInstances and DescribeInstances again.\n");
    n.index();
    sasae::SearchRequest r;
    r.query = "DescribeInstance zzzunknownword";  // nothing matches both: partial, so spelling is asked
    auto response = n.search(r);
    CHECK(response.partial);
    CHECK(response.did_you_mean.find("describeinstances") == std::string::npos);
}

TEST_CASE("bad requests are refused with a reason", "[search][errors]") {
    SearchFixture f;
    sasae::SearchRequest r;
    r.query = std::string(1001, 'a');
    CHECK_THROWS_AS(f.search(r), sasae::InvalidRequest);
    r.query = "\xff";
    CHECK_THROWS_AS(f.search(r), sasae::InvalidRequest);
    r.query = "ok";
    r.per_page = 0;
    CHECK_THROWS_AS(f.search(r), sasae::InvalidRequest);
}

TEST_CASE("every commit is seen by the next request, however quickly they follow each other", "[search][reopen]") {
    SearchFixture f;
    const Xapian::doccount before = f.reader->snapshot().db.get_doccount();
    Xapian::WritableDatabase writer(f.db.str(), Xapian::DB_OPEN);
    for (Xapian::doccount added = 1; added <= 5; ++added) {
        writer.add_document(Xapian::Document());
        writer.commit();
        CHECK(f.reader->snapshot().db.get_doccount() == before + added);
        CHECK(f.reader->snapshot().db.get_doccount() == before + added);  // and by the one after it
    }
}

TEST_CASE("no index yet is its own error", "[search][errors]") {
    TempDir empty;
    sasae::IndexReader reader(empty.str() + "/none");
    sasae::SearchRequest r;
    r.query = "x";
    CHECK_THROWS_AS(sasae::SearchService(reader).search(r), sasae::IndexUnavailable);
}

TEST_CASE("the API token comparison: equal only when every byte and the length agree", "[token]") {
    CHECK(sasae::constant_time_equals("s3cret-token-0123", "s3cret-token-0123"));
    CHECK_FALSE(sasae::constant_time_equals("s3cret-token-0123", "s3cret-token-0124"));
    CHECK_FALSE(sasae::constant_time_equals("s3cret-token-0123", "s3cret-token-012"));
    CHECK_FALSE(sasae::constant_time_equals("", "x"));
}

TEST_CASE("index and query analysis agree: every golden input, indexed as a note, finds itself", "[search][symmetry]") {
    Notes notes;
    std::size_t n = 0;
    for (const auto& row : sasae::test::kGolden)
        notes.content.write("cases/g" + std::to_string(n++) + ".md", std::string("---\ntitle: g\n---\n") + row.input + "\n");
    notes.index();
    n = 0;
    for (const auto& row : sasae::test::kGolden) {
        std::string id = "cases/g" + std::to_string(n++);
        sasae::SearchRequest r;
        r.query = row.input;
        r.per_page = 100;
        INFO("input: " << row.input);
        CHECK(contains(notes.ids(r), id));
    }
}


TEST_CASE("the document view renders the stored Markdown and lists the note's links", "[documents]") {
    SearchFixture f;
    auto view = sasae::DocumentService(*f.reader).get("cases/capacity");
    REQUIRE(view.has_value());
    CHECK_THAT(view->html, Catch::Contains("<h2>事象</h2>"));
    CHECK_THAT(view->html, Catch::Contains("InsufficientInstanceCapacity"));
    CHECK(view->front_matter["tags"] == nlohmann::json::array({"capacity"}));
    CHECK_FALSE(sasae::DocumentService(*f.reader).get("cases/none").has_value());
}

TEST_CASE("words inside an HTML block are found, and the view shows them without the markup", "[search][html]") {
    Notes notes;
    notes.content.write("blogs/html.md", "---\ntitle: HTML を含む記事\n---\n<div>htmlblockword ブロック内の文</div>\n\n本文。\n");
    notes.index();
    CHECK(notes.ids("htmlblockword") == std::vector<std::string>{"blogs/html"});
    CHECK(notes.ids("ブロック内") == std::vector<std::string>{"blogs/html"});
    auto view = sasae::DocumentService(*notes.reader).get("blogs/html");
    REQUIRE(view.has_value());
    CHECK_THAT(view->html, Catch::Contains("<p>htmlblockword ブロック内の文</p>"));
    CHECK_THAT(view->html, !Catch::Contains("<div>"));
}

TEST_CASE("documents holding a typed identifier rank above documents found only through its synonyms", "[search][synonyms][identifier]") {
    struct Row {
        const char* what;
        const char* synonyms;  // one group
        const char* typed;
        const char* holder;    // body of the one note that holds the typed identifier
        const char* synonym;   // words of the notes that hold only a synonym
    };
    const Row rows[] = {
        {"error code", "[権限不足, AccessDenied, UnauthorizedOperation]", "UnauthorizedOperation",
         "RunInstances で UnauthorizedOperation が返る。詳細は別の話題が長く続く。" , "AccessDenied"},
        {"API name", "[RunInstances, run-instances, インスタンス起動 API]", "RunInstances",
         "CloudTrail の RunInstances イベントを調べる。その他の説明が長く続く。", "インスタンス起動 API"},
        {"resource id", "[vpc-0a1b2c3d, 本番VPC]", "vpc-0a1b2c3d",
         "vpc-0a1b2c3d のルートを確認した。その他の説明が長く続く。", "本番VPC"},
    };
    for (const auto& row : rows) {
        SECTION(row.what) {
            Notes notes;
            notes.content.write("synonyms.yaml", std::string("- ") + row.synonyms + "\n");
            notes.content.write("cases/holder.md", std::string("---\ntitle: 調査メモ\n---\n") + row.holder + "\n");
            // Synonym-only notes that BM25 alone would put first: the synonym in the title, twice.
            for (int i = 0; i < 3; ++i)
                notes.content.write("cases/syn" + std::to_string(i) + ".md",
                                    std::string("---\ntitle: ") + row.synonym + " " + row.synonym + "\n---\n" + row.synonym + "。\n");
            for (int i = 0; i < 8; ++i)
                notes.content.write("cases/other" + std::to_string(i) + ".md", "---\ntitle: 無関係 " + std::to_string(i) + "\n---\n別件。\n");
            notes.index();
            auto ids = notes.ids(row.typed);
            REQUIRE(ids.size() == 4);  // the synonyms still fill in after it
            CHECK(ids.front() == "cases/holder");
            sasae::SearchRequest r;
            r.query = row.typed;
            r.explain = true;
            CHECK_THAT(notes.search(r).parsed, Catch::Contains("TYPED FIRST"));
        }
    }
}

TEST_CASE("a plain word with synonyms is ranked by weight alone, with no typed-first pass", "[search][synonyms]") {
    SearchFixture f;
    sasae::SearchRequest r;
    r.query = "Direct Connect";
    r.explain = true;
    CHECK_THAT(f.search(r).parsed, !Catch::Contains("TYPED FIRST"));
}

TEST_CASE("a katakana word typed in hiragana finds the katakana word", "[search][kana]") {
    Notes notes;
    notes.content.write("cases/a.md", "---\ntitle: インスタンスの自動復旧\n---\nサーバーが止まった。\n");
    notes.content.write("cases/b.md", "---\ntitle: 手順のまとめ\n---\nまとめておく。\n");
    notes.index();
    CHECK(notes.ids("いんすたんす") == std::vector<std::string>{"cases/a"});
    CHECK(notes.ids("さーばー") == std::vector<std::string>{"cases/a"});
    CHECK(notes.ids("いんすたんす 自動復旧") == std::vector<std::string>{"cases/a"});
    // A hiragana word the index holds as typed is still found as typed.
    CHECK(notes.ids("まとめ") == std::vector<std::string>{"cases/b"});
}

TEST_CASE("a damaged stored Markdown is an error naming the fix, not an empty page", "[documents][errors]") {
    SearchFixture f;
    {
        Xapian::WritableDatabase db(f.db.str());
        auto pl = db.postlist_begin(sasae::schema::id_term("cases/capacity"));
        Xapian::Document doc = db.get_document(*pl);
        doc.add_value(sasae::schema::kMarkdownSlot, "not packed");
        db.replace_document(*pl, doc);
        db.commit();
    }
    CHECK_THROWS_WITH(sasae::DocumentService(*f.reader).get("cases/capacity"), Catch::Contains("sasae-index --full"));
}
