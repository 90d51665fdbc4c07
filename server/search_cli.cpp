// sasae-search: query an index from a shell; prints the top hits as JSON lines.
#include <CLI/CLI.hpp>

#include <iostream>

#include <nlohmann/json.hpp>

#include "core/facets.h"
#include "core/kinds.h"
#include "server/search_service.h"

int main(int argc, char** argv) {
    CLI::App app{"sasae-search: print the top hits for a query as JSON lines (id, kind, title, url, score)"};
    std::string db_path, query;
    sasae::SearchRequest request;
    bool explain = false;
    app.add_option("--db", db_path, "index directory")->required();
    app.add_option("query", query, "the query, as typed in the search box")->required();
    app.add_option("-n,--limit", request.per_page, "number of hits")->check(CLI::Range(1, 100));
    for (const sasae::Facet& facet : sasae::facets())
        app.add_option("--" + facet.name, request.filters[facet.name], "only documents with this " + facet.name + (facet.name == "kind" ? " (" + sasae::kind_names() + ")" : "") + "; repeatable")
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--explain", explain, "print the parsed query first");
    CLI11_PARSE(app, argc, argv);
    for (auto it = request.filters.begin(); it != request.filters.end();)
        it = it->second.empty() ? request.filters.erase(it) : std::next(it);
    request.query = query;
    request.explain = explain;
    try {
        sasae::IndexReader reader(db_path);
        sasae::SearchService service(reader);
        sasae::SearchResponse response = service.search(request);
        if (explain) std::cerr << response.parsed << "\n";
        for (const auto& hit : response.hits) {
            nlohmann::json line = {{"id", hit.id}, {"kind", hit.kind}, {"title", hit.title}, {"url", hit.url}, {"score", hit.score}};
            std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        }
        return 0;
    } catch (const sasae::InvalidRequest& e) {
        std::cerr << "sasae-search: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sasae-search: " << e.what() << "\n";
        return 2;
    }
}
