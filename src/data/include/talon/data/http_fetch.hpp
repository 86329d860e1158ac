#pragma once
// A small HTTP/1.1 client for downloading public data files (Boost.Beast over Asio, with
// OpenSSL for https). Resumes partial downloads with Range requests (RFC 9110 §14).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace talon {

/// Parts of an http:// or https:// URL.
struct Url {
  std::string scheme;  ///< "http" or "https"
  std::string host;
  std::string port;    ///< "80" / "443" when the URL has none
  std::string target;  ///< path and query, "/" when empty
};

/// Parses an absolute http(s) URL. Throws InvalidArgument naming the text otherwise.
Url parse_url(std::string_view text);

struct FetchOptions {
  std::chrono::seconds timeout{60};  ///< per connect / read / write operation
  int attempts = 4;                  ///< tries per file; each retry resumes where it stopped
  std::chrono::milliseconds retry_delay{500};
  /// Called as bytes arrive: (bytes of the file present so far, total size or 0 if unknown).
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

enum class FetchStatus {
  Complete,  ///< the whole body is in the file
  NotFound,  ///< HTTP 404 (the file does not exist on the server)
};

/// Downloads `url` into `part_file`. When `part_file` already holds bytes, asks for the rest
/// with "Range: bytes=<size>-" and appends (206), or starts over when the server sends the
/// whole file (200). Connection failures and 5xx answers are retried up to
/// options.attempts times, resuming each time. Throws Error naming the URL and the cause
/// (network error, unexpected status, a Content-Range that does not continue the file).
FetchStatus fetch_to_file(const std::string& url, const std::filesystem::path& part_file,
                          const FetchOptions& options = {});

/// GETs a small text resource (a .CHECKSUM file, at most 1 MiB) and returns its body; sets
/// `found` to false (and returns "") on 404. Retries and throws Error as fetch_to_file.
std::string fetch_text(const std::string& url, bool& found, const FetchOptions& options = {});

}  // namespace talon
