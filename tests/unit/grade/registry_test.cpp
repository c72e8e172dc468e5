#include <catch2/catch.hpp>

#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

TEST_CASE("the builtin registry holds every check kind once", "[grade][registry]") {
  auto names = Registry::builtin().names();
  for (const char* n : {"run_completed", "tasks_accounted", "task_latency", "retry_after_honoured",
                        "exponential_backoff", "retry_jitter", "max_attempts", "no_retry_of", "status_share",
                        "request_rate", "request_timeouts", "secrets_not_leaked"})
    CHECK(Registry::builtin().find(n) != nullptr);
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t k = i + 1; k < names.size(); ++k) CHECK(names[i] != names[k]);
}

namespace {
class Dummy final : public CheckKind {
 public:
  explicit Dummy(std::string n) : n_(std::move(n)) {}
  std::string_view name() const override { return n_; }
  std::string_view summary() const override { return "dummy"; }
  void validate(ParamReader&) const override {}
  CheckOutcome evaluate(const Json&, const CheckContext&) const override { return {true, "ok", {}}; }

 private:
  std::string n_;
};
}  // namespace

TEST_CASE("a registry refuses a second kind with the same name", "[grade][registry]") {
  Registry r;
  std::string error;
  CHECK(r.add(std::make_unique<Dummy>("x"), &error));
  CHECK_FALSE(r.add(std::make_unique<Dummy>("x"), &error));
  CHECK_THAT(error, Contains("already registered"));
  CHECK(r.kinds().size() == 1);
  register_run_checks(r);
  CHECK_THROWS_AS(register_run_checks(r), std::logic_error);
}

TEST_CASE("check params are validated with the JSON pointer of the problem", "[grade][registry]") {
  CHECK(validate("max_attempts", Json::parse(R"({"max": 5})")).empty());
  CHECK_THAT(validate("max_attempts", Json::parse(R"({"max": "five"})")),
             Contains("lab.json: /checks/0/params/max: error: expected an integer"));
  CHECK_THAT(validate("max_attempts", Json::parse(R"({"mx": 5})")),
             Contains("/checks/0/params/mx: error: unknown parameter"));
  CHECK_THAT(validate("status_share", Json::parse(R"({})")),
             Contains("/checks/0/params/max_share: error: missing"));
  CHECK_THAT(validate("status_share", Json::parse(R"({"max_share": 1.5})")),
             Contains("/checks/0/params/max_share: error: expected a number from 0 to 1, found 1.5"));
  CHECK_THAT(validate("retry_after_honoured", Json::parse(R"({"scope": "world"})")),
             Contains("/checks/0/params/scope: error: unknown value \"world\""));
  CHECK_THAT(validate("no_retry_of", Json::parse(R"({"statuses": [404, 99]})")),
             Contains("/checks/0/params/statuses/1: error"));
  CHECK_THAT(validate("request_rate", Json::parse(R"({"window_s": 1})")),
             Contains("/checks/0/params/limit: error: missing"));
  CHECK_THAT(validate("run_completed", Json::parse(R"({"x": 1})")),
             Contains("takes no parameters"));
  CHECK_THAT(validate("task_latency", Json::parse(R"([])")), Contains("expected an object"));
  CHECK_THAT(validate("secrets_not_leaked", Json::parse(R"({"where": ["logs", "disk"]})")),
             Contains("unknown place \"disk\""));
}
