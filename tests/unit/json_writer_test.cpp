// The search and suggest responses are written without building a JSON tree; what they write
// must read back as the tree would have been, byte for byte where nlohmann is the reference.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/json_views.h"
#include "server/json_writer.h"

namespace {

std::string nlohmann_dump(const nlohmann::json& j) { return sasae::dump(j); }

std::string written(const std::string& s) {
    std::string out;
    sasae::append_json_string(out, s);
    return out;
}

}  // namespace

TEST_CASE("strings are escaped as nlohmann escapes them", "[json]") {
    const std::string rows[] = {
        "plain",
        "",
        "quote \" and backslash \\",
        "tab\tnewline\ncarriage\rbell\x07 escape\x1b end",
        "インスタンスが起動できない",
        "emoji 😀 and ｶﾀｶﾅ",
        "<mark>EC2</mark> &amp; 'quoted'",
        "delete \x7f stays",
        std::string("nul \0 inside", 12),
    };
    for (const auto& s : rows) {
        INFO(s);
        CHECK(written(s) == nlohmann_dump(nlohmann::json(s)));
    }
}

TEST_CASE("invalid UTF-8 bytes are written as U+FFFD, the rest kept", "[json][errors]") {
    for (const std::string s : {"cut \xE3\x82 here", "\xFF\xFE", "ok \xC0\xAF overlong", "tail \xE3",
                                "surrogate \xED\xA0\x80", "cut emoji \xF0\x9F\x98!", "too high \xF4\x90\x80\x80"}) {
        INFO(s);
        const std::string out = written(s);
        CHECK(nlohmann::json::parse(out).get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
        CHECK(out == nlohmann_dump(nlohmann::json(s)));
    }
}

TEST_CASE("numbers are written as nlohmann writes them", "[json]") {
    for (double d : {0.0, 1.0, 16.476806272489718, 0.1, 123456789.0, 2.5e-7, 1e21}) {
        INFO(d);
        sasae::JsonWriter w;
        w.value(d);
        CHECK(w.str() == nlohmann_dump(nlohmann::json(d)));
    }
    sasae::JsonWriter w;
    w.begin_array().value(std::uint64_t{0}).value(std::uint64_t{4893}).value(true).value(false).null().end_array();
    CHECK(w.str() == "[0,4893,true,false,null]");
}

TEST_CASE("objects and arrays nest with commas only between items", "[json]") {
    sasae::JsonWriter w;
    w.begin_object().key("a").begin_array().end_array().key("b").begin_object().key("c").value("d").end_object();
    w.key("e").value(std::vector<std::string>{"x", "y"}).key("f").value_or_null("").end_object();
    CHECK(w.str() == R"({"a":[],"b":{"c":"d"},"e":["x","y"],"f":null})");
}

TEST_CASE("a search response reads back with every field of the contract", "[json][search]") {
    sasae::SearchResponse r;
    r.query = "EC2 \"起動\"";
    r.total = 2;
    sasae::SearchHit hit;
    hit.id = "cases/ec2";
    hit.kind = "case";
    hit.title = "EC2 が \"起動\" しない";
    hit.services = {"EC2"};
    hit.score = 3.5;
    hit.snippet = "<mark>EC2</mark> が起動しない";
    r.hits.push_back(hit);
    r.facets["kind"] = sasae::FacetCounts({{"case", 2}});
    r.facets["tag"] = {};
    r.did_you_mean = "ec2";
    const auto j = nlohmann::json::parse(sasae::search_response_json(r, 1.25));
    CHECK(j["query"] == r.query);
    CHECK(j["total"] == 2);
    CHECK(j["took_ms"] == 1.25);
    CHECK(j["hits"][0]["title"] == hit.title);
    CHECK(j["hits"][0]["services"] == nlohmann::json::array({"EC2"}));
    CHECK(j["hits"][0]["tags"] == nlohmann::json::array());
    CHECK(j["hits"][0]["url"] == "");
    CHECK(j["hits"][0]["score"] == 3.5);
    CHECK(j["hits"][0]["snippet"] == hit.snippet);
    CHECK(j["facets"]["kind"]["case"] == 2);
    CHECK(j["facets"]["tag"] == nlohmann::json::object());
    CHECK(j["partial"] == false);
    CHECK(j["did_you_mean"] == "ec2");
    CHECK(j["corrected_query"].is_null());
}

TEST_CASE("a suggest response reads back with its lists, reasons and lint", "[json][suggest]") {
    sasae::SuggestResponse r;
    r.terms = {"InsufficientInstanceCapacity", "起動"};
    sasae::Suggestion s;
    s.hit.id = "docs/ec2/troubleshooting-launch";
    s.hit.kind = "doc";
    s.why = {"InsufficientInstanceCapacity"};
    s.cited_by = {"cases/ec2"};
    r.of("doc").push_back(s);
    r.lint.push_back({"r", "info", "メッセージ", "", -1, -1});
    const auto j = nlohmann::json::parse(sasae::suggest_response_json(r, 2.0));
    CHECK(j["terms"] == nlohmann::json(r.terms));
    CHECK(j["cases"] == nlohmann::json::array());
    CHECK(j["docs"][0]["id"] == s.hit.id);
    CHECK(j["docs"][0]["why"] == nlohmann::json(s.why));
    CHECK(j["docs"][0]["cited_by"] == nlohmann::json(s.cited_by));
    CHECK(j["blogs"] == nlohmann::json::array());
    CHECK(j["lint"][0]["rule"] == "r");
}
