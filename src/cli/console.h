#pragma once
// What the command line asks of the console it runs in. CMake links one implementation:
// console_posix.cpp natively, console_node.cpp in the wasm build (the CLI under Node).
namespace fl::cli {

// Whether stderr is a terminal (progress bars are drawn only then).
bool stderr_is_terminal();

}  // namespace fl::cli
