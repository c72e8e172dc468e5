// The file rules every loader shares: regular files only, inside the root, under a size cap.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <limits>

#include "base/files.h"
#include "base/hash.h"
#include "base/json_number.h"
#include "base/splitmix.h"

using namespace fl;
using Catch::Contains;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/fl-files-XXXXXX";
    REQUIRE(::mkdtemp(tmpl));
    path = tmpl;
  }
  ~TempDir() { (void)std::system(("rm -rf '" + path + "'").c_str()); }
};

}  // namespace

TEST_CASE("read_file refuses devices, pipes and files over the cap without blocking") {
  TempDir t;
  std::string error;
  CHECK_FALSE(read_file("/dev/zero", &error));
  CHECK_THAT(error, Contains("not a regular file"));
#ifndef __EMSCRIPTEN__
  // Native only: under NODERAWFS mkfifo makes a plain file, so wasm cannot make a FIFO; the malformed-input
  // corpus checks the wasm CLI against a FIFO made by Python.
  REQUIRE(::mkfifo((t.path + "/pipe").c_str(), 0600) == 0);
  CHECK_FALSE(read_file(t.path + "/pipe", &error));
  CHECK_THAT(error, Contains("cannot read " + t.path + "/pipe: not a regular file"));
#endif
  std::ofstream(t.path + "/big") << std::string(2000, 'x');
  CHECK_FALSE(read_file(t.path + "/big", &error, 1000));
  CHECK_THAT(error, Contains("larger than 1000 bytes"));
  CHECK(read_file(t.path + "/big", &error, 2000)->size() == 2000);
  CHECK_FALSE(read_file(t.path + "/none", &error));
  CHECK_THAT(error, Contains("No such file"));
}

TEST_CASE("read_file_in_root keeps reads inside the root, symlinks resolved") {
  TempDir t;
  REQUIRE(::mkdir((t.path + "/root").c_str(), 0700) == 0);
  std::ofstream(t.path + "/outside.txt") << "secret";
  std::ofstream(t.path + "/root/inside.txt") << "ok";
  REQUIRE(::symlink((t.path + "/outside.txt").c_str(), (t.path + "/root/link.txt").c_str()) == 0);
  REQUIRE(::symlink("inside.txt", (t.path + "/root/good-link.txt").c_str()) == 0);
  std::string error;
  const std::string root = t.path + "/root";
  CHECK(read_file_in_root(root, "inside.txt", 100, &error) == "ok");
  CHECK(read_file_in_root(root, "good-link.txt", 100, &error) == "ok");
  CHECK_FALSE(read_file_in_root(root, "link.txt", 100, &error));
  CHECK_THAT(error, Contains("outside"));
  CHECK_FALSE(read_file_in_root(root, "../outside.txt", 100, &error));
  CHECK_THAT(error, Contains("not a plain relative path"));
  for (const char* bad : {"", ".", "..", "/etc/passwd", "a/../b", "a//b", "a/./b", "a\\b", "a\nb"})
    CHECK_FALSE(is_safe_relative_path(bad));
  CHECK(is_safe_relative_path("lessons/01-intro.md"));
}

TEST_CASE("list_directory: sorted, without dot files, with kinds") {
  TempDir t;
  REQUIRE(::mkdir((t.path + "/b").c_str(), 0700) == 0);
  std::ofstream(t.path + "/a.lua") << "";
  std::ofstream(t.path + "/.hidden") << "";
  auto entries = list_directory(t.path);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].name == "a.lua");
  CHECK(entries[0].kind == DirEntry::Kind::file);
  CHECK(entries[1].name == "b");
  CHECK(entries[1].kind == DirEntry::Kind::directory);
  CHECK(list_directory(t.path + "/none").empty());
}

TEST_CASE("one hash, one digest format, one splitmix") {
  CHECK(fnv1a64("") == kFnvOffset);
  CHECK(fnv1a64_digest(fnv1a64("a")) == "fnv1a64:af63dc4c8601ec8c");  // FNV-1a 64 test vector
  SplitMix64 rng(0);
  CHECK(rng.next() == 0xe220a8397b1dcdafULL);  // the reference sequence from seed 0
}

TEST_CASE("check_number: finite, in range, whole when asked") {
  CHECK(check_number(Json(5), 1, 10).ok());
  CHECK(check_number(Json("5"), 1, 10).problem == NumberProblem::not_a_number);
  CHECK(check_number(Json(11), 1, 10).problem == NumberProblem::out_of_range);
  CHECK(check_number(Json(2.5), 1, 10, true).problem == NumberProblem::not_whole);
  CHECK(check_number(Json(std::numeric_limits<double>::infinity()), 1, 1e300).problem == NumberProblem::out_of_range);
  CHECK(number_text(100) == "100");
  CHECK(number_text(0.5) == "0.5");
}
