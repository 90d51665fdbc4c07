#include "indexer/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace sasae {

ProgressBar::ProgressBar(Mode mode) : enabled_(mode == Mode::Lines || isatty(STDERR_FILENO)), lines_(mode == Mode::Lines) {}

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    if (lines_) {
        // For logs and supervisors: a line every 100 files and at the end.
        if (done % 100 == 0 || done == total) std::fprintf(stderr, "progress: %zu/%zu files\n", done, total);
        return;
    }
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    constexpr int kWidth = 40;
    int filled = static_cast<int>(kWidth * done / total);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu files", filled, "########################################",
                 kWidth - filled, "", done, total);
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (enabled_ && drawn_ && !lines_) std::fprintf(stderr, "\n");
}

}  // namespace sasae
