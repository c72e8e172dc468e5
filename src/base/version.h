#pragma once
// The product version, reported by `faultline --version`, the About view and results JSON.
namespace fl {
const char* version();
}
