#pragma once
// The `faultline` command line: parsing, dispatch and the contract's exit codes
// (0 passed / valid, 1 graded and failed or the solution errored, 2 bad input or usage).
#include <iosfwd>

namespace fl::cli {

enum ExitCode : int { kOk = 0, kFailed = 1, kBadInput = 2 };

int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace fl::cli
