#pragma once
// A one-line progress bar on a terminal; silent when stderr is not a terminal (timers, CI).
#include <chrono>
#include <cstddef>

namespace sasae {

class ProgressBar {
public:
    enum class Mode { Auto, Lines };  // Auto: a bar on a terminal only; Lines: "progress: N/M files" lines
    explicit ProgressBar(Mode mode = Mode::Auto);
    void update(std::size_t done, std::size_t total);
    void finish();

private:
    bool enabled_;
    bool lines_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace sasae
