#pragma once
// The content kinds: past support cases, AWS documentation, community articles. One row per
// kind, read by ingestion (which folder or front matter gives a file its kind), the suggest
// service (one list per kind, under the kind's group key), the JSON views, the CLI help and,
// through GET /api/schema, the page.
#include <string>
#include <string_view>
#include <vector>

namespace sasae {

struct Kind {
    std::string name;   // stored with each document, the kind facet's value: case / doc / blog
    std::string label;  // what the page calls one of them
    // Path segments that give a file this kind (cases/…, docs/…), unless its front matter says.
    std::vector<std::string> folders;
    // Front matter keys only this kind's files carry (Zenn's emoji and topics, Qiita's private).
    std::vector<std::string> front_matter_signs;
    std::string group;        // the suggest response's key for this kind's list: cases / docs / blogs
    std::string group_title;  // the page's heading over that list
    std::string group_note;   // and its aside (一次ソース)
    // Past cases: the docs the most similar ones cite are suggested too.
    bool lends_citations = false;
    // Primary sources: the kind those citations are suggested as.
    bool primary_source = false;
    // Community articles: prose like the past cases, so the best of them is what the best past
    // case must outmatch to be taken for the draft's own problem (server/suggest_service.cpp).
    bool measures_cases = false;
};

// Every kind, in the order responses and the page list them. The first is what a file becomes
// when neither its front matter nor its folder nor its keys say otherwise.
const std::vector<Kind>& kinds();

// The kind called `name`, or null.
const Kind* find_kind(std::string_view name);

// "case, doc, blog": for messages and help texts.
std::string kind_names();

}  // namespace sasae
