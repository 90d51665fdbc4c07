// sasae-index: builds or updates the search index from content roots.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <set>

#include <xapian.h>

#include "core/content_report.h"
#include "core/kinds.h"
#include "indexer/index_updater.h"
#include "indexer/progress_bar.h"

namespace {

// Exit codes, documented in README.md.
constexpr int kExitOk = 0;
constexpr int kExitFilesFailed = 1;
constexpr int kExitFatal = 2;
constexpr int kExitLocked = 3;

bool valid_label(const std::string& label) {
    for (char c : label)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

// How a file gets its kind, from the kind table.
std::string kinds_help() {
    std::string out = "Kinds: front matter 'kind:', else the first folder that names one, else a kind whose own\nfront matter keys the file has (Zenn's emoji, Qiita's private), else the first kind.\n\n";
    for (const auto& kind : sasae::kinds()) {
        out += "  " + kind.name + "  " + kind.label + "  folders:";
        for (const auto& f : kind.folders) out += " " + f + "/";
        out += "\n";
    }
    return out;
}

struct ReportOptions {
    std::string analytics_path;  // default: the server's, next to the index
    int unopened_days = 90;
};

int print_report(const std::string& db_path, const ReportOptions& options) {
    try {
        sasae::ContentReport report = sasae::report_content(Xapian::Database(db_path));
        const std::string analytics = options.analytics_path.empty() ? sasae::default_analytics_path(db_path) : options.analytics_path;
        sasae::add_unused_notes(report, sasae::read_document_use(analytics, options.unopened_days, std::time(nullptr)));
        std::cout << sasae::format_report(report) << std::flush;
        return kExitOk;
    } catch (const Xapian::Error& e) {
        std::cerr << "sasae-index: cannot read the index for --report: " << e.get_description() << "\n";
        return kExitFatal;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"sasae-index: build or update the sasae search index from Markdown content roots"};
    sasae::IndexOptions options;
    std::vector<std::string> roots;
    bool quiet = false;
    app.add_option("--db", options.db_path, "index directory (created when missing)")->required();
    app.add_option("roots", roots, "content roots; LABEL=PATH prefixes the ids of that root with LABEL/");
    bool report = false;
    app.add_flag("--report", report,
                 "after indexing (or alone, without roots), list what to mend in the content: references to "
                 "documentation pages no root holds, links to missing notes, notes without services or date, "
                 "near-duplicate notes, secrets, and (from the server's usage analytics) notes nobody opened or "
                 "cited for --unopened-days");
    ReportOptions report_options;
    app.add_option("--analytics", report_options.analytics_path,
                   "the server's usage analytics, for --report (default: next to the index, DB.analytics.sqlite)");
    app.add_option("--unopened-days", report_options.unopened_days,
                   "--report lists notes nobody opened or cited in this many days (default 90)")
        ->check(CLI::Range(1, 3650));
    app.add_flag("--full", options.full, "re-analyse every file instead of only new and changed ones");
    app.add_option("--exclude", options.walk.exclude, "glob of paths to leave out (repeatable), e.g. index.md")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--threads", options.threads, "analysis threads (default: one per core)");
    bool progress_lines = false;
    app.add_flag("-q,--quiet", quiet, "no progress bar");
    app.add_flag("--progress-lines", progress_lines, "progress as plain lines on stderr, even when not on a terminal");
    app.footer(kinds_help());
    CLI11_PARSE(app, argc, argv);
    if (roots.empty() && !report) {
        std::cerr << "sasae-index: give at least one content root (or --report alone to check an index)\n";
        return kExitFatal;
    }

    std::set<std::string> labels;
    for (const auto& arg : roots) {
        auto root = sasae::parse_content_root(arg);
        if (!valid_label(root.label)) {
            std::cerr << "sasae-index: root label '" << root.label << "' may use only a-z, 0-9, '-' and '_'\n";
            return kExitFatal;
        }
        if (!labels.insert(root.label).second) {
            std::cerr << "sasae-index: two roots share the label '" << root.label
                      << "'; give each extra root its own LABEL=PATH\n";
            return kExitFatal;
        }
        options.roots.push_back(root);
    }

    if (roots.empty()) return print_report(options.db_path, report_options);

    sasae::ProgressBar bar(progress_lines ? sasae::ProgressBar::Mode::Lines : sasae::ProgressBar::Mode::Auto);
    if (!quiet) options.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
    try {
        sasae::IndexSummary summary = sasae::update_index(options);
        bar.finish();
        for (const auto& w : summary.warnings) std::cerr << w << "\n";
        for (const auto& f : summary.failures) std::cerr << "error: " << f << "\n";
        std::cout << "sasae-index: " << summary.summary_line() << std::endl;
        if (report && print_report(options.db_path, report_options) != kExitOk) return kExitFatal;
        return summary.failed ? kExitFilesFailed : kExitOk;
    } catch (const sasae::IndexLockedError& e) {
        bar.finish();
        std::cerr << "sasae-index: " << e.what() << "\n";
        return kExitLocked;
    } catch (const Xapian::Error& e) {
        bar.finish();
        std::cerr << "sasae-index: index error: " << e.get_description() << "\n";
        return kExitFatal;
    } catch (const std::exception& e) {
        bar.finish();
        std::cerr << "sasae-index: " << e.what() << "\n";
        return kExitFatal;
    }
}
