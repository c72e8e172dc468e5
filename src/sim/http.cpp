#include "sim/http.h"

#include <array>

namespace fl::sim {

namespace {

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Character classes for parse_url_view, one table lookup per character.
enum : std::uint8_t { kHostChar = 1, kPathEnd = 2, kPathInvalid = 4 };
constexpr auto kUrlClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool host = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>((host ? kHostChar : 0) | (c == '?' || c == '#' ? kPathEnd : 0) |
                                                               (c <= 0x20 || c == 0x7f ? kPathInvalid : 0));
  }
  return t;
}();
inline std::uint8_t url_class(char c) { return kUrlClass[static_cast<unsigned char>(c)]; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

Headers::Headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  for (const auto& [n, v] : fields) add(n, v);
}

std::optional<std::string_view> Headers::get(std::string_view n) const {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (iequals(name(i), n)) return value(i);
  return std::nullopt;
}

void Headers::add(std::string_view n, std::string_view v) {
  Field f;
  f.name_off = static_cast<std::uint32_t>(data_.size());
  f.name_len = static_cast<std::uint32_t>(n.size());
  f.value_off = f.name_off + f.name_len;
  f.value_len = static_cast<std::uint32_t>(v.size());
  if (data_.fits(n.size() + v.size())) {  // the usual case: one bounds check, no reallocation
    char* p = data_.extend(n.size() + v.size());
    copy_bytes(p, n.data(), n.size());
    copy_bytes(p + n.size(), v.data(), v.size());
  } else {
    data_.append(n.data(), n.size());
    data_.append(v.data(), v.size());
  }
  fields_.push_back(f);
}

void Headers::set(std::string_view n, std::string_view v) {
  std::size_t first = fields_.size();
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (iequals(name(i), n)) {
      first = i;
      break;
    }
  if (first == fields_.size()) {
    add(n, v);
    return;
  }
  // Drop later duplicates, then point the first one at the new value.
  for (std::size_t i = fields_.size(); i-- > first + 1;)
    if (iequals(name(i), n)) {
      dead_ += fields_[i].name_len + fields_[i].value_len;
      fields_.erase(i);
    }
  dead_ += fields_[first].value_len;
  auto value_off = static_cast<std::uint32_t>(data_.size());
  data_.append(v.data(), v.size());  // may reallocate (v may even point into data_)
  Field& f = fields_[first];
  f.value_off = value_off;
  f.value_len = static_cast<std::uint32_t>(v.size());
  if (dead_ > 256 && dead_ * 2 > data_.size()) compact();
}

std::size_t Headers::remove(std::string_view n) {
  std::size_t removed = 0;
  for (std::size_t i = fields_.size(); i-- > 0;)
    if (iequals(name(i), n)) {
      dead_ += fields_[i].name_len + fields_[i].value_len;
      fields_.erase(i);
      ++removed;
    }
  if (fields_.empty()) clear();
  return removed;
}

void Headers::reserve(std::size_t fields, std::size_t bytes) {
  fields_.reserve(fields);
  data_.reserve(bytes);
}

void Headers::clear() {
  data_.clear();
  fields_.clear();
  dead_ = 0;
}

void Headers::compact() {
  InlineVector<char, kInlineBytes> data;
  data.reserve(data_.size() - dead_);
  for (Field& f : fields_) {
    std::uint32_t n = static_cast<std::uint32_t>(data.size());
    data.append(data_.data() + f.name_off, f.name_len);
    std::uint32_t v = static_cast<std::uint32_t>(data.size());
    data.append(data_.data() + f.value_off, f.value_len);
    f.name_off = n;
    f.value_off = v;
  }
  data_ = std::move(data);
  dead_ = 0;
}

const char* to_string(NetErrorKind kind) {
  switch (kind) {
    case NetErrorKind::timeout: return "timeout";
    case NetErrorKind::dns: return "dns";
    case NetErrorKind::refused: return "refused";
    case NetErrorKind::reset: return "reset";
  }
  return "?";
}

std::optional<UrlView> parse_url_view(std::string_view url) {
  // One pass: scheme "://" authority [path] ["?" query] ["#" fragment].
  UrlView u;
  const char* p = url.data();
  const char* end = p + url.size();
  std::size_t scheme_len;
  if (url.size() >= 8 && (p[4] == 's' || p[4] == 'S') && p[5] == ':')
    scheme_len = 5;
  else if (url.size() >= 7 && p[4] == ':')
    scheme_len = 4;
  else
    return std::nullopt;
  u.scheme = url.substr(0, scheme_len);
  if (!iequals(u.scheme.substr(0, 4), "http") || p[scheme_len + 1] != '/' || p[scheme_len + 2] != '/')
    return std::nullopt;
  const char* host = p + scheme_len + 3;
  const char* c = host;
  while (c < end && (url_class(*c) & kHostChar)) ++c;
  u.host = std::string_view(host, static_cast<std::size_t>(c - host));
  if (u.host.empty()) return std::nullopt;
  if (c < end && *c == ':') {
    int port = 0, digits = 0;
    for (++c; c < end && *c >= '0' && *c <= '9'; ++c) {
      port = port * 10 + (*c - '0');
      if (++digits > 5) return std::nullopt;
    }
    if (digits == 0 || port < 1 || port > 65535) return std::nullopt;
    u.port = port;
  }
  if (c < end && *c != '/' && *c != '?' && *c != '#') return std::nullopt;  // userinfo, bad characters
  const char* path = c;
  for (; c < end; ++c) {
    std::uint8_t cls = url_class(*c);
    if (cls & kPathEnd) break;
    if (cls & kPathInvalid) return std::nullopt;
  }
  u.path = c > path ? std::string_view(path, static_cast<std::size_t>(c - path)) : std::string_view("/");
  if (c < end && *c == '?') {
    const char* q = ++c;
    for (; c < end && *c != '#'; ++c) {
    }
    u.query = std::string_view(q, static_cast<std::size_t>(c - q));
  }
  return u;
}

std::optional<Url> parse_url(std::string_view url) {
  auto v = parse_url_view(url);
  if (!v) return std::nullopt;
  Url u;
  for (char c : v->scheme) u.scheme += lower(c);
  for (char c : v->host) u.host += lower(c);
  u.port = v->port;
  u.path = std::string(v->path);
  u.query = std::string(v->query);
  return u;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos)
      out.emplace_back(percent_decode(part, true), std::string());
    else
      out.emplace_back(percent_decode(part.substr(0, eq), true), percent_decode(part.substr(eq + 1), true));
  }
  return out;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 425: return "Too Early";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 529: return "Site Overloaded";
    default: return "";
  }
}

}  // namespace fl::sim
