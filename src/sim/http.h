#pragma once
// HTTP messages as the simulator sees them: structured requests in, responses or network
// failures out. No sockets, no parsing of wire bytes.
//
//   Request req{"POST", "https://payments.mock/v1/charges", {}, R"({"amount":1200})"};
//   req.headers.set("Authorization", "Bearer " + key);
//   world.send(std::move(req), client, timeout, [](Outcome o) {
//     if (o.error) { /* o.error->kind: timeout | dns | refused | reset */ }
//     else         { /* o.response.status, o.response.headers.get("Retry-After") */ }
//   });
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/inline_vector.h"
#include "sim/time.h"

namespace fl::sim {

// Header fields in the order they were added; names compare case-insensitively (ASCII), as
// HTTP requires. Duplicate names are kept (add) or replaced (set). Up to kInlineFields fields
// and kInlineBytes bytes of names and values are stored inside the object (no allocation).
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  std::string_view name(std::size_t i) const {
    return std::string_view(data_.data() + fields_[i].name_off, fields_[i].name_len);
  }
  std::string_view value(std::size_t i) const {
    return std::string_view(data_.data() + fields_[i].value_off, fields_[i].value_len);
  }

  // First value of `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  // Appends a field (keeps existing ones with the same name).
  void add(std::string_view name, std::string_view value);
  // Replaces every field named `name` by one (appended where the first one was, else at the end).
  void set(std::string_view name, std::string_view value);
  // Removes every field named `name`; returns how many were removed.
  std::size_t remove(std::string_view name);
  void clear();
  // Capacity hint: room for `fields` fields and `bytes` bytes of names and values.
  void reserve(std::size_t fields, std::size_t bytes);

 private:
  struct Field {
    std::uint32_t name_off, name_len, value_off, value_len;
  };
  static constexpr std::size_t kInlineFields = 8, kInlineBytes = 192;
  InlineVector<char, kInlineBytes> data_;  // names and values, back to back
  InlineVector<Field, kInlineFields> fields_;
  std::uint32_t dead_ = 0;  // bytes of data_ no longer referenced (compacted on growth)
  void compact();
};

bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string method = "GET";  // upper case as sent; the simulator matches case-sensitively
  std::string url;             // absolute: "https://host[:port]/path?query"
  Headers headers;
  std::string body;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
};

enum class NetErrorKind : std::uint8_t { timeout, dns, refused, reset };
const char* to_string(NetErrorKind kind);  // "timeout", "dns", "refused", "reset"

struct NetworkError {
  NetErrorKind kind = NetErrorKind::timeout;
  std::string message;  // for people: "connection to payments.mock reset by peer"
};

// What a client gets back for one request: a response, or a network error (then `response`
// is empty). Journal ids let the caller point at the request and its result in the trace.
struct Outcome {
  std::uint32_t request_event = 0;  // journal id of the `request` event
  std::uint32_t result_event = 0;   // journal id of the `response` / `net_error` event
  Micros sent_at = 0;
  Micros received_at = 0;           // elapsed = received_at - sent_at
  std::optional<NetworkError> error;
  Response response;

  bool ok() const { return !error.has_value(); }
};

// A parsed absolute URL. Only http and https; host lower-cased; path starts with "/".
struct Url {
  std::string scheme;
  std::string host;  // without port
  int port = 0;      // 0 when absent
  std::string path;  // percent-encoding kept as sent
  std::string query; // without '?', may be empty
};
std::optional<Url> parse_url(std::string_view url);

// The same parse without copies: views into `url` (which must outlive the result). The host
// keeps its original case; compare it with iequals().
struct UrlView {
  std::string_view scheme, host, path, query;
  int port = 0;
};
std::optional<UrlView> parse_url_view(std::string_view url);

// "a=1&b=x%20y" -> [("a","1"), ("b","x y")] in order ('+' is a space, %XX decoded).
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
std::string percent_decode(std::string_view text, bool plus_is_space);

// Standard reason phrase for a status code ("Too Many Requests"), or "" if unknown.
const char* reason_phrase(int status);

}  // namespace fl::sim
