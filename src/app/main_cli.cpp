// faultline: the headless command-line tool (native, and wasm for Node).
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) { return fl::cli::run(argc, argv, std::cout, std::cerr); }
